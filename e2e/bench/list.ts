import type { Browser } from "playwright-core";
import { crdName, ITEMS } from "./data.ts";
import { timeKubectl } from "./kubectl.ts";
import { type Summary, summarize } from "./stats.ts";
import { loadTable } from "./table-page.ts";

/** One list size: Loupe's table in Chromium against `kubectl get -o json`, medians compared. */
export interface ListResult {
  size: number;
  namespace: string;
  samples: number;
  /** `kubectl get <crd> -n <ns> -o json` wall time (ms), discovery cache warm. */
  kubectl: Summary;
  kubectlBytes: number;
  /** Navigation start → the frame showing the first data row (ms). */
  firstRow: Summary;
  /** Navigation start → all rows loaded ("N rows") (ms). */
  complete: Summary;
  /** Navigation start → after all rows, a frame rendered and a task ran: the table answers input (ms). */
  usable: Summary;
  /** usable p50 / kubectl p50. */
  ratio: number;
}

export interface ListOptions {
  browser: Browser;
  loupeUrl: string;
  kubectl: string;
  kubeconfigPath: string;
  /** kubectl's discovery cache, warmed by the first (unrecorded) run. */
  cacheDir: string;
  sizes: readonly { size: number; namespace: string; samples: number }[];
  log: (line: string) => void;
}

/**
 * Figure: list N objects. Per size, one unrecorded warm-up of each side, then `samples` alternating runs of
 * kubectl and of a fresh Chromium context loading Loupe's table of the namespace.
 */
export async function measureLists(options: ListOptions): Promise<ListResult[]> {
  const results: ListResult[] = [];
  for (const { size, namespace, samples } of options.sizes) {
    const url = `${options.loupeUrl}/c/loupe-local/apis/${ITEMS.group}/v1/namespaces/${namespace}/${ITEMS.plural}`;
    const args = ["get", crdName(ITEMS), "-n", namespace, "-o", "json", "--cache-dir", options.cacheDir];
    const timeoutMs = 120_000 + size * 10;
    const kubectl: number[] = [];
    const loads: { firstRow: number; complete: number; usable: number }[] = [];
    let bytes = 0;
    for (let i = -1; i < samples; i++) {
      const run = await timeKubectl(options.kubectl, options.kubeconfigPath, args);
      const { page, load } = await loadTable(options.browser, url, size, timeoutMs);
      await page.context().close();
      if (load.rows !== size) throw new Error(`the table shows ${load.rows} rows, not ${size}`);
      if (i < 0) continue;
      kubectl.push(run.ms);
      bytes = run.bytes;
      loads.push(load);
    }
    const result: ListResult = {
      size,
      namespace,
      samples,
      kubectl: summarize(kubectl),
      kubectlBytes: bytes,
      firstRow: summarize(loads.map((l) => l.firstRow)),
      complete: summarize(loads.map((l) => l.complete)),
      usable: summarize(loads.map((l) => l.usable)),
      ratio: 0,
    };
    result.ratio = result.usable.p50 / result.kubectl.p50;
    results.push(result);
    options.log(
      `bench: list ${size}: kubectl p50 ${result.kubectl.p50.toFixed(0)} ms; Loupe first row ${result.firstRow.p50.toFixed(0)} ms, ` +
        `usable ${result.usable.p50.toFixed(0)} ms (${result.ratio.toFixed(2)}×)`,
    );
  }
  return results;
}
