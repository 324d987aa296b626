// The add-on's homepage: connection settings, the labels to sync, and label sync's progress and last run.
import type { UserConfig } from "../config/user-config";
import { DEFAULT_LOOKBACK_DAYS } from "../config/user-config";
import type { LastRun, SyncCursor } from "../sync/sync-cursor";
import type { SyncCounts } from "../sync/sync-session";
import {
  action_,
  button_,
  buttons_,
  escape_,
  fact_,
  paragraph_,
  plural_,
  section_,
  when_,
} from "./card-parts";

export const HOME_CARD = "home";
/** Beyond this many labels the list is cut (a card holds at most 100 widgets and long lists are unusable). */
export const MAX_LABEL_CHOICES = 60;

export interface HomeState {
  config: UserConfig;
  connected: boolean;
  /** The user's Gmail labels, or null if they could not be read. */
  labels: string[] | null;
  cursor: SyncCursor | null;
  lastRun: LastRun | null;
}

export function countsLine_(c: SyncCounts): string {
  return (
    `${plural_(c.scanned, "email")} checked, ${plural_(c.customer, "customer email")} ` +
    `(${c.stored} new, ${c.duplicate} already there${c.rejected ? `, ${c.rejected} refused` : ""}), ` +
    `${c.skipped} others not sent`
  );
}

function connectionSection_(state: HomeState): GoogleAppsScript.Card_Service.CardSection {
  const widgets: GoogleAppsScript.Card_Service.Widget[] = [];
  widgets.push(
    paragraph_(
      state.connected
        ? `Signed in as ${escape_(state.config.signedInAs)} with your Google account.`
        : "Sign in to Touchbase with your Google account. No token to paste: Touchbase checks your Google identity.",
    ),
    CardService.newTextInput()
      .setFieldName("serverUrl")
      .setTitle("Server URL")
      .setValue(state.config.serverUrl),
    buttons_(
      button_(state.connected ? "Save connection" : "Sign in", action_("saveConnection"), !state.connected),
    ),
  );
  return section_("Connection", widgets);
}

function labelsSection_(state: HomeState): GoogleAppsScript.Card_Service.CardSection {
  const widgets: GoogleAppsScript.Card_Service.Widget[] = [];
  if (state.labels === null) {
    widgets.push(paragraph_("Your Gmail labels could not be read. Try again later."));
  } else if (state.labels.length === 0) {
    widgets.push(
      paragraph_("You have no Gmail labels yet. Create a label for customer mail, then choose it here."),
    );
  } else {
    const choice = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.CHECK_BOX)
      .setFieldName("labels")
      .setTitle("Labels to sync");
    const chosen = new Set(state.config.labels);
    // Chosen labels first, so a long list never hides what is selected.
    const ordered = [...state.labels].sort(
      (a, b) => Number(chosen.has(b)) - Number(chosen.has(a)) || a.localeCompare(b),
    );
    for (const name of ordered.slice(0, MAX_LABEL_CHOICES)) choice.addItem(name, name, chosen.has(name));
    widgets.push(choice);
    if (state.labels.length > MAX_LABEL_CHOICES) {
      widgets.push(paragraph_(`Showing ${MAX_LABEL_CHOICES} of ${state.labels.length} labels.`));
    }
  }
  widgets.push(
    CardService.newTextInput()
      .setFieldName("lookbackDays")
      .setTitle("Look back (days)")
      .setValue(String(state.config.lookbackDays ?? DEFAULT_LOOKBACK_DAYS)),
    CardService.newDecoratedText()
      .setText("Continue in the background every hour")
      .setWrapText(true)
      .setSwitchControl(
        CardService.newSwitch()
          .setFieldName("background")
          .setValue("on")
          .setSelected(state.config.background),
      ),
    buttons_(button_("Save sync settings", action_("saveSync"))),
  );
  return section_("Labels", widgets);
}

/** "A, B and 3 more": the stored names are capped so the summary fits in a property. */
function namesLine_(names: string[], count: number): string {
  return names.join(", ") + (count > names.length ? ` and ${count - names.length} more` : "");
}

function syncSection_(state: HomeState, now: Date): GoogleAppsScript.Card_Service.CardSection {
  const widgets: GoogleAppsScript.Card_Service.Widget[] = [];
  if (state.cursor) {
    const c = state.cursor;
    widgets.push(
      fact_(
        "In progress",
        `Label ${Math.min(c.label + 1, c.labelCount)} of ${c.labelCount}: ${state.config.labels[c.label] ?? ""}`,
        countsLine_(c.counts),
        CardService.Icon.CLOCK,
      ),
      buttons_(
        button_("Continue sync", action_("syncLabels"), true),
        button_("Start over", action_("syncLabels", { restart: "1" })),
      ),
    );
  } else {
    // Before any label is chosen the button alone would only answer with an error: say what comes first.
    if (state.config.labels.length === 0) {
      widgets.push(
        paragraph_(
          "No labels chosen yet: tick the labels with customer mail below and press Save sync settings.",
        ),
      );
    }
    widgets.push(buttons_(button_("Sync labels now", action_("syncLabels"), true)));
  }
  if (state.lastRun) {
    const r = state.lastRun;
    widgets.push(
      fact_(
        `Last run, ${when_(r.finishedAt, now)}`,
        namesLine_(r.labelNames, r.labelCount),
        countsLine_(r.counts),
      ),
    );
    if (r.missing.count) {
      widgets.push(paragraph_(`Labels not found: ${escape_(namesLine_(r.missing.names, r.missing.count))}`));
    }
  }
  return section_("Sync labels", widgets);
}

export function homepageCard_(state: HomeState, now = new Date()): GoogleAppsScript.Card_Service.Card {
  const card = CardService.newCardBuilder()
    .setName(HOME_CARD)
    .setHeader(
      CardService.newCardHeader()
        .setTitle("Touchbase")
        .setSubtitle(state.connected ? "Customer emails, in one place" : "Not connected"),
    );
  if (state.connected) {
    card.addSection(syncSection_(state, now));
    card.addSection(labelsSection_(state));
  }
  card.addSection(connectionSection_(state));
  return card.build();
}
