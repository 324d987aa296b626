import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import ipaddr from "ipaddr.js";
import type { AppEnv } from "./app-env";
import { HttpError } from "./http-error";

// Counters in fixed one-minute windows, in this process (each server instance counts on its own: a guard against
// runaway clients and guessing, not billing). The counters live in a bounded LRU, so a flood of distinct keys
// (random inbound keys, spoofed addresses) evicts the least recently seen ones instead of growing the map or
// wiping everyone's counters at once. A Map in insertion order is the LRU: ~20 lines, no dependency to carry.

const WINDOW_MS = 60_000;

export class WindowCounters {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly perMinute: number,
    readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  /** Counts one request for `key`; returns the seconds to wait when the key is over its limit, else null. */
  hit(key: string): number | null {
    const t = this.now();
    let w = this.windows.get(key);
    if (w) this.windows.delete(key);
    if (!w || t - w.start >= WINDOW_MS) w = { start: t, count: 0 };
    this.windows.set(key, w);
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
    }
    w.count++;
    return w.count > this.perMinute ? Math.max(1, Math.ceil((w.start + WINDOW_MS - t) / 1000)) : null;
  }

  /** Takes back one request counted for `key` in its current window (one that turned out not to count). */
  forgive(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0 && this.now() - w.start < WINDOW_MS) w.count--;
  }
}

function refuse(c: Context, retryAfter: number, message: string): never {
  c.header("Retry-After", String(retryAfter));
  throw new HttpError(429, "rate_limited", `${message} try again in ${retryAfter} seconds.`, {
    retryAfterSeconds: retryAfter,
  });
}

/**
 * Requests per minute per authenticated user, whatever token or spelling of the Authorization header they use
 * (runs after requireToken). 0 turns it off.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  const counters = new WindowCounters(perMinute, 50_000, now);
  return async (c, next) => {
    if (perMinute > 0) {
      const wait = counters.hit(c.get("caller").user.id);
      if (wait !== null) refuse(c, wait, "Too many requests for this user;");
    }
    await next();
  };
}

/**
 * The client's address: the socket's peer, or — only when the server is told it sits behind a proxy — the last
 * address of `X-Forwarded-For` (the one the proxy itself appended; earlier ones are the client's to invent).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process requests (tests) have no socket
  }
}

/**
 * What an address limit counts by: an IPv4 address itself (an IPv4-mapped IPv6 one as IPv4), an IPv6 address by
 * its /64 — one subscriber's or one host's whole prefix, which it can rotate through at will — and anything
 * unparseable as it is.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const [a, b, c, d] = (parsed as ipaddr.IPv6).parts;
  return `${[a, b, c, d].map((p) => p.toString(16)).join(":")}::/64`;
}

export interface PublicLimitOptions {
  /** Requests per minute per client address; 0 turns it off. */
  perAddress: number;
  /** Requests per minute per key the route names (an inbound key, later an account being signed in to). */
  perKey: number;
  trustProxy: boolean;
  now?: () => number;
}

/**
 * The tighter limit for routes anyone may call without a token (the BCC webhook now, sign-in routes later):
 * per client address, so one address cannot guess keys or flood the MIME workers, and per key, so one leaked key
 * cannot be used from many addresses to fill a workspace. Checked before the body is read.
 */
export function publicRouteLimit(
  options: PublicLimitOptions,
  keyOf: (c: Context) => string | undefined = () => undefined,
): MiddlewareHandler {
  const byAddress = new WindowCounters(options.perAddress, 50_000, options.now);
  const byKey = new WindowCounters(options.perKey, 50_000, options.now);
  return async (c, next) => {
    if (options.perAddress > 0) {
      const wait = byAddress.hit(addressKey(clientAddress(c, options.trustProxy)));
      if (wait !== null) refuse(c, wait, "Too many requests from this address;");
    }
    const key = keyOf(c)?.toLowerCase();
    if (options.perKey > 0 && key) {
      const wait = byKey.hit(key);
      if (wait !== null) refuse(c, wait, "Too many messages for this address;");
    }
    await next();
  };
}

/**
 * Guessing credentials: every request to the token-authenticated routes counts against its client address while
 * it is looked up, and is taken back once it authenticates, so what stays counted are the ones answered 401. An
 * address with `perAddress` of those in its minute gets 429 for every further request until the minute ends,
 * before its credentials are looked up: no database read per guess, however many guesses are sent at once.
 * Runs before requireToken; 0 turns it off.
 */
export function refusedCredentialsLimit(options: {
  perAddress: number;
  trustProxy: boolean;
  now?: () => number;
}): MiddlewareHandler {
  const refusals = new WindowCounters(options.perAddress, 50_000, options.now);
  return async (c, next) => {
    if (options.perAddress <= 0) return next();
    const key = addressKey(clientAddress(c, options.trustProxy));
    const wait = refusals.hit(key);
    if (wait !== null) refuse(c, wait, "Too many refused credentials from this address;");
    // Hono turns a thrown 401 into the response before this resumes (app.onError runs at every level).
    await next();
    if (c.res.status !== 401) refusals.forgive(key);
  };
}
