// The Graph simulator as a sidecar process: the backend spawns the bundled dist/outlook-addin/graph-simulator.cjs,
// waits for the "listening" line and hands its URL to the harness.
//   GRAPH_SIM_PORT       port to listen on (0 = any free port; default 0)
//   TOUCHBASE_API_URL    the backend's URL, allowed as a CORS origin (the harness page lives there)
//   GRAPH_SIM_LATENCY_MS added latency per request (default 0)
//   TOUCHBASE_LOCAL_ISSUER_URL, TOUCHBASE_LOCAL_TENANT_ID, TOUCHBASE_LOCAL_CLIENT_ID
//                        the backend's local issuer, tenant and Entra app: the simulated Entra (nested app
//                        authentication) mints Touchbase sign-in tokens there
import { seedDemoMailbox } from "./demo-mailbox";
import { startGraphSimulator } from "./simulator-server";
import { listeningLine } from "./sidecar-process";
import type { EntraConfig } from "./simulated-entra";

function entraFromEnv(env: NodeJS.ProcessEnv): EntraConfig | undefined {
  const [issuerUrl, tenantId, clientId] = [
    env.TOUCHBASE_LOCAL_ISSUER_URL,
    env.TOUCHBASE_LOCAL_TENANT_ID,
    env.TOUCHBASE_LOCAL_CLIENT_ID,
  ].map((v) => v?.trim());
  return issuerUrl && tenantId && clientId ? { issuerUrl, tenantId, clientIds: [clientId] } : undefined;
}

async function main(): Promise<void> {
  const port = Number(process.env.GRAPH_SIM_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`GRAPH_SIM_PORT must be a port number, got "${process.env.GRAPH_SIM_PORT}".`);
    process.exit(2);
  }
  let apiOrigin: string[] = [];
  try {
    apiOrigin = process.env.TOUCHBASE_API_URL ? [new URL(process.env.TOUCHBASE_API_URL).origin] : [];
  } catch {
    console.error(`TOUCHBASE_API_URL is not a URL ("${process.env.TOUCHBASE_API_URL}"); ignoring it.`);
  }
  const sim = await startGraphSimulator({
    port,
    allowedOrigins: apiOrigin,
    latencyMs: Number(process.env.GRAPH_SIM_LATENCY_MS ?? 0) || 0,
    entra: entraFromEnv(process.env),
  });
  const demo = await seedDemoMailbox(sim);
  console.log(
    `graph simulator: demo mailbox ${demo.mailbox.owner.address} with ${demo.mailbox.messages.size} messages` +
      (demo.fixturesDir ? ` (${demo.fixtures} fixture emails)` : " (fixture emails not found)"),
  );
  console.log(listeningLine(sim.url));
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`graph simulator failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
