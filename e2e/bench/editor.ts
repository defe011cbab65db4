import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { parseAllDocuments } from "yaml";
import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import type { Kube } from "./kube.ts";
import { ms, type Summary, summarize } from "./stats.ts";

/**
 * The editor's two figures, in Chromium against Loupe's built SPA:
 * - form: opening the form beside the YAML for the kind with the largest real-world schema of shared/fixtures
 *   (Argo's Workflow when the fixtures have it): from the click on "Form beside the YAML" to the form painted;
 * - cel: a keystroke that breaks (or mends) one of a kind's 50 CEL rules, from the keydown to the editor's CEL
 *   markers changing (the rules are evaluated in the browser, debounced, on every change).
 */
export interface EditorResult {
  form: { crd: string; crdBytes: number; schemaBytes: number; fields: number; openMs: Summary };
  cel: { rules: number; keystrokeToMarkersMs: Summary };
}

const TARGET_FORM_OPEN_MS = 1_000;
const TARGET_CEL_P95_MS = 50;

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "crds");
const NAMESPACE = "bench-editor";
const RULES = 50;

interface Crd {
  kind?: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: { name: string; storage: boolean }[];
  };
}

/** The fixture CRD with the largest file: Argo's Workflow if present, else the biggest there is. */
async function biggestFixture(): Promise<{ file: string; bytes: number; crd: Crd }> {
  const files = (await readdir(FIXTURES)).filter((f) => f.endsWith(".yaml"));
  const sized = await Promise.all(files.map(async (f) => ({ file: f, bytes: (await stat(join(FIXTURES, f))).size })));
  const argo = sized.find((s) => s.file.startsWith("workflows.argoproj.io"));
  const pick = argo ?? sized.sort((a, b) => b.bytes - a.bytes)[0];
  if (!pick) throw new Error(`no CRD in ${FIXTURES}`);
  const crd = parseAllDocuments(await readFile(join(FIXTURES, pick.file), "utf8"))
    .map((d) => d.toJS() as Crd | null)
    .find((c) => c?.kind === "CustomResourceDefinition");
  if (!crd) throw new Error(`${pick.file} holds no CRD`);
  return { ...pick, crd };
}

function celCrd() {
  const properties = Object.fromEntries(Array.from({ length: RULES }, (_, i) => [`f${i}`, { type: "integer" }]));
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "gauges.editor.bench.loupe.dev" },
    spec: {
      group: "editor.bench.loupe.dev",
      scope: "Namespaced",
      names: { plural: "gauges", singular: "gauge", kind: "Gauge" },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  properties,
                  // All 50 on one node: every keystroke in spec re-evaluates all of them.
                  "x-kubernetes-validations": Array.from({ length: RULES }, (_, i) => ({
                    rule: `!has(self.f${i}) || self.f${i} < 10`,
                    message: `f${i} must be under 10`,
                  })),
                },
              },
            },
          },
        },
      ],
    },
  };
}

async function applyCrd(kube: Kube, crd: { metadata: { name: string } }): Promise<void> {
  await kube.must(
    "PATCH",
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}?fieldManager=loupe-bench&force=true`,
    crd,
    "application/apply-patch+yaml",
  );
  await kube.waitEstablished([crd.metadata.name]);
}

async function waitForEditor(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        globalThis as { monaco?: { editor: { getModels(): { uri: { path: string }; getValue(): string }[] } } }
      ).monaco?.editor
        .getModels()
        .some((m) => m.uri.path.startsWith("/loupe/") && m.getValue() !== "") ?? false,
    undefined,
    { timeout: 60_000 },
  );
}

/** Polls until Loupe's schema route answers for the kind (the API server publishes a new CRD's OpenAPI shortly after). */
async function schemaBytes(loupeUrl: string, group: string, version: string, kind: string): Promise<number> {
  for (let i = 0; i < 240; i++) {
    const response = await fetch(`${loupeUrl}/api/v1/contexts/loupe-local/schema/${group}/${version}/${kind}`);
    if (response.ok) return (await response.arrayBuffer()).byteLength;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no schema for ${kind} from Loupe`);
}

export async function measureEditor(options: {
  browser: Browser;
  loupeUrl: string;
  kube: Kube;
  samples: number;
  keystrokes: number;
  log: (line: string) => void;
}): Promise<EditorResult> {
  const { browser, loupeUrl, kube, log } = options;
  await kube.namespace(NAMESPACE);

  // Form: the biggest real-world schema.
  const big = await biggestFixture();
  await applyCrd(kube, big.crd);
  const { group, names } = big.crd.spec;
  const version = (big.crd.spec.versions.find((v) => v.storage) ?? big.crd.spec.versions[0])?.name as string;
  const collection = `/apis/${group}/${version}/namespaces/${NAMESPACE}/${names.plural}`;
  await kube.must(
    "POST",
    collection,
    { apiVersion: `${group}/${version}`, kind: names.kind, metadata: { name: "big" }, spec: {} },
    undefined,
    [409],
  );
  const bytes = await schemaBytes(loupeUrl, group, version, names.kind);
  log(
    `editor: form for ${big.file} (${(big.bytes / 1e6).toFixed(2)} MB CRD, schema response ${(bytes / 1e6).toFixed(2)} MB)`,
  );
  const openMs: number[] = [];
  let fields = 0;
  for (let i = 0; i < options.samples; i++) {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(`${loupeUrl}/c/loupe-local/edit${collection}/big`);
    await waitForEditor(page);
    await page.locator("label.form-toggle input").waitFor();
    const took = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          (document.querySelector("label.form-toggle input") as HTMLInputElement).click();
          const check = () => {
            if (document.querySelector('[data-testid="form-view"]')) {
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
            } else requestAnimationFrame(check);
          };
          check();
        }),
    );
    fields = await page.locator('[data-testid="form-view"] [data-path]').count();
    openMs.push(took);
    await page.close();
  }

  // CEL: 50 rules, one keystroke at a time.
  const gauge = celCrd();
  await applyCrd(kube, gauge);
  const gauges = `/apis/editor.bench.loupe.dev/v1/namespaces/${NAMESPACE}/gauges`;
  const spec = Object.fromEntries(Array.from({ length: RULES }, (_, i) => [`f${i}`, 1]));
  await kube.must(
    "POST",
    gauges,
    { apiVersion: "editor.bench.loupe.dev/v1", kind: "Gauge", metadata: { name: "g" }, spec },
    undefined,
    [409],
  );
  await schemaBytes(loupeUrl, "editor.bench.loupe.dev", "v1", "Gauge");
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${loupeUrl}/c/loupe-local/edit${gauges}/g`);
  await waitForEditor(page);
  await page.getByTestId("rules-note").waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      monaco: {
        editor: { onDidChangeMarkers(cb: () => void): void; getModelMarkers(f: { owner: string }): unknown[] };
      };
      __bench: { keydown: number; changes: { at: number; count: number }[] };
    };
    g.__bench = { keydown: 0, changes: [] };
    window.addEventListener("keydown", () => (g.__bench.keydown = performance.now()), true);
    g.monaco.editor.onDidChangeMarkers(() => {
      g.__bench.changes.push({
        at: performance.now(),
        count: g.monaco.editor.getModelMarkers({ owner: "loupe-cel" }).length,
      });
    });
  });
  // The cursor at the end of `f7: 1` (Monaco renders only the lines in view: placed through its API, then focused).
  await page.evaluate(() => {
    const m = (
      globalThis as unknown as {
        monaco: {
          editor: {
            getEditors(): {
              getModel(): { getLinesContent(): string[] } | null;
              setPosition(p: { lineNumber: number; column: number }): void;
              revealLineInCenter(line: number): void;
              focus(): void;
            }[];
          };
        };
      }
    ).monaco;
    const editor = m.editor.getEditors().find((e) =>
      e
        .getModel()
        ?.getLinesContent()
        .some((l) => l.trim() === "f7: 1"),
    );
    if (!editor) throw new Error("no editor with f7");
    const lines = editor.getModel()?.getLinesContent() ?? [];
    const index = lines.findIndex((l) => l.trim() === "f7: 1");
    editor.revealLineInCenter(index + 1);
    editor.setPosition({ lineNumber: index + 1, column: (lines[index] as string).length + 1 });
    editor.focus();
  });
  const latencies: number[] = [];
  for (let i = 0; i < options.keystrokes; i++) {
    const breaking = i % 2 === 0;
    await page.evaluate(() => {
      (globalThis as unknown as { __bench: { changes: unknown[] } }).__bench.changes = [];
    });
    await page.keyboard.press(breaking ? "0" : "Backspace");
    const want = breaking ? 1 : 0;
    const latency = await page.waitForFunction(
      (expected) => {
        const b = (globalThis as unknown as { __bench: { keydown: number; changes: { at: number; count: number }[] } })
          .__bench;
        const hit = b.changes.find((c) => c.count === expected);
        return hit ? hit.at - b.keydown : false;
      },
      want,
      { timeout: 10_000 },
    );
    latencies.push((await latency.jsonValue()) as number);
    await page.waitForTimeout(60);
  }
  await page.close();
  const result: EditorResult = {
    form: { crd: big.file, crdBytes: big.bytes, schemaBytes: bytes, fields, openMs: summarize(openMs) },
    cel: { rules: RULES, keystrokeToMarkersMs: summarize(latencies) },
  };
  log(
    `editor: form open p50 ${result.form.openMs.p50.toFixed(0)} ms; CEL markers p95 ${result.cel.keystrokeToMarkersMs.p95.toFixed(1)} ms`,
  );
  return result;
}

/** The `editor` plug-in figure (`pnpm bench --only editor`). */
export const editorFigure: BenchFigure<EditorResult> = {
  name: "editor",
  description: "in Chromium: the form for the largest fixture schema, open; CEL markers after a keystroke (50 rules)",
  async measure(context: FigureContext): Promise<EditorResult> {
    const loupe = await context.startLoupe();
    try {
      return await measureEditor({
        browser: await context.browser(),
        loupeUrl: loupe.url,
        kube: context.kube,
        samples: context.quick ? 2 : 7,
        keystrokes: context.quick ? 20 : 100,
        log: context.log,
      });
    } finally {
      await loupe.stop();
    }
  },
  summary(e: EditorResult): SummaryRow[] {
    return [
      {
        figure: `form for the largest fixture schema (${e.form.crd}, ${(e.form.crdBytes / 1e6).toFixed(2)} MB CRD): open, p50 (max of ${e.form.openMs.n})`,
        reference: "—",
        loupe: `${ms(e.form.openMs.p50)} (${ms(e.form.openMs.max)})`,
        ratio: "—",
        target: `≤ ${TARGET_FORM_OPEN_MS} ms`,
        met: e.form.openMs.max <= TARGET_FORM_OPEN_MS,
      },
      {
        figure: `CEL markers after a keystroke, ${e.cel.rules} rules: p50, p95 of ${e.cel.keystrokeToMarkersMs.n}`,
        reference: "—",
        loupe: `${ms(e.cel.keystrokeToMarkersMs.p50)}, ${ms(e.cel.keystrokeToMarkersMs.p95)}`,
        ratio: "—",
        target: `≤ ${TARGET_CEL_P95_MS} ms p95`,
        met: e.cel.keystrokeToMarkersMs.p95 <= TARGET_CEL_P95_MS,
      },
    ];
  },
  details(e: EditorResult): string[] {
    const f = e.form;
    const c = e.cel.keystrokeToMarkersMs;
    return [
      "## Editor: the form and CEL rules",
      "",
      `**Form.** The edit page of an object of the largest CRD in shared/fixtures (${f.crd}: ${(f.crdBytes / 1e6).toFixed(2)} MB of YAML; ` +
        `Loupe's schema response ${(f.schemaBytes / 1e6).toFixed(2)} MB), loaded fresh each time; measured in the page from the click on ` +
        `"Form beside the YAML" to the frame after the form is in the DOM (${f.fields} sections and fields rendered: sections open on demand). ` +
        `n=${f.openMs.n}: min ${ms(f.openMs.min)}, p50 ${ms(f.openMs.p50)}, max ${ms(f.openMs.max)}.`,
      "",
      `**CEL.** A kind with ${e.cel.rules} rules on \`spec\` (every keystroke in spec re-evaluates all of them), its edit page open; a key ` +
        "press that breaks one rule (`f7: 1` → `f7: 10`), then one that mends it (Backspace), alternately; measured in the page from the " +
        "keydown (captured) to Monaco's marker change that shows the CEL markers' new count. The check runs right after the keystroke " +
        `when the previous one was cheap (< 8 ms), else after a pause in typing. n=${c.n}: min ${ms(c.min)}, p50 ${ms(c.p50)}, ` +
        `p95 ${ms(c.p95)}, p99 ${ms(c.p99)}, max ${ms(c.max)}.`,
      "",
    ];
  },
};
