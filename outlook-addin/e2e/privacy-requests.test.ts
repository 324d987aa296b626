import { createHash } from "node:crypto";
import type { Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeMessageId } from "../../shared";
import { startRecordingProxy, type RecordingProxy } from "../src/sync/testing/recording-proxy";
import {
  announceSkip,
  MAILBOX,
  openHarness,
  selectMessage,
  startWorld,
  waitForState,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// Privacy in the real browser: opening mail that is not customer mail sends the backend nothing. The add-in
// talks to the backend through a recording proxy (its server URL), which keeps every request — GETs included —
// and the browser's own record of every request to either catches anything that would go around it.

announceSkip("privacy of opened messages");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const stamp = Date.now();

interface Case {
  what: string;
  from: string;
  cc?: string[];
  subject: string;
  id: string;
  headers?: Record<string, string>;
  state: "not-customer" | "excluded";
}

const CASES: Case[] = [
  {
    what: "a stranger's email",
    from: "Pat Stranger <pat.stranger@fabrikam-private.org>",
    cc: ["Lee Other <lee.other@another-stranger.net>"],
    subject: `Coffee next week ${stamp}`,
    id: `<stranger-${stamp}@fabrikam-private.org>`,
    state: "not-customer",
  },
  {
    what: "a newsletter from a customer's domain",
    from: "Initech Newsletter <newsletter.desk@initech.com>",
    subject: `Initech monthly ${stamp}`,
    id: `<newsletter-${stamp}@initech.com>`,
    headers: { "List-Unsubscribe": "<mailto:unsubscribe@initech.com>", Precedence: "bulk" },
    state: "not-customer",
  },
  {
    what: "an internal-only email",
    from: "Sam Colleague <sam.colleague@northwind-cs.com>",
    cc: ["Dana Teammate <dana.teammate@northwind-cs.com>"],
    subject: `Team lunch ${stamp}`,
    id: `<internal-${stamp}@northwind-cs.com>`,
    state: "not-customer",
  },
  {
    what: "an excluded sender's email",
    from: "Ex Cluded <ex.cluded@globex.io>",
    subject: `Please ignore ${stamp}`,
    id: `<excluded-${stamp}@globex.io>`,
    state: "excluded",
  },
];

/** Everything about a message that must not reach the backend, in every form it could travel in. */
function secretsOf(c: Case): string[] {
  const addresses = [c.from, ...(c.cc ?? [])].map((a) => /<([^>]+)>/.exec(a)![1]);
  const key = normalizeMessageId(c.id)!;
  return [
    ...addresses,
    ...addresses.map(encodeURIComponent),
    key,
    encodeURIComponent(c.id),
    encodeURIComponent(key),
    sha256(key),
  ];
}

describe.skipIf(!HAS_CHROMIUM)("opening mail that is not customer mail (e2e, privacy)", () => {
  let world: World;
  let proxy: RecordingProxy;
  beforeAll(async () => {
    world = await startWorld();
    proxy = await startRecordingProxy(world.backend.url);
  }, 240_000);
  afterAll(async () => {
    await proxy?.stop();
    await world?.stop();
  }, 60_000);

  it(
    "a stranger, a newsletter, colleagues only, an excluded sender: not one request to the backend",
    { timeout: 240_000 },
    async () => {
      await world.api.createExclusion({ kind: "address", value: "ex.cluded@globex.io", scope: "user" });
      const control = {
        from: "Wile E. Coyote <wile.coyote@acme.com>",
        cc: ["Pat Stranger <pat.stranger@fabrikam-private.org>"],
        subject: `Renewal question ${stamp}`,
        id: `<control-${stamp}@acme.com>`,
      };
      for (const m of [...CASES, control]) {
        await world.sim.control("POST", "/_sim/messages", {
          mailbox: MAILBOX,
          folder: "inbox",
          from: m.from,
          to: [`Alex Admin <${MAILBOX}>`],
          cc: m.cc ?? [],
          subject: m.subject,
          text: "Hello",
          internetMessageId: m.id,
          headers: "headers" in m ? m.headers : {},
        });
      }

      const browserRequests: { url: string; body: string }[] = [];
      const { page, pane, context } = await openHarness(world, {
        apiUrl: proxy.url,
        beforeOpen: (p) =>
          p.on("request", (r: Request) => {
            const url = r.url();
            if (url.startsWith(world.backend.url) || url.startsWith(proxy.url)) {
              browserRequests.push({ url, body: r.postData() ?? "" });
            }
          }),
      });
      try {
        // The pane connects and fetches the customer index before any message is open.
        await pane.locator("[data-testid=state-empty]").waitFor({ timeout: 60_000 });
        await expect
          .poll(
            () => proxy.requests.some((r) => r.path.startsWith("/api/v1/customer-index") && r.status === 200),
            {
              timeout: 60_000,
            },
          )
          .toBe(true);
        proxy.requests.length = 0;

        for (const c of CASES) {
          await selectMessage(page, { subject: c.subject });
          await waitForState(pane, c.id, c.state);
        }
        // Nothing at all reached the backend while they were open.
        expect(proxy.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);

        // The control: a customer email is looked up — with its customer participant and the id's hash only.
        await selectMessage(page, { subject: control.subject });
        await waitForState(pane, control.id, "not-synced");
        // (The add-in's origin differs from the proxy's, so the browser preflights with OPTIONS first.)
        const lookups = proxy.requests.filter(
          (r) => r.method === "GET" && r.path.startsWith("/api/v1/lookup"),
        );
        expect(lookups).toHaveLength(1);
        const query = new URL(lookups[0].path, "http://x").searchParams;
        expect(query.getAll("email")).toEqual(["wile.coyote@acme.com"]);
        expect(query.get("messageIdSha256")).toBe(sha256(normalizeMessageId(control.id)!));
        expect(query.has("messageId")).toBe(false);
        expect(proxy.requests.every((r) => r.method === "GET" || r.method === "OPTIONS")).toBe(true);

        // Over the whole session, neither the proxy nor the browser carried anything of the four messages.
        const everything = [
          ...proxy.requests.map((r) => `${r.path}\n${r.body}\n${JSON.stringify(r.headers)}`),
          ...browserRequests.map((r) => `${r.url}\n${r.body}`),
        ].join("\n\n");
        for (const c of CASES) {
          for (const secret of secretsOf(c)) expect(everything, `${c.what}: ${secret}`).not.toContain(secret);
        }
        // The stranger on the control's Cc stayed behind too.
        expect(everything).not.toContain("pat.stranger");
      } finally {
        await context.close();
      }
    },
  );
});
