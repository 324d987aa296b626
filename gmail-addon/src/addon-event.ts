// The event object Apps Script passes to Workspace add-on triggers and card actions
// (developers.google.com/workspace/add-ons/concepts/event-objects), read defensively: hosts omit fields freely.

export interface AddonEvent {
  commonEventObject?: {
    hostApp?: string;
    platform?: string;
    userLocale?: string;
    timeZone?: { id: string; offset: number | string };
    parameters?: Record<string, string>;
    formInputs?: Record<string, { stringInputs?: { value?: string[] } }>;
  };
  gmail?: { messageId?: string; threadId?: string; accessToken?: string };
  /** Legacy mirror of commonEventObject.parameters that Gmail still sends. */
  parameters?: Record<string, string>;
}

export function parameter_(event: AddonEvent | undefined, name: string): string {
  return event?.commonEventObject?.parameters?.[name] ?? event?.parameters?.[name] ?? "";
}

/** All values of a form input (check boxes give several); [] when the field was not on the card. */
export function formValues_(event: AddonEvent | undefined, name: string): string[] {
  return event?.commonEventObject?.formInputs?.[name]?.stringInputs?.value ?? [];
}

export function formValue_(event: AddonEvent | undefined, name: string): string | undefined {
  const values = event?.commonEventObject?.formInputs?.[name]?.stringInputs?.value;
  return values === undefined ? undefined : (values[0] ?? "");
}

export interface OpenedMessage {
  messageId: string;
  accessToken: string;
  /** Gmail sends the thread's id with the message's; empty if a host leaves it out. */
  threadId: string;
}

/** The opened message, when the event comes from Gmail with one (contextual trigger or an action on its card). */
export function openedMessage_(event: AddonEvent | undefined): OpenedMessage | null {
  const messageId = event?.gmail?.messageId;
  const accessToken = event?.gmail?.accessToken;
  return messageId && accessToken ? { messageId, accessToken, threadId: event?.gmail?.threadId ?? "" } : null;
}
