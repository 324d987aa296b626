// Runs the BUILT dist/gmail-addon/Code.js — the file clasp pushes — in a Node vm context that holds only the
// ECMAScript built-ins plus faithful fakes of the Apps Script services the add-on uses. Functions are invoked by
// name, as Apps Script does, with an execution-time limit, and every service call is counted.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import vm from "node:vm";
import { MISSING_IN_APPS_SCRIPT } from "../build/apps-script-globals";
import { ActionResponse, Card, createCardService } from "./card-builders";
import type { Json } from "./card-service";
import { createGmailApp, type CurrentMessage } from "./gmail-service";
import type { Mailbox } from "./mailbox";
import {
  createConsole,
  createScriptApp,
  createSession,
  createUtilities,
  SimLock,
  type LogLine,
  type SimTrigger,
} from "./script-services";
import { ServiceMeter } from "./service-meter";
import { createCacheService, createPropertiesService, PropertyStore, SimCache } from "./storage-services";
import {
  createUrlFetchApp,
  DEFAULT_DAILY_QUOTA,
  SyncHttp,
  type FetchQuota,
  type Network,
  type SentRequest,
} from "./url-fetch-app";
import { VirtualClock } from "./virtual-clock";

const ROOT = resolve(import.meta.dirname, "../..");
export const BUILT_CODE = resolve(ROOT, "dist/gmail-addon/Code.js");
export const BUILT_MANIFEST = resolve(ROOT, "dist/gmail-addon/appsscript.json");

/** Card callbacks (triggers, actions, universal actions) get 30 s; time-driven triggers 6 minutes. */
export const LIMITS_MS = { card: 30_000, time: 6 * 60_000 } as const;

export { MISSING_IN_APPS_SCRIPT };

export interface SandboxOptions {
  mailbox: Mailbox;
  userEmail: string;
  network: Network;
  codePath?: string;
  manifestPath?: string;
  dailyUrlFetchQuota?: number;
  modelLatency?: boolean;
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

export interface Invocation {
  function: string;
  /** The returned value as Google's JSON (a card, a list of cards, or renderActions). */
  json: Json;
  cards: Card[];
  /** Set when the execution failed: what Apps Script would log (the user would see a generic error). */
  error?: string;
  calls: Record<string, number>;
  /** Wall time of the execution, its share spent waiting for HTTP, and the modelled service latency. */
  realMs: number;
  networkMs: number;
  modelledMs: number;
  violations: string[];
}

export class AppsScriptSandbox {
  readonly meter = new ServiceMeter();
  readonly clock = new VirtualClock();
  readonly manifest: Manifest;
  readonly scopes: Set<string>;
  readonly userProperties: PropertyStore;
  readonly scriptProperties: PropertyStore;
  readonly userCache: SimCache;
  readonly userLock: SimLock;
  readonly triggers: SimTrigger[] = [];
  readonly logs: LogLine[] = [];
  readonly quota: FetchQuota;
  readonly touchedMissingGlobals = new Set<string>();
  readonly requests: SentRequest[] = [];
  private readonly context: vm.Context;
  private readonly http = new SyncHttp();
  private current: CurrentMessage | null = null;

  constructor(readonly options: SandboxOptions) {
    this.manifest = JSON.parse(readFileSync(options.manifestPath ?? BUILT_MANIFEST, "utf8")) as Manifest;
    this.scopes = new Set(this.manifest.oauthScopes);
    this.clock.modelLatency = options.modelLatency ?? true;
    this.quota = { limit: options.dailyUrlFetchQuota ?? DEFAULT_DAILY_QUOTA, used: 0 };
    this.userProperties = new PropertyStore(this.meter, this.clock);
    this.scriptProperties = new PropertyStore(this.meter, this.clock);
    this.userCache = new SimCache(this.meter, this.clock);
    this.userLock = new SimLock(this.meter, this.clock);
    this.context = vm.createContext(
      {},
      { name: "Apps Script V8", codeGeneration: { strings: true, wasm: false } },
    );
    this.install();
    const code = readFileSync(options.codePath ?? BUILT_CODE, "utf8");
    new vm.Script(code, { filename: "Code.js" }).runInContext(this.context);
  }

  private install(): void {
    const ctx = this.context;
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
    const ContextDate = vm.runInContext("Date", ctx) as DateConstructor;
    const makeDate = (ms: number) => new ContextDate(ms);
    const { meter, clock, scopes } = this;
    const { console, Logger } = createConsole(this.logs);
    const services: Record<string, unknown> = {
      CardService: createCardService(meter, this.manifest.addOns.common.openLinkUrlPrefixes ?? []),
      GmailApp: createGmailApp({
        mailbox: this.options.mailbox,
        meter,
        clock,
        scopes,
        current: () => this.current,
        makeDate,
      }),
      PropertiesService: createPropertiesService(this.userProperties, this.scriptProperties),
      CacheService: createCacheService(this.userCache, new SimCache(meter, clock)),
      LockService: {
        getUserLock: () => this.userLock,
        getScriptLock: () => this.userLock,
        getDocumentLock: () => null,
      },
      ScriptApp: createScriptApp(meter, clock, scopes, this.triggers),
      Session: createSession(meter, scopes, this.options.userEmail, this.manifest.timeZone),
      Utilities: createUtilities(meter, clock),
      UrlFetchApp: createUrlFetchApp({
        http: this.http,
        meter,
        clock,
        scopes,
        whitelist: this.manifest.urlFetchWhitelist ?? [],
        network: this.options.network,
        quota: this.quota,
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
  }

  /** Whether the script declares `name` as a callable global (what Apps Script checks before running it). */
  hasFunction(name: string): boolean {
    return typeof (this.context as Record<string, unknown>)[name] === "function";
  }

  invoke(name: string, event: unknown, kind: keyof typeof LIMITS_MS = "card"): Invocation {
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
      json: null,
      cards: [],
      calls: {},
      realMs: 0,
      networkMs: 0,
      modelledMs: 0,
      violations: [],
    };
    const started = performance.now();
    const virtualStart = this.clock.now();
    this.clock.startExecution(LIMITS_MS[kind]);
    try {
      if (!this.hasFunction(name)) throw new Error(`Script function not found: ${name}`);
      const ctx = this.context as Record<string, unknown>;
      ctx.__simEvent = vm.runInContext("JSON.parse", this.context)(JSON.stringify(event ?? {}));
      const result = vm.runInContext(
        `globalThis[${JSON.stringify(name)}](globalThis.__simEvent)`,
        this.context,
        {
          // Service calls enforce the limit on the script clock; this real-time backstop stops pure-JS loops.
          timeout: LIMITS_MS[kind] + 5_000,
        },
      );
      this.clock.check();
      Object.assign(out, render(result));
    } catch (error) {
      out.error = this.clock.killed
        ? `Exceeded maximum execution time`
        : `${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? String(error)}`;
    } finally {
      delete (this.context as Record<string, unknown>).__simEvent;
      this.clock.endExecution();
      this.userLock.endExecution();
      this.current = null;
    }
    out.realMs = performance.now() - started;
    out.networkMs = this.meter.networkMs;
    out.modelledMs = Math.max(0, this.clock.now() - virtualStart - out.realMs);
    out.calls = this.meter.snapshot();
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

function render(result: unknown): Pick<Invocation, "json" | "cards"> {
  if (result instanceof Card) return { json: result.json, cards: [result] };
  if (Array.isArray(result) && result.every((c) => c instanceof Card)) {
    return { json: result.map((c: Card) => c.json), cards: result };
  }
  if (result instanceof ActionResponse) return { json: result.json, cards: result.cards };
  if (result === undefined || result === null) return { json: null, cards: [] };
  throw new Error(
    `The function returned something Apps Script cannot render: ${Object.prototype.toString.call(result)}`,
  );
}
