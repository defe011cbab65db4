import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { joinPublished, readPublished, splitRun, writePublished } from "../publish.ts";
import { type BenchResults, renderReport } from "../report.ts";

const environment = (date: string, commit: string): BenchResults["environment"] => ({
  date,
  commit,
  cpus: 2,
  cpuModel: "test cpu",
  totalMemoryBytes: 2 ** 34,
  kernel: "6.0",
  loadStart: [1, 1, 1],
  loadEnd: [2, 2, 2],
  node: "v24",
  chromium: "156",
  kubernetes: "v1.34.4",
  kubectl: "v1.34.4",
});

function run(date: string, commit: string, part: Partial<BenchResults>): BenchResults {
  return {
    environment: environment(date, commit),
    quick: false,
    figures: [],
    totalSeconds: 60,
    phases: [{ name: "figure", seconds: 60 }],
    problems: [],
    ...part,
  };
}

const catalog = {
  crds: 300,
  resources: 380,
  customResources: 300,
  samples: 7,
  kubectl: { p50: 100, min: 90, max: 120 },
  loupe: { p50: 40, min: 30, max: 50 },
  loupeFirstInProcess: 45,
  loupeWarm: 2,
  ratio: 0.4,
} as unknown as NonNullable<BenchResults["catalog"]>;

const plugin = {
  summary: [
    { figure: "search, 300 kinds", reference: "—", loupe: "210 ms", ratio: "—", target: "≤ 300 ms", met: true },
  ],
  details: ["## Search", "", "method text"],
  data: { firstMs: 210 },
};

describe("publishing figures one run at a time", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("keeps each figure with the run that measured it, and a later run replaces only its own figures", async () => {
    const dir = await mkdtemp(join(os.tmpdir(), "bench-publish-"));
    dirs.push(dir);
    const first = run("2026-11-25T10:00:00Z", "aaa", {
      figures: ["catalog", "search"],
      catalog,
      plugins: { search: plugin },
    });
    await writePublished(dir, splitRun(first));
    const faster = { ...plugin, summary: [{ ...plugin.summary[0], loupe: "150 ms" }] } as typeof plugin;
    const second = run("2026-11-25T12:00:00Z", "bbb", { figures: ["search"], plugins: { search: faster } });
    await writePublished(dir, splitRun(second));

    const published = await readPublished(dir, ["catalog", "search"]);
    expect(published.map((p) => [p.figure, p.run.environment.commit])).toEqual([
      ["catalog", "aaa"],
      ["search", "bbb"],
    ]);
    const { results, runs } = joinPublished(published);
    expect(runs.map((r) => r.environment.commit)).toEqual(["aaa", "bbb"]);
    const report = renderReport(results, undefined, runs);
    expect(report).toContain("| search, 300 kinds | — | 150 ms | — | ≤ 300 ms | met |");
    expect(report).not.toContain("210 ms");
    expect(report).toContain("| catalog, 300 CRDs, cold |");
    expect(report).toMatch(/\| catalog, search \| 2026-11-25T10:00:00Z \| `aaa` \|/);
    expect(report).toMatch(/\| search \| 2026-11-25T12:00:00Z \| `bbb` \|/);
    expect(report).toContain("## Search");
  });

  it("renders a single run as one run", () => {
    const only = run("2026-11-25T10:00:00Z", "aaa", { figures: ["catalog"], catalog });
    const { results, runs } = joinPublished(splitRun(only));
    const report = renderReport(results, undefined, runs);
    expect(report).toContain("Measured 2026-11-25T10:00:00Z at commit `aaa`");
    expect(report).not.toContain("several `pnpm bench");
  });

  it("refuses to render nothing", () => {
    expect(() => joinPublished([])).toThrow(/no published figure/);
  });
});
