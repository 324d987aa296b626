import type { AsyncApi, Viewer } from "../../../shared";
import type { LocalStore } from "./local-store";
import type { CustomerIndexCache } from "./sync-types";

export async function createCustomerIndexCache(_options: {
  store: LocalStore;
  api: AsyncApi;
  viewer: Viewer;
  now?: () => number;
  /** Skip the server when the snapshot was confirmed this recently (default 60 s). */
  freshForMs?: number;
}): Promise<CustomerIndexCache> {
  throw new Error("not yet");
}
