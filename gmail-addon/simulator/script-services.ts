// LockService, ScriptApp (time-driven triggers), Session, Utilities, console and Logger.
import { createHash, randomUUID } from "node:crypto";
import type { SyncHttp } from "./url-fetch-app";
import { exception } from "./apps-script-error";
import { requireScope, SCOPES } from "./scopes";
import type { ServiceMeter } from "./service-meter";
import type { VirtualClock } from "./virtual-clock";

/** One lock per kind per user; "another execution" holding it is simulated with hold()/release(). */
export class SimLock {
  private mine = false;
  heldElsewhere = false;
  constructor(
    private readonly meter: ServiceMeter,
    private readonly clock: VirtualClock,
  ) {}
  tryLock(timeoutMs: number): boolean {
    this.meter.call("LockService.tryLock");
    if (this.heldElsewhere) {
      this.clock.advance(Math.max(0, Number(timeoutMs) || 0));
      return false;
    }
    this.mine = true;
    return true;
  }
  waitLock(timeoutMs: number): void {
    if (!this.tryLock(timeoutMs))
      throw exception("Lock timeout: another process was holding the lock for too long.");
  }
  hasLock(): boolean {
    return this.mine;
  }
  releaseLock(): void {
    this.meter.call("LockService.releaseLock");
    this.mine = false;
  }
  /** Apps Script releases a script's locks when its execution ends. */
  endExecution(): void {
    this.mine = false;
  }
}

export interface SimTrigger {
  id: string;
  handler: string;
  everyHours: number;
}

/**
 * Where `ScriptApp.getIdentityToken()` gets its token: Google's ID token for the effective user, minted by the
 * local issuer (backend/src/identity/local-issuer.ts) with Google's claim set, over real HTTP.
 */
export interface IdentitySource {
  /** The local issuer's base URL (`Local token issuer … on <url>` in the backend's output). */
  issuerUrl: string;
  /** The OAuth client id of the Apps Script project: the token's `aud`. */
  audience: string;
  /** The Google Workspace domain (`hd`), absent for a consumer account. */
  hd?: string;
}

export function createScriptApp(
  meter: ServiceMeter,
  scopes: ReadonlySet<string>,
  triggers: SimTrigger[],
  identity?: { source?: IdentitySource; userEmail: string; http: { request: SyncHttp["request"] } },
) {
  const wrap = (t: SimTrigger) => ({
    getUniqueId: () => t.id,
    getHandlerFunction: () => t.handler,
    getEventType: () => "CLOCK",
    getTriggerSource: () => "CLOCK",
    __sim: t,
  });
  return {
    getIdentityToken(): string | null {
      meter.call("ScriptApp.getIdentityToken");
      // Apps Script: an ID token only when the project has the openid scope; the address needs userinfo.email.
      requireScope(scopes, "ScriptApp.getIdentityToken", SCOPES.openid);
      requireScope(scopes, "ScriptApp.getIdentityToken", SCOPES.userinfoEmail);
      const source = identity?.source;
      if (!source || !identity) return null;
      const reply = identity.http.request({
        url: `${source.issuerUrl}/mint/google`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          sub: `google-${identity.userEmail.toLowerCase()}`,
          email: identity.userEmail,
          hd: source.hd,
          audience: source.audience,
        }),
        followRedirects: false,
      });
      if (!reply.ok || reply.status !== 200) throw exception("Could not get an identity token for the user.");
      return (JSON.parse(reply.body) as { token: string }).token;
    },
    getProjectTriggers() {
      meter.call("ScriptApp.getProjectTriggers");
      requireScope(scopes, "ScriptApp.getProjectTriggers", SCOPES.scriptapp);
      return triggers.map(wrap);
    },
    deleteTrigger(trigger: { __sim?: SimTrigger }) {
      meter.call("ScriptApp.deleteTrigger");
      requireScope(scopes, "ScriptApp.deleteTrigger", SCOPES.scriptapp);
      const i = triggers.findIndex((t) => t === trigger.__sim);
      if (i >= 0) triggers.splice(i, 1);
    },
    newTrigger(handler: string) {
      meter.call("ScriptApp.newTrigger");
      requireScope(scopes, "ScriptApp.newTrigger", SCOPES.scriptapp);
      let hours = 0;
      const builder = {
        timeBased: () => builder,
        everyHours(n: number) {
          if (![1, 2, 4, 6, 8, 12].includes(n))
            throw exception("Invalid argument: hours (1, 2, 4, 6, 8 or 12)");
          hours = n;
          return builder;
        },
        everyMinutes() {
          // Documented for add-ons: time-driven triggers cannot run more often than once an hour.
          throw exception(
            "Add-ons may not create time-driven triggers that run more often than once an hour.",
          );
        },
        create() {
          if (!hours) throw exception("The trigger needs a schedule (everyHours).");
          if (triggers.some((t) => t.handler === handler)) {
            throw exception("This add-on already has a time-driven trigger of this kind for this user.");
          }
          const t = { id: randomUUID(), handler, everyHours: hours };
          triggers.push(t);
          return wrap(t);
        },
      };
      return builder;
    },
  };
}

export function createSession(
  meter: ServiceMeter,
  scopes: ReadonlySet<string>,
  email: string,
  timeZone: string,
) {
  const user = {
    // Without userinfo.email Apps Script returns an empty string rather than failing.
    getEmail: () => {
      meter.count("Session.getActiveUser.getEmail");
      return scopes.has(SCOPES.userinfoEmail) ? email : "";
    },
  };
  return {
    getActiveUser: () => user,
    getEffectiveUser: () => user,
    getActiveUserLocale: () => "en",
    getScriptTimeZone: () => timeZone,
    getTemporaryActiveUserKey: () => createHash("sha256").update(email).digest("hex").slice(0, 32),
  };
}

const toSigned = (buf: Buffer) => [...buf].map((b) => (b > 127 ? b - 256 : b));
const CHARSETS = ["UTF_8", "US_ASCII"] as const;

/** A String in the given Charset, or a Byte[] (signed or not) as its bytes — what Utilities' methods accept. */
function bytesOf(value: unknown, charset: string | undefined, method: string): Buffer {
  if (Array.isArray(value)) return Buffer.from(value.map((b) => Number(b) & 255));
  if (typeof value !== "string") throw exception(`Invalid argument: value (${method})`);
  if (charset === undefined || charset === "UTF_8") return Buffer.from(value, "utf8");
  if (charset === "US_ASCII") return Buffer.from(value.replace(/[\u0080-\uffff]/g, "?"), "latin1");
  throw exception(`Invalid argument: charset (${method})`);
}

export function createUtilities(meter: ServiceMeter, clock: VirtualClock) {
  const algorithms: Record<string, string> = {
    MD2: "md2",
    MD5: "md5",
    SHA_1: "sha1",
    SHA_256: "sha256",
    SHA_384: "sha384",
    SHA_512: "sha512",
  };
  return {
    DigestAlgorithm: Object.freeze(Object.fromEntries(Object.keys(algorithms).map((k) => [k, k]))),
    Charset: Object.freeze(Object.fromEntries(CHARSETS.map((k) => [k, k]))),
    /** computeDigest(algorithm, value[, charset]) → the digest as Java's signed bytes. */
    computeDigest(algorithm: string, value: unknown, charset?: string) {
      meter.call("Utilities.computeDigest");
      const name = algorithms[String(algorithm)];
      if (!name) throw exception("Invalid argument: algorithm");
      if (name === "md2") throw exception("MD2 is not available in this simulator.");
      return toSigned(
        createHash(name)
          .update(bytesOf(value, charset, "computeDigest"))
          .digest(),
      );
    },
    base64Encode: (v: unknown, charset?: string) => bytesOf(v, charset, "base64Encode").toString("base64"),
    base64EncodeWebSafe: (v: unknown, charset?: string) =>
      bytesOf(v, charset, "base64EncodeWebSafe").toString("base64url"),
    base64Decode: (s: string) => toSigned(Buffer.from(s, "base64")),
    getUuid: () => randomUUID(),
    sleep(ms: number) {
      meter.count("Utilities.sleep");
      clock.advance(ms);
    },
    formatString: (template: string, ...args: unknown[]) => {
      let i = 0;
      return template.replace(/%[sdif]/g, () => String(args[i++]));
    },
  };
}

export interface LogLine {
  level: string;
  text: string;
}

export function createConsole(lines: LogLine[]) {
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({ level, text: args.map(String).join(" ") });
  return {
    console: { log: log("log"), info: log("info"), warn: log("warn"), error: log("error") },
    Logger: { log: (...args: unknown[]) => lines.push({ level: "log", text: args.map(String).join(" ") }) },
  };
}
