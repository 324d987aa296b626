// `npm run dev:outlook`: builds the add-in in watch mode and serves it over HTTPS with the Office development
// certificate (office-addin-dev-certs installs its CA in your trust store the first time, asking for your
// password; without sudo it serves with a certificate made without installing and says how to trust it —
// dev-certificate.ts), at TOUCHBASE_ADDIN_BASE_URL (default https://localhost:3000) — the base the manifest points at.
//   TOUCHBASE_API_URL   the backend to forward /api/… to (e.g. http://localhost:3001, from `PORT=3001 npm start`)
// Then sideload dist/outlook-addin/manifest.xml (see outlook-addin/docs/).
import { resolve } from "node:path";
import webpack from "webpack";
import config, { addinBaseUrl } from "../webpack.config";
import { devCertificate } from "./dev-certificate";
import { startDevServer } from "./https-static-server";

async function main(): Promise<void> {
  const base = new URL(addinBaseUrl());
  if (base.protocol !== "https:")
    throw new Error("dev:outlook serves https: set TOUCHBASE_ADDIN_BASE_URL to an https:// URL.");
  const { tls, advice } = await devCertificate();
  if (advice) console.warn(advice);
  const compiler = webpack(config({}, { mode: "development" }));
  compiler.watch({ aggregateTimeout: 300 }, (error, stats) => {
    if (error) console.error(`build failed: ${error.message}`);
    else
      console.log(
        stats?.toString({ preset: "errors-warnings", colors: true }) ||
          `built at ${new Date().toLocaleTimeString()}`,
      );
  });
  const server = await startDevServer({
    root: resolve(import.meta.dirname, "../../dist/outlook-addin"),
    tls,
    port: Number(base.port || 443),
    host: base.hostname,
    apiUrl: process.env.TOUCHBASE_API_URL || undefined,
  });
  console.log(`Outlook add-in on ${server.url}/outlook/ (manifest: ${server.url}/outlook/manifest.xml)`);
  if (process.env.TOUCHBASE_API_URL) console.log(`forwarding /api/ to ${process.env.TOUCHBASE_API_URL}`);
}

main().catch((error: unknown) => {
  console.error(`dev:outlook could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
