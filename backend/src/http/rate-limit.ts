import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { HttpError } from "./http-error";

/**
 * Requests per token per minute, counted in fixed one-minute windows in this process (each server instance
 * counts on its own; the limit is a guard against a runaway client, not billing). 0 turns it off.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    if (perMinute > 0) {
      const key = c.get("caller").user.id + (c.req.header("authorization") ?? "");
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        if (windows.size > 10_000) windows.clear();
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      if (w.count > perMinute) {
        const retryAfter = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
        c.header("Retry-After", String(retryAfter));
        throw new HttpError(
          429,
          "rate_limited",
          `Too many requests with this token; try again in ${retryAfter} seconds.`,
          { retryAfterSeconds: retryAfter },
        );
      }
    }
    await next();
  };
}
