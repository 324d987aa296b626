import { parentPort } from "node:worker_threads";
import { replyTextOf } from "./reply-text";

// The worker side of `reply-pool.ts`: one message is a list of bodies, the answer their reply texts, in order.

interface Job {
  id: number;
  bodies: { text: string | null; html: string | null }[];
}

parentPort?.on("message", (job: Job) => {
  const replies = job.bodies.map((b) => {
    try {
      return replyTextOf(b.text, b.html);
    } catch {
      return null; // the pool falls back to its cheap cut for this body
    }
  });
  parentPort?.postMessage({ id: job.id, replies });
});
