import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Loupe's version, from the server package's package.json. */
export const LOUPE_VERSION: string = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as { version: string }
).version;
