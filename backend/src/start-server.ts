import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { buildApp } from "./app";
import { bootstrap } from "./bootstrap";
import type { Config } from "./config";
import { openDatabase, type Database } from "./db/connect";
import { mintToken, revokeTokens } from "./data/workspaces";
import { backfillReplyTexts } from "./data/reply-texts";
import { pruneDataChanges } from "./http/answer-cache";
import { replyPool } from "./reply/reply-pool";
import { startGraphSimulator } from "./graph-simulator-process";
import type { HarnessConfig } from "./http/app-env";
import { MimePool } from "./inbound/mime-pool";
import { DEFAULT_MIME_LIMITS } from "./inbound/mime-to-email";
import { startSmtpListener } from "./inbound/smtp-listener";
import { mintSignInLink, SIGN_IN_LINK_MINUTES } from "./identity/web-sessions";
import { LOCAL_IDENTITY, localIdentityConfig, startLocalIssuer } from "./identity/local-issuer";

export const STATIC_DIR = fileURLToPath(new URL("../../dist/outlook-addin", import.meta.url));

export interface RunningServer {
  url: string;
  database: Database;
  stop(): Promise<void>;
}

function listen(server: ServerType): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.once("listening", () => resolveListen((server.address() as AddressInfo).port));
  });
}

/** Opens the database, bootstraps it, serves the app and starts the optional parts (harness, SMTP). */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const stops: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const boot = await bootstrap(database.db, {
      adminEmail: config.adminEmail,
      demo: config.demo,
      token: config.bootstrapToken,
    });
    let harness: HarnessConfig | null = null;
    const staticDir = resolve(STATIC_DIR);
    const mime = new MimePool({ ...DEFAULT_MIME_LIMITS, timeoutMs: config.mimeTimeoutMs });
    stops.push(() => mime.close());
    const inbound = { mime };
    // Zero setup for sign-in: with the local harness and no real Microsoft or Google app configured, a local
    // issuer stands in for both, and the harness (Outlook) and the Apps Script simulator get their tokens there.
    const id = config.identity;
    const issuer =
      config.harness && id.microsoftClientIds.length === 0 && id.googleClientIds.length === 0
        ? await startLocalIssuer()
        : null;
    if (issuer) stops.push(issuer.close);
    const app = buildApp({
      database,
      rateLimitPerMinute: config.rateLimitPerMinute,
      bodyLimitBytes: config.bodyLimitBytes,
      staticDir,
      harness: config.harness ? () => harness : undefined,
      corsOrigins: config.corsOrigins,
      frameAncestors: config.frameAncestors,
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      publicRateLimit: {
        perKey: config.inboundRateLimitPerMinute,
        perAddress: config.publicRateLimitPerMinute,
      },
      inbound,
      identity: issuer ? localIdentityConfig(id, issuer) : id,
    });
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
    // Keep idle connections longer than clients and proxies do, so the server never closes one they reuse.
    (server as { keepAliveTimeout?: number }).keepAliveTimeout = 65_000;
    const port = await listen(server);
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
    const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`;
    // Before "listening": whoever waits for that line finds this one already printed.
    if (issuer) log(`Local token issuer (stands in for Microsoft and Google sign-in) on ${issuer.url}`);
    log(`Touchbase listening on ${url} (database: ${database.kind} at ${database.location})`);
    if (boot.newToken) {
      log(`Created workspace "${boot.admin.workspace.name}" with admin ${boot.admin.user.email}.`);
      if (boot.demoEmails !== undefined) log(`Demo data: ${boot.demoEmails} emails for the demo customers.`);
      // A token the operator chose is already in their environment: it is not written into the server's log.
      log(
        config.bootstrapToken
          ? "Admin API token: the value of TOUCHBASE_BOOTSTRAP_TOKEN."
          : `Admin API token (shown once, keep it): ${boot.newToken}`,
      );
    }
    if (database.kind === "pglite") {
      // Zero setup: the embedded default prints a fresh one-time link for the first admin at every start.
      const link = await mintSignInLink(database.db, boot.admin.user.id);
      const base = config.identity.publicUrl ?? url;
      log(
        `Sign in to the web pages as ${boot.admin.user.email} (one use, ${SIGN_IN_LINK_MINUTES} minutes): ${base}/auth/link/${link.token}`,
      );
    }
    if (config.harness) {
      let graphUrl: string | null = null;
      if (config.graphSimulator) {
        const entra = issuer
          ? {
              issuerUrl: issuer.url,
              tenantId: LOCAL_IDENTITY.tenantId,
              clientId: LOCAL_IDENTITY.microsoftClientId,
            }
          : undefined;
        const sim = await startGraphSimulator(staticDir, config.port === 0 ? 0 : port + 1, url, entra);
        if (sim) {
          stops.push(sim.stop);
          graphUrl = sim.url;
          log(`Graph simulator on ${graphUrl}`);
        }
      }
      // A fresh token for the harness at each start; the previous one stops working.
      await revokeTokens(database.db, boot.admin.user.id, "harness");
      const token = await mintToken(database.db, boot.admin.user.id, "harness");
      harness = {
        apiUrl: url,
        graphUrl,
        token,
        mailbox: boot.admin.user.email,
        workspace: boot.admin.workspace.name,
        ...(issuer ? { issuer: { url: issuer.url, ...LOCAL_IDENTITY } } : {}),
      };
      log(
        `Local harness: ${url}/outlook/harness.html (config for this machine only at ${url}/harness/config.json)`,
      );
    }
    // The reply worker loads its modules now, not on the first upload (which would wait for it).
    void replyPool.replies([{ text: "warm-up", html: null }]);
    stops.push(() => replyPool.close());
    // Emails stored before reply text existed get it now, in the background, a chunk at a time.
    const backfill = { stopped: false };
    const backfilling = backfillReplyTexts(database.db, { shouldStop: () => backfill.stopped })
      .then((n) => (n > 0 ? log(`Reply text and signals computed for ${n} stored emails.`) : undefined))
      .catch((error: unknown) => log(`Reply text backfill stopped: ${String((error as Error)?.message)}`));
    stops.push(async () => {
      backfill.stopped = true;
      await backfilling;
    });
    // The record of writes the answer cache checks against stays small even when nothing reads (src/http).
    const pruning = setInterval(() => void pruneDataChanges(database.db).catch(() => undefined), 60_000);
    pruning.unref();
    stops.push(async () => clearInterval(pruning));
    if (config.smtpPort !== null) {
      const smtp = await startSmtpListener(
        database.db,
        config.smtpPort,
        config.host,
        config.bodyLimitBytes,
        inbound,
      );
      stops.push(smtp.close);
      log(`SMTP inbound listening on port ${smtp.port}: mail <inbound key>@<this host>`);
    }
    return { url, database, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
