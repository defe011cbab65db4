import { parentPort } from "node:worker_threads";
import { type BodyRefusal, refuse } from "./limits.ts";
import { parseYaml, type YamlLimits } from "./yaml.ts";

/** What yaml-pool.ts asks of a worker, and what the worker answers. */
export interface YamlJob {
  id: number;
  text: string;
  limits: YamlLimits;
  /** False for a patch, which goes upstream as the text the client sent: only the verdict is wanted. */
  wantValue: boolean;
}
export type YamlAnswer = { id: number } & ({ value: unknown } | { refusal: BodyRefusal });

// The entry point of a YAML worker thread: parses one body at a time, off the server's event loop.
parentPort?.on("message", ({ id, text, limits, wantValue }: YamlJob) => {
  let answer: YamlAnswer;
  try {
    const parsed = parseYaml(text, limits);
    answer =
      "refusal" in parsed ? { id, refusal: parsed.refusal } : { id, value: wantValue ? parsed.value : undefined };
  } catch (error) {
    answer = { id, refusal: refuse.invalid("YAML", (error as Error).message) };
  }
  parentPort?.postMessage(answer);
});
