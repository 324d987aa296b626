import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Runs the Outlook helper's built Graph simulator (dist/outlook-addin/graph-simulator.cjs) as a child process for
 * the local harness. Process orchestration of a built artifact: the backend never imports add-in code.
 */
export async function startGraphSimulator(
  staticDir: string,
  port: number,
  apiUrl: string,
  /** The local issuer the simulated Entra mints Touchbase sign-in tokens with (nested app authentication). */
  entra?: { issuerUrl: string; tenantId: string; clientId: string },
): Promise<{ url: string; stop(): Promise<void> } | null> {
  const file = join(staticDir, "graph-simulator.cjs");
  if (!existsSync(file)) return null;
  const child: ChildProcess = spawn(process.execPath, [file], {
    env: {
      ...process.env,
      GRAPH_SIM_PORT: String(port),
      TOUCHBASE_API_URL: apiUrl,
      ...(entra
        ? {
            TOUCHBASE_LOCAL_ISSUER_URL: entra.issuerUrl,
            TOUCHBASE_LOCAL_TENANT_ID: entra.tenantId,
            TOUCHBASE_LOCAL_CLIENT_ID: entra.clientId,
          }
        : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string | null>((resolveUrl) => {
    const timer = setTimeout(() => resolveUrl(null), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      const m = /graph simulator listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1].replace(/\/$/, ""));
      }
    });
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", () => {
      clearTimeout(timer);
      resolveUrl(null);
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  };
  if (!url) {
    await stop();
    console.warn(
      `touchbase: the Graph simulator did not start; the harness runs without it.\n${output.trim()}`,
    );
    return null;
  }
  return { url, stop };
}
