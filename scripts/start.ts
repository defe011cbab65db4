// `npm start`: build the SPA when its sources changed, then run the server (apps/server/src/main.ts) with the
// arguments given after `--`.
import { ensureWebBuilt } from "./ensure-web.ts";

const args = process.argv.slice(2);
if (!args.includes("--help") && !args.includes("-h")) await ensureWebBuilt();
await import("../apps/server/src/main.ts");
