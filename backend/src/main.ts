// `npm start`: environment → config → database → app → serve. See backend/README.md for the variables.
import { configFromEnv, ConfigError } from "./config";
import { DataDirLockedError } from "./db/data-dir-lock";
import { startServer } from "./start-server";

async function main(): Promise<void> {
  const server = await startServer(configFromEnv(process.env));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Touchbase: ${signal} received, shutting down.`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`Touchbase could not start: ${error.message}`);
  } else if ((error as { code?: string }).code === "EADDRINUSE") {
    console.error(`Touchbase could not start: ${portInUse(error as { port?: number }, process.env)}`);
  } else if ((error as { code?: string }).code === "ECONNREFUSED") {
    console.error("Touchbase could not start: the PostgreSQL server in DATABASE_URL refused the connection.");
  } else {
    console.error("Touchbase could not start:", error);
  }
  process.exit(1);
});

/** Which port is taken (the HTTP one or the SMTP listener's) and which variable moves it. */
function portInUse(error: { port?: number }, env: NodeJS.ProcessEnv): string {
  const port = error.port ?? Number(env.PORT ?? 3000);
  const smtp = env.TOUCHBASE_SMTP_PORT !== undefined && Number(env.TOUCHBASE_SMTP_PORT) === port;
  const variable = smtp ? "TOUCHBASE_SMTP_PORT" : "PORT";
  return (
    `port ${port} is already in use (another Touchbase, or another program, listens there). ` +
    `Stop it, or choose another port: ${variable}=${port + 1} npm start.`
  );
}
