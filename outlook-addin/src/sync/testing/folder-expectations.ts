// Test helper (Node): ground truth from the simulator's generated mailbox, and what reached the backend.
import { expect } from "vitest";
import { normalizeMessageId } from "../../../../shared";
import { generateMailbox, type GraphSimulator, type Mailbox } from "../../../graph-simulator";
import { postedEmails } from "./recording-proxy";
import { OWNER, storedMessageIds, TEST_CUSTOMERS, type BackendSide } from "./sync-fixture";

export const norm = (id: string) => normalizeMessageId(id) ?? id;

/** What the generator meant as customer emails in the window: the ground truth a sync must reproduce. */
export function expected(
  mailbox: Mailbox,
  folderId: string,
  sinceMs: number,
  kinds = ["customer"],
): Set<string> {
  return new Set(
    mailbox
      .messagesIn(folderId)
      .filter((m) => kinds.includes(m.kind ?? "") && Date.parse(m.receivedDateTime) >= sinceMs)
      .map((m) => norm(m.internetMessageId)),
  );
}

export function fill(
  sim: GraphSimulator,
  options: { count: number; ratio: number; seed: number; daysBack?: number; bulk?: number; folder?: string },
) {
  const mailbox = sim.mailbox(OWNER.address);
  const folder = options.folder
    ? mailbox.addFolder(options.folder, mailbox.folder("inbox")!.id)
    : mailbox.folder("inbox")!;
  generateMailbox(mailbox, {
    owner: OWNER,
    count: options.count,
    customerRatio: options.ratio,
    customers: TEST_CUSTOMERS,
    internalDomain: "northwind-cs.com",
    strangers: [
      "Newsletter <news@techcrunch-digest.com>",
      "Mom <mom.family@gmail.com>",
      "noreply@github.com",
    ],
    bulkRatio: options.bulk ?? 0,
    daysBack: options.daysBack ?? 80,
    seed: options.seed,
    folderId: folder.id,
  });
  return { mailbox, folder };
}

export function postedIds(side: BackendSide, seed: number): string[] {
  return postedEmails(side.proxy.requests)
    .map((e) => norm(e.messageId))
    .filter((id) => id.startsWith(`gen-${seed}-`));
}

export async function storedFor(side: BackendSide, seed: number): Promise<Set<string>> {
  return new Set(
    (await storedMessageIds(side.direct)).map(norm).filter((id) => id.startsWith(`gen-${seed}-`)),
  );
}

/** Every expected customer email was uploaded exactly once and is stored: nothing lost, nothing doubled. */
export async function expectEachUploadedOnce(
  side: BackendSide,
  seed: number,
  want: Set<string>,
): Promise<void> {
  expect(postedIds(side, seed).length).toBe(want.size);
  expect(await storedFor(side, seed)).toEqual(want);
}
