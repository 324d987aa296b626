// The simulator as a process (Node only): the line `main.ts` prints once it listens, and a helper that starts a
// simulator process and waits for that line. The e2e world runs the built dist/outlook-addin/graph-simulator.cjs
// with it, the sidecar's test runs main.ts; the backend has its own copy (shells never import each other).
import { spawn, type ChildProcess } from "node:child_process";

const LISTENING = "graph simulator listening on";

/** What the sidecar prints when it is ready. */
export function listeningLine(url: string): string {
  return `${LISTENING} ${url}`;
}

/** The URL in a sidecar's output, once it is there. */
export function listeningUrl(output: string): string | null {
  const m = new RegExp(`${LISTENING} (http://\\S+)`).exec(output);
  return m ? m[1].replace(/\/$/, "") : null;
}

export interface SimulatorProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node <args>` (the built bundle, or `--import tsx main.ts`) and resolves once it listens. */
export async function startSimulatorProcess(options: {
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...process.env, GRAPH_SIM_PORT: "0", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  };
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`graph simulator did not start:\n${out}`)),
      options.timeoutMs ?? 60_000,
    );
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const found = listeningUrl(out);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found);
      }
    });
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`graph simulator exited with ${code}:\n${out}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, child, output: () => out, stop };
}
