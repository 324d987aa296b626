import type { EmailInput } from "../../../shared";
import type { GraphClient, GraphMessageFull } from "../graph";
import { emailFromGraph, FULL_SELECT } from "./graph-email";

/** Graph's `$batch` holds at most 20 requests. */
export const BODY_BATCH = 20;

/** What one message's body fetch gave: the message, gone from the mailbox, or not answered (try again later). */
export type BodyAnswer =
  | { id: string; kind: "found"; message: GraphMessageFull }
  | { id: string; kind: "gone" }
  | { id: string; kind: "unanswered" };

/** Reads up to 20 messages with their HTML bodies in one `$batch`, one answer per id, in order. */
export async function fetchBodyBatch(
  graph: GraphClient,
  ids: string[],
  signal?: AbortSignal,
): Promise<BodyAnswer[]> {
  const answers = await graph.batch<GraphMessageFull>(
    ids.map((id, i) => ({
      id: String(i),
      method: "GET" as const,
      url: `/me/messages/${encodeURIComponent(id)}?$select=${FULL_SELECT}`,
      headers: { Prefer: 'outlook.body-content-type="html"' },
    })),
    { signal },
  );
  return ids.map((id, i): BodyAnswer => {
    const answer = answers[i];
    if (answer?.status === 200 && answer.body) return { id, kind: "found", message: answer.body };
    if (answer?.status === 404) return { id, kind: "gone" };
    return { id, kind: "unanswered" };
  });
}

/** Reads any number of messages as uploads, 20 per `$batch`; ids Graph cannot return are listed in `missing`. */
export async function fetchEmailsById(
  graph: GraphClient,
  restIds: string[],
): Promise<{ emails: EmailInput[]; missing: string[] }> {
  const emails: EmailInput[] = [];
  const missing: string[] = [];
  for (let i = 0; i < restIds.length; i += BODY_BATCH) {
    for (const answer of await fetchBodyBatch(graph, restIds.slice(i, i + BODY_BATCH))) {
      const email = answer.kind === "found" ? emailFromGraph(answer.message) : null;
      if (email) emails.push(email);
      else missing.push(answer.id);
    }
  }
  return { emails, missing };
}
