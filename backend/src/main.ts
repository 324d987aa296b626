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
    console.error("Touchbase could not start: the port is already in use; set PORT to another one.");
  } else if ((error as { code?: string }).code === "ECONNREFUSED") {
    console.error("Touchbase could not start: the PostgreSQL server in DATABASE_URL refused the connection.");
  } else {
    console.error("Touchbase could not start:", error);
  }
  process.exit(1);
});
