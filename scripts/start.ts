// `npm start`: build the SPA when its sources changed, then run the server (apps/server/src/main.ts) with the
// arguments given after `--`. The build runs in a child process that exits when done, so the server does not keep
// the build's memory for its whole life.
import { ensureWebBuiltInChild } from "./ensure-web.ts";

const args = process.argv.slice(2);
if (!args.includes("--help") && !args.includes("-h")) ensureWebBuiltInChild();
await import("../apps/server/src/main.ts");
