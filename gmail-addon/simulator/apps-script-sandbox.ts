// Runs the BUILT dist/gmail-addon/Code.js — the file clasp pushes — in Node vm contexts that hold only the
// ECMAScript built-ins plus faithful fakes of the Apps Script services the add-on uses. Functions are invoked by
// name, as Apps Script does, with an execution-time limit, and every service call is counted. Like Apps Script,
// every execution starts from fresh globals (a new context per invocation, by default): only what the services
// store — properties, cache, triggers — survives from one execution to the next.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import vm from "node:vm";
import { MISSING_IN_APPS_SCRIPT } from "../build/apps-script-globals";
import { createCardService } from "./card-builders";
import { createGmailApp, type CurrentMessage } from "./gmail-service";
import type { Mailbox } from "./mailbox";
import { renderResult, type EntryKind, type Rendered } from "./entry-points";
import {
  createConsole,
  createScriptApp,
  type IdentitySource,
  createSession,
  createUtilities,
  SimLock,
  type LogLine,
  type SimTrigger,
} from "./script-services";
import { ServiceMeter } from "./service-meter";
import { createCacheService, createPropertiesService, PropertyStore, SimCache } from "./storage-services";
import { createUrlFetchApp, SyncHttp, type Network, type SentRequest } from "./url-fetch-app";
import { DAILY_LIMITS, DailyQuotas, TRIGGER_RUNTIME_MESSAGE, type Account } from "./daily-quotas";
import { VirtualClock } from "./virtual-clock";

const ROOT = resolve(import.meta.dirname, "../..");
export const BUILT_CODE = resolve(ROOT, "dist/gmail-addon/Code.js");
export const BUILT_MANIFEST = resolve(ROOT, "dist/gmail-addon/appsscript.json");

/** Card callbacks (triggers, actions, universal actions) get 30 s; time-driven triggers 6 minutes. */
export const LIMITS_MS = { card: 30_000, time: 6 * 60_000 } as const;
export const EXECUTION_TIME_MESSAGE = "Exceeded maximum execution time";

export { MISSING_IN_APPS_SCRIPT };
export type { EntryKind };

export interface SandboxOptions {
  mailbox: Mailbox;
  userEmail: string;
  network: Network;
  codePath?: string;
  manifestPath?: string;
  /** Whose daily quotas apply (default "consumer", the smaller ones), and any limit a test wants lower. */
  account?: Account;
  dailyLimits?: Partial<(typeof DAILY_LIMITS)[Account]>;
  /**
   * A new vm context (fresh globals, Code.js evaluated again) for every invocation, as Apps Script does.
   * Default true; false shares one context, which only a test of the difference itself should want.
   */
  freshContextPerInvocation?: boolean;
  /** Where `ScriptApp.getIdentityToken()` gets Google ID tokens (the local issuer); null tokens without it. */
  identity?: IdentitySource;
}

export interface Manifest {
  timeZone: string;
  oauthScopes: string[];
  urlFetchWhitelist?: string[];
  addOns: {
    common: {
      homepageTrigger?: { runFunction: string };
      universalActions?: { label: string; runFunction?: string }[];
      openLinkUrlPrefixes?: string[];
    };
    gmail: { contextualTriggers?: { onTriggerFunction: string }[] };
  };
}

export interface Invocation extends Rendered {
  function: string;
  kind: EntryKind;
  /** Set when the execution failed: what Apps Script would log (the user would see a generic error). */
  error?: string;
  calls: Record<string, number>;
  /** Modelled latency by call kind (latency-model.ts). */
  modelledByKind: Record<string, number>;
  /** Wall time of the execution, and the part the script spent blocked on HTTP. */
  realMs: number;
  networkMs: number;
  /** The simulator's own setup of the fresh context (not the script's work; excluded from jsMs). */
  setupMs: number;
  /**
   * CPU time of the script's JavaScript: evaluating Code.js in the fresh context and running the function,
   * garbage collection included, plus the simulator's fakes answering its calls (so a little over, never
   * under). CPU time rather than wall time, so other processes on a loaded machine do not inflate it.
   */
  jsMs: number;
  /** Modelled service latency added to the script clock. */
  modelledMs: number;
  /** The script clock excluding network: jsMs + modelledMs (what Apps Script would bill, minus HTTP). */
  scriptMs: number;
  violations: string[];
}

/** Apps Script does not start a time-driven trigger once the day's trigger runtime is spent. */
class TriggerRuntimeSpent extends Error {}

/** CPU time of this process (all its threads), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export class AppsScriptSandbox {
  readonly clock = new VirtualClock();
  readonly meter = new ServiceMeter(this.clock);
  readonly manifest: Manifest;
  readonly scopes: Set<string>;
  readonly userProperties: PropertyStore;
  readonly scriptProperties: PropertyStore;
  readonly userCache: SimCache;
  readonly scriptCache: SimCache;
  readonly userLock: SimLock;
  readonly triggers: SimTrigger[] = [];
  readonly logs: LogLine[] = [];
  readonly quotas: DailyQuotas;
  readonly touchedMissingGlobals = new Set<string>();
  readonly requests: SentRequest[] = [];
  /** How many contexts were created (one per invocation unless freshContextPerInvocation is false). */
  contextsCreated = 0;
  private readonly script: vm.Script;
  private shared: vm.Context | null = null;
  private readonly http = new SyncHttp();
  private current: CurrentMessage | null = null;
  private contextDate: DateConstructor = Date;
  private setupMs = 0;
  private setupCpuMs = 0;

  constructor(readonly options: SandboxOptions) {
    this.manifest = JSON.parse(readFileSync(options.manifestPath ?? BUILT_MANIFEST, "utf8")) as Manifest;
    this.scopes = new Set(this.manifest.oauthScopes);
    this.quotas = new DailyQuotas({ ...DAILY_LIMITS[options.account ?? "consumer"], ...options.dailyLimits });
    this.userProperties = new PropertyStore(this.meter, this.quotas);
    this.scriptProperties = new PropertyStore(this.meter, this.quotas);
    this.userCache = new SimCache(this.meter, this.clock);
    this.scriptCache = new SimCache(this.meter, this.clock);
    this.userLock = new SimLock(this.meter, this.clock);
    // Compiled once (Apps Script, too, does not recompile unchanged code); evaluated in each new context.
    this.script = new vm.Script(readFileSync(options.codePath ?? BUILT_CODE, "utf8"), {
      filename: "Code.js",
    });
  }

  /** A context with fresh globals: ECMAScript, the Apps Script services, and Code.js evaluated in it. */
  private newContext(): vm.Context {
    const started = performance.now();
    const startedCpu = cpuMs();
    this.contextsCreated++;
    const ctx = vm.createContext(
      {},
      { name: "Apps Script V8", codeGeneration: { strings: true, wasm: false } },
    );
    vm.runInContext(
      `(function (now) {
        const RealDate = Date;
        class AppsScriptDate extends RealDate {
          constructor(...args) { if (args.length === 0) super(now()); else super(...args); }
          static now() { return now(); }
        }
        globalThis.Date = AppsScriptDate;
      })`,
      ctx,
    )(() => this.clock.now());
    const contextDate = vm.runInContext("Date", ctx) as DateConstructor;
    const { meter, clock, scopes } = this;
    const { console, Logger } = createConsole(this.logs);
    const services: Record<string, unknown> = {
      CardService: createCardService(meter, this.manifest.addOns.common.openLinkUrlPrefixes ?? []),
      GmailApp: createGmailApp({
        mailbox: this.options.mailbox,
        meter,
        quotas: this.quotas,
        scopes,
        current: () => this.current,
        makeDate: (ms) => new this.contextDate(ms),
      }),
      PropertiesService: createPropertiesService(this.userProperties, this.scriptProperties, scopes),
      CacheService: createCacheService(this.userCache, this.scriptCache),
      LockService: {
        getUserLock: () => this.userLock,
        getScriptLock: () => this.userLock,
        getDocumentLock: () => null,
      },
      ScriptApp: createScriptApp(meter, scopes, this.triggers, {
        source: this.options.identity,
        userEmail: this.options.userEmail,
        http: this.http,
      }),
      Session: createSession(meter, scopes, this.options.userEmail, this.manifest.timeZone),
      Utilities: createUtilities(meter, clock),
      UrlFetchApp: createUrlFetchApp({
        http: this.http,
        meter,
        clock,
        scopes,
        whitelist: this.manifest.urlFetchWhitelist ?? [],
        network: this.options.network,
        quotas: this.quotas,
        log: this.requests,
      }),
      console,
      Logger,
    };
    for (const [name, value] of Object.entries(services)) {
      Object.defineProperty(ctx, name, { value, enumerable: true, configurable: false, writable: false });
    }
    for (const name of MISSING_IN_APPS_SCRIPT) {
      Object.defineProperty(ctx, name, {
        configurable: true,
        get: () => {
          this.touchedMissingGlobals.add(name);
          return undefined;
        },
      });
    }
    this.contextDate = contextDate;
    this.setupMs += performance.now() - started;
    this.setupCpuMs += cpuMs() - startedCpu;
    this.script.runInContext(ctx);
    return ctx;
  }

  private context(): vm.Context {
    if (this.options.freshContextPerInvocation ?? true) return this.newContext();
    this.shared ??= this.newContext();
    return this.shared;
  }

  /** Runs `name` as Apps Script would for an entry point of `kind`, with that kind's time limit. */
  invoke(name: string, event: unknown, kind: EntryKind): Invocation {
    this.meter.reset();
    const gmail = (event as { gmail?: { messageId?: string; accessToken?: string } } | undefined)?.gmail;
    const message = gmail?.messageId ? this.options.mailbox.messages.get(gmail.messageId) : undefined;
    this.current =
      message && gmail?.accessToken
        ? {
            messageId: message.id,
            threadId: message.threadId,
            accessToken: gmail.accessToken,
            tokenSet: false,
          }
        : null;
    const out: Invocation = {
      function: name,
      kind,
      json: null,
      cards: [],
      calls: {},
      modelledByKind: {},
      realMs: 0,
      networkMs: 0,
      setupMs: 0,
      jsMs: 0,
      modelledMs: 0,
      scriptMs: 0,
      violations: [],
    };
    // Time-driven executions also count against the day's total trigger runtime, and stop when it runs out.
    const runtimeLeft = kind === "time" ? this.quotas.triggerRuntimeLeftMs() : Infinity;
    const limit = Math.min(kind === "time" ? LIMITS_MS.time : LIMITS_MS.card, runtimeLeft);
    this.setupMs = 0;
    this.setupCpuMs = 0;
    const startedCpu = cpuMs();
    const started = performance.now();
    const modelledBefore = this.clock.modelledMs();
    this.clock.startExecution(
      limit,
      runtimeLeft < LIMITS_MS.time ? TRIGGER_RUNTIME_MESSAGE : EXECUTION_TIME_MESSAGE,
    );
    let ctx: vm.Context | null = null;
    try {
      if (runtimeLeft <= 0) throw new TriggerRuntimeSpent();
      ctx = this.context();
      if (typeof (ctx as Record<string, unknown>)[name] !== "function") {
        throw new Error(`Script function not found: ${name}`);
      }
      (ctx as Record<string, unknown>).__simEvent = vm.runInContext(
        "JSON.parse",
        ctx,
      )(JSON.stringify(event ?? {}));
      const result = vm.runInContext(`globalThis[${JSON.stringify(name)}](globalThis.__simEvent)`, ctx, {
        // Service calls enforce the limit on the script clock; this real-time backstop stops pure-JS loops.
        timeout: limit + 5_000,
      });
      this.clock.check();
      Object.assign(out, renderResult(kind, result));
    } catch (error) {
      out.error =
        this.clock.killed || error instanceof TriggerRuntimeSpent
          ? this.clock.killedWith
          : `${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? String(error)}`;
    } finally {
      if (ctx) delete (ctx as Record<string, unknown>).__simEvent;
      this.clock.endExecution();
      this.userLock.endExecution();
      this.current = null;
    }
    out.realMs = performance.now() - started;
    out.networkMs = this.meter.networkMs;
    out.setupMs = this.setupMs;
    out.jsMs = Math.max(0, cpuMs() - startedCpu - this.setupCpuMs);
    out.modelledMs = this.clock.modelledMs() - modelledBefore;
    out.scriptMs = out.jsMs + out.modelledMs;
    if (kind === "time") this.quotas.used.triggerRuntimeMs += out.realMs + out.modelledMs;
    out.calls = this.meter.snapshot();
    out.modelledByKind = this.meter.modelledSnapshot();
    out.violations = out.cards.flatMap((c) => c.violations);
    return out;
  }

  /** Runs every time-driven trigger once, as the hourly schedule would. */
  fireTimeTriggers(): Invocation[] {
    return [...this.triggers].map((t) =>
      this.invoke(t.handler, { authMode: "FULL", triggerUid: t.id }, "time"),
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
