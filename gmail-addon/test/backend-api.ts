// The tests' own view of the backend, over real HTTP with the core's client (never the backend's code).
import { createAsyncApi, type AsyncApi, type HttpRequest } from "../../shared";
import type { SpawnedBackend } from "../../dev/spawn-backend";

export function backendApi(backend: SpawnedBackend): AsyncApi {
  return createAsyncApi({ baseUrl: backend.url, token: backend.token }, async (request: HttpRequest) => {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => (headers[k] = v));
    return { status: response.status, headers, body: await response.text() };
  });
}

/** Every Message-ID stored for the workspace's customers (paging through each customer's emails). */
export async function storedMessageIds(api: AsyncApi): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const { customers } = await api.customers({ limit: 100 });
  for (const customer of customers) {
    let cursor: string | undefined;
    do {
      const page = await api.customerEmails({ customerId: customer.id, cursor, limit: 100 });
      for (const e of page.emails) counts.set(e.messageId ?? "", (counts.get(e.messageId ?? "") ?? 0) + 1);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return counts;
}
