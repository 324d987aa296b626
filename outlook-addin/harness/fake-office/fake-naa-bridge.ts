// The host's half of nested app authentication, as Office.js gives it to an add-in: `window.nestedAppAuthBridge`,
// a message port MSAL's nestable client talks JSON to (`NestedAppAuthRequest` → `NestedAppAuthResponse`). Outlook
// answers from its own Microsoft session; the harness answers from the Graph simulator's simulated Entra
// (`POST <simulator>/entra/naa`), which mints Touchbase's tokens with the backend's local issuer. The add-in runs
// the real MSAL library against it, exactly as in Outlook.

export interface NaaBridge {
  addEventListener(type: "message", listener: (response: string) => void): void;
  removeEventListener(type: "message", listener: (response: string) => void): void;
  postMessage(message: string): void;
}

interface BridgeRequest {
  messageType?: string;
  method?: string;
  requestId?: string;
  tokenParams?: unknown;
}

export function createFakeNaaBridge(options: {
  /** `<simulator>/entra/naa`. */
  endpoint: string;
  mailbox: string;
  displayName?: string;
  fetch?: typeof fetch;
}): NaaBridge {
  const listeners = new Set<(response: string) => void>();
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  // Answers arrive asynchronously, as they do over Office's host channel.
  const reply = (requestId: string | undefined, body: Record<string, unknown>) =>
    setTimeout(() => {
      const text = JSON.stringify({ messageType: "NestedAppAuthResponse", requestId, ...body });
      for (const listener of [...listeners]) listener(text);
    }, 0);

  async function handle(request: BridgeRequest): Promise<void> {
    const { method, requestId } = request;
    if (method === "GetInitContext") {
      // No account context: the add-in learns the account from its first token, as with a fresh Outlook profile.
      return void reply(requestId, {
        success: true,
        initContext: {
          sdkName: "touchbase-harness",
          sdkVersion: "1.0.0",
          capabilities: { queryAccount: false },
        },
      });
    }
    if (method !== "GetToken" && method !== "GetTokenPopup") {
      return void reply(requestId, {
        success: false,
        error: {
          status: "PERSISTENT_ERROR",
          code: "unsupported",
          description: `${method} is not simulated.`,
        },
      });
    }
    let body: Record<string, unknown>;
    try {
      const response = await doFetch(options.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          method,
          mailbox: options.mailbox,
          name: options.displayName,
          tokenParams: request.tokenParams,
        }),
      });
      body = (await response.json()) as Record<string, unknown>;
    } catch {
      body = { success: false, error: { status: "NO_NETWORK", code: "no_network", description: "Offline." } };
    }
    reply(requestId, body);
  }

  return {
    addEventListener: (type, listener) => void (type === "message" && listeners.add(listener)),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    postMessage(message) {
      let request: BridgeRequest;
      try {
        request = JSON.parse(message) as BridgeRequest;
      } catch {
        return;
      }
      if (request.messageType === "NestedAppAuthRequest") void handle(request);
    },
  };
}
