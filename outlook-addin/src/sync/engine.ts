import type { EngineOptions, TouchbaseEngine } from "./sync-types";

/** Opens the local store and wires the index cache, outbox and (with Graph) folder sync for one user. */
export async function createEngine(_options: EngineOptions): Promise<TouchbaseEngine> {
  throw new Error("not yet");
}
