// Event objects as Gmail sends them to a Workspace add-on (developers.google.com/workspace/add-ons/concepts/
// event-objects): commonEventObject for everything, gmail{} when a message is open, and the legacy
// `parameters` mirror on card actions.

export interface OpenedMessage {
  messageId: string;
  threadId: string;
  accessToken: string;
}

let tokens = 0;

/** Gmail mints a fresh per-message token for every trigger and action on an open message. */
export function openedMessage(messageId: string, threadId: string): OpenedMessage {
  tokens++;
  return { messageId, threadId, accessToken: `ya29.sim-${tokens}-${messageId}` };
}

function common(parameters?: Record<string, string>, formInputs?: Record<string, string[]>) {
  return {
    hostApp: "GMAIL",
    platform: "WEB",
    userLocale: "en",
    timeZone: { id: "Etc/UTC", offset: 0 },
    ...(parameters ? { parameters } : {}),
    ...(formInputs
      ? {
          formInputs: Object.fromEntries(
            Object.entries(formInputs).map(([k, v]) => [k, { stringInputs: { value: v } }]),
          ),
        }
      : {}),
  };
}

export function homepageEvent() {
  return { commonEventObject: common() };
}

export function contextualEvent(opened: OpenedMessage) {
  return { commonEventObject: common(), gmail: { ...opened } };
}

export function actionEvent(
  parameters: Record<string, string>,
  formInputs: Record<string, string[]>,
  opened: OpenedMessage | null,
) {
  return {
    commonEventObject: common(parameters, formInputs),
    parameters,
    ...(opened ? { gmail: { ...opened } } : {}),
  };
}
