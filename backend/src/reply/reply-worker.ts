import { parentPort } from "node:worker_threads";
import { extractReply } from "./reply-text";

// The worker side of `reply-pool.ts`: one message is a list of bodies, the answer their reply texts (and whether
// each body holds more than its reply), in order.

interface Job {
  id: number;
  bodies: { text: string | null; html: string | null }[];
}

parentPort?.on("message", (job: Job) => {
  const replies = job.bodies.map((b) => {
    try {
      const { reply, quoted } = extractReply(b.text, b.html);
      return { reply, quoted };
    } catch {
      return null; // the pool falls back to its cheap cut for this body
    }
  });
  parentPort?.postMessage({ id: job.id, replies });
});
