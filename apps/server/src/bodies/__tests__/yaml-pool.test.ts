import { afterEach, describe, expect, it } from "vitest";
import { wideYaml } from "../../../test/yaml-bombs.ts";
import { DEFAULT_BODY_LIMITS } from "../limits.ts";
import { parseYaml } from "../yaml.ts";
import { YamlPool } from "../yaml-pool.ts";

const pools: YamlPool[] = [];
const pool = (limits: Partial<typeof DEFAULT_BODY_LIMITS> = {}, options: { size?: number; maxQueue?: number } = {}) => {
  const created = new YamlPool({ ...DEFAULT_BODY_LIMITS, ...limits }, options);
  pools.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

// Worker threads start slowly on a loaded 2-core machine: generous timeouts, assertions on behaviour only.
describe("YamlPool", { timeout: 30_000 }, () => {
  it("parses in a worker thread what parseYaml parses, while this thread's timers keep running", async () => {
    const yaml = pool();
    const text = wideYaml("w", 9_000);
    let parsed: unknown;
    const started = performance.now();
    const gap = await longestGap(async () => {
      parsed = await yaml.parse(text, true);
    });
    const took = performance.now() - started;
    expect(parsed).toEqual(parseYaml(text, DEFAULT_BODY_LIMITS));
    // Parsed here, the loop would have stopped for all of `took`. (An absolute bound would measure the machine's
    // load as much as this code: the healthz integration test holds that one.)
    expect(gap).toBeLessThan(took / 2);
    // A patch is only checked: no value comes back.
    expect(await yaml.parse(text, false)).toEqual({ value: undefined });
    expect(await yaml.parse("a: [", false)).toMatchObject({ refusal: { code: "LOUPE_INVALID_YAML" } });
  });

  it("stops a parse that outlives the timeout, and carries on with a fresh worker", async () => {
    const yaml = pool({ yamlTimeoutMs: 1 }, { size: 1 });
    expect(await yaml.parse(wideYaml("w", 9_000), true)).toEqual({
      refusal: {
        statusCode: 413,
        code: "LOUPE_YAML_TOO_COSTLY",
        message: "The YAML request body is too costly to parse: it took longer than 0.001 s",
        reason: "RequestEntityTooLarge",
      },
    });
    expect(yaml.workers).toBe(0);
    const relaxed = pool({}, { size: 1 });
    expect(await relaxed.parse("a: 1\n", true)).toEqual({ value: { a: 1 } });
  });

  it("stops a parse that needs more memory than the worker's heap", async () => {
    const yaml = pool({ yamlWorkerHeapMb: 16, maxYamlNodes: 10_000_000 }, { size: 1 });
    expect(await yaml.parse(wideYaml("w", 170_000), true)).toEqual({
      refusal: {
        statusCode: 413,
        code: "LOUPE_YAML_TOO_COSTLY",
        message: "The YAML request body is too costly to parse: it needs more than 16 MB of memory",
        reason: "RequestEntityTooLarge",
      },
    });
    expect(await yaml.parse("a: 1\n", true)).toEqual({ value: { a: 1 } });
  });

  it("runs at most `size` workers, queues at most `maxQueue` jobs, and refuses the rest as busy", async () => {
    const yaml = pool({}, { size: 1, maxQueue: 1 });
    const text = wideYaml("w", 2_000);
    const answers = await Promise.all([yaml.parse(text, false), yaml.parse(text, false), yaml.parse(text, false)]);
    expect(answers.slice(0, 2)).toEqual([{ value: undefined }, { value: undefined }]);
    expect(answers[2]).toEqual({
      refusal: {
        statusCode: 503,
        code: "LOUPE_YAML_BUSY",
        message: "Too many YAML bodies are being parsed at once; try again shortly, or send JSON",
        reason: "ServiceUnavailable",
      },
    });
    expect(yaml.workers).toBe(1);
  });

  it("close() ends its workers and refuses what comes after", async () => {
    const yaml = pool();
    await yaml.parse("a: 1\n", true);
    expect(yaml.workers).toBe(1);
    await yaml.close();
    expect(yaml.workers).toBe(0);
    expect(await yaml.parse("a: 1\n", true)).toMatchObject({ refusal: { code: "LOUPE_YAML_BUSY" } });
  });
});
