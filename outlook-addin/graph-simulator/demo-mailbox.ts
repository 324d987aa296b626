// The mailbox `npm start` serves for the demo workspace: the demo admin's, with customer threads, strangers,
// colleagues, newsletters from customer domains and the 50 fixture emails.
import { DEMO_CUSTOMERS, DEMO_STRANGERS, DEMO_WORKSPACE } from "../../dev/demo-workspace";
import { addFixtureMessages, findFixturesDir } from "./fixture-messages";
import { generateMailbox } from "./generate-mailbox";
import type { GraphSimulator } from "./simulator-server";

export async function seedDemoMailbox(sim: GraphSimulator, options: { count?: number; now?: Date } = {}) {
  const owner = { name: DEMO_WORKSPACE.adminName, address: DEMO_WORKSPACE.adminEmail };
  const mailbox = sim.addMailbox(owner);
  generateMailbox(mailbox, {
    owner,
    count: options.count ?? 400,
    customerRatio: 0.35,
    customers: DEMO_CUSTOMERS,
    internalDomain: DEMO_WORKSPACE.internalDomains[0],
    strangers: DEMO_STRANGERS,
    bulkRatio: 0.1,
    daysBack: 120,
    now: options.now,
    seed: 42,
  });
  const dir = findFixturesDir();
  const fixtures = dir
    ? await addFixtureMessages(mailbox, { dir, folderId: mailbox.folder("inbox")!.id, now: options.now })
    : [];
  return { mailbox, fixtures: fixtures.length, fixturesDir: dir };
}
