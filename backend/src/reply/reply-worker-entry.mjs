// Worker threads do not inherit the tsx loader on Node 20: this plain module loads the TypeScript worker through
// tsx's API (tsx is how the backend runs: `npm start`).
import { tsImport } from "tsx/esm/api";

await tsImport("./reply-worker.ts", import.meta.url);
