import type { SelectedMessage } from "../office";
import type { MessageModel } from "./pane-model";

/** What the pane shows for the current selection. */
export type PaneView =
  | { kind: "loading" }
  | { kind: "empty" }
  | { kind: "error"; message: string }
  | { kind: "signed-out"; message: string }
  | { kind: "message"; model: MessageModel; lookupError: string | null }
  | { kind: "selection"; items: SelectedMessage[] };

/** A sentence shown above the content after an action, optionally with an undo. */
export interface Notice {
  id: number;
  intent: "success" | "info" | "warning" | "error";
  text: string;
  undo?: () => Promise<void>;
}
