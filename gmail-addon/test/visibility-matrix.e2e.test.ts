// Who sees what (issue 12) on the rendered Gmail card: the built Code.js in the Apps Script simulator, real HTTP to
// the real backend. Dana synced one Quillwork email; she, Fox (a colleague) and Alex (an admin colleague) each open
// a Quillwork email in their own Gmail and read Dana's in the card's recent history and its awaiting-reply line,
// for each workspace tier with the thread shared and private. The card is rendered to HTML as Gmail would draw it
// and read like a person would. Seeded once over the API; between cells only the tier and the privacy change.
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessOf,
  CELLS,
  DANA_EMAIL,
  seedVisibilityWorld,
  VIEWERS,
  VIS_CONTACT,
  type Access,
  type ViewerRole,
  type VisibilityWorld,
} from "../../dev/visibility-world";
import { cardToHtml } from "../simulator/card-html";
import type { AppsScriptSandbox } from "../simulator/apps-script-sandbox";
import { Sidebar } from "../simulator/sidebar";
import { LOOKUP_TTL_SECONDS } from "../src/lookup/lookup-cache";
import { startHarness, type Harness } from "./harness";
import { screenshotCard } from "./screenshots";
import { HAS_CHROMIUM, launchChromium } from "../../dev/chromium";

const DAY = 86_400_000;
const ROLES: ViewerRole[] = ["syncer", "colleague", "admin"];

/** What the card must show of Dana's email, written out by hand for each access. */
function expected(role: ViewerRole, access: Access, isPrivate: boolean) {
  const title = {
    full: DANA_EMAIL.subject,
    subject: DANA_EMAIL.subject,
    metadata: "Subject hidden by the workspace's settings",
    private: "Private — synced by Dana Scully",
  }[access];
  return {
    history: [
      {
        // The card's lock: "Private thread" before the date.
        top: isPrivate ? "Private thread · 3 days ago" : "3 days ago",
        text: title,
        // The thread's size is metadata; the snippet is content.
        bottom: {
          full: `1 email · ${DANA_EMAIL.text}`,
          subject: "1 email",
          metadata: "1 email",
          private: null,
        }[access],
        button: role === "syncer" ? (isPrivate ? "Share with team" : "Make private") : null,
      },
    ],
    awaiting: `Thread: ${title}`,
  };
}

/** The card as Gmail draws it: the history's rows, the awaiting-reply thread, and all its text. */
function rendered(sidebar: Sidebar) {
  const { document } = new JSDOM(cardToHtml(sidebar.card)).window;
  const sections = [...document.querySelectorAll("section")];
  const history = sections.find(
    (s) => s.querySelector("h3")?.textContent === "Recent history with Quillwork",
  );
  const rows = [...(history?.querySelectorAll(".dt") ?? [])].map((row) => ({
    top: row.querySelector(".top")?.textContent ?? null,
    text: row.querySelector(".text")?.textContent ?? null,
    bottom: row.querySelector(".bottom")?.textContent ?? null,
    button: row.querySelector("button")?.textContent ?? null,
  }));
  const awaiting = [...document.querySelectorAll(".dt")].find(
    (row) => row.querySelector(".top")?.textContent === "Unanswered",
  );
  return {
    history: rows,
    awaiting: awaiting?.querySelector(".bottom")?.textContent ?? null,
    text: document.body.textContent ?? "",
  };
}

let h: Harness;
let vis: VisibilityWorld;
const viewers = new Map<ViewerRole, { sandbox: AppsScriptSandbox; sidebar: Sidebar; messageId: string }>();

beforeAll(async () => {
  h = await startHarness({ generate: { threads: 4, seed: 12, idPrefix: "vis" }, fixtures: false });
  vis = await seedVisibilityWorld(h.backend, new Date(Date.now() - 3 * DAY));
  for (const role of ROLES) {
    const { email, name } = VIEWERS[role];
    // Each viewer's own (unsynced) Quillwork email: opening it shows the customer and its history.
    const thread = h.mailbox.addThread([
      {
        from: `${VIS_CONTACT.name} <${VIS_CONTACT.address}>`,
        to: `${name} <${email}>`,
        cc: "",
        bcc: "",
        subject: `A question for ${name}`,
        date: Date.now() - 3_600_000,
        headers: [
          ["Message-ID", `<question-${role}@quillwork.test>`],
          ["Date", new Date(Date.now() - 3_600_000).toUTCString()],
        ],
        text: "Could you call me back?",
        html: "",
        isDraft: false,
        attachments: [],
      },
    ]);
    const sandbox = role === "admin" ? h.sandbox : h.sandboxAs(email);
    const sidebar = h.connect(new Sidebar(sandbox));
    viewers.set(role, { sandbox, sidebar, messageId: thread.messageIds[0] });
  }
}, 180_000);

afterAll(async () => {
  await vis?.reset();
  await h?.close();
});

describe("who sees what on the Gmail card (issue 12)", () => {
  it.each(CELLS)("tier $tier, Dana's thread private: $isPrivate", async ({ tier, isPrivate }) => {
    await vis.setCell({ tier, isPrivate });
    for (const role of ROLES) {
      const { sandbox, sidebar, messageId } = viewers.get(role)!;
      // The card's lookup is cached for two minutes: a change shows once that has passed, as in Gmail.
      sandbox.clock.advance((LOOKUP_TTL_SECONDS + 1) * 1000);
      const opened = sidebar.openMessage(messageId);
      expect(opened.calls["UrlFetchApp.fetch"], "a fresh answer, not the cache").toBe(1);
      const access = accessOf(role, tier, isPrivate);
      const { text, ...shown } = rendered(sidebar);
      expect(shown, `${VIEWERS[role].name} (${access})`).toEqual(expected(role, access, isPrivate));
      // Nothing they may not see shows anywhere on the card, in any wording.
      if (access !== "full") expect(text).not.toContain("40k");
      if (access === "metadata" || access === "private") expect(text).not.toContain(DANA_EMAIL.subject);
      expect(text).not.toContain("Lee Counsel");
      expect(text).not.toContain(DANA_EMAIL.outsider);
      if (HAS_CHROMIUM && access === "private" && role === "colleague" && tier === "full") {
        const browser = await launchChromium();
        try {
          await screenshotCard(
            browser,
            "visibility-colleague-private-thread",
            sidebar.card,
            "Fox's card: Dana's private thread",
          );
        } finally {
          await browser.close();
        }
      }
    }
  });

  it("touched no global that Apps Script V8 lacks", () => {
    for (const { sandbox } of viewers.values()) {
      expect([...sandbox.touchedMissingGlobals]).toEqual([]);
      expect(sandbox.logs.filter((l) => l.level === "error")).toEqual([]);
    }
  });
});
