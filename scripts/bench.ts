// `pnpm bench`: Loupe's benchmarks against kubectl and the raw API server, measured in the same run. The harness
// lives in e2e/bench/ (one file per figure); `pnpm bench -- --help` lists the options.
import { runBench } from "../e2e/bench/main.ts";

process.exitCode = await runBench(process.argv.slice(2));
