import type { Page } from "playwright-core";

/**
 * Reaching into the editor from a test. Monaco renders only the visible lines, so tests read and replace the text
 * through the `monaco` global the app exposes (apps/web/src/features/editor/monaco/setup.ts) — the same model the
 * user types into; its change events drive the app exactly as typing does. Markers are read the same way, and the
 * app's own problems list shows them as text too.
 */

interface MonacoModel {
  uri: { path: string; toString(): string };
  getValue(): string;
  setValue(text: string): void;
  isDisposed(): boolean;
}
interface MonacoGlobal {
  editor: {
    getModels(): MonacoModel[];
    getModelMarkers(filter: {
      resource?: unknown;
    }): Array<{ startLineNumber: number; message: string; severity: number }>;
  };
}
declare global {
  var monaco: MonacoGlobal | undefined;
}

/** Waits until the editor's model (not a diff view's) exists and holds text. */
export async function waitForEditor(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    () =>
      globalThis.monaco?.editor.getModels().some((m) => m.uri.path.startsWith("/loupe/") && m.getValue() !== "") ??
      false,
    undefined,
    { timeout },
  );
}

/** The editor's current text. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const model = globalThis.monaco?.editor.getModels().find((m) => m.uri.path.startsWith("/loupe/"));
    return model?.getValue() ?? "";
  });
}

/** Replaces the editor's text (one edit, as a paste would). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const model = globalThis.monaco?.editor.getModels().find((m) => m.uri.path.startsWith("/loupe/"));
    if (!model) throw new Error("no editor model");
    model.setValue(t);
  }, text);
}

/** Rewrites the editor's text with `edit` (a string transformation) and checks that it changed something. */
export async function editText(page: Page, edit: (text: string) => string): Promise<string> {
  const before = await editorText(page);
  const after = edit(before);
  if (after === before) throw new Error(`the edit changed nothing in:\n${before}`);
  await setEditorText(page, after);
  return after;
}

/** The editor model's markers as `line: message`, schema validation and Loupe's server markers alike. */
export function editorMarkers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const m = globalThis.monaco;
    const model = m?.editor.getModels().find((x) => x.uri.path.startsWith("/loupe/"));
    if (!m || !model) return [];
    return m.editor.getModelMarkers({ resource: model.uri }).map((x) => `${x.startLineNumber}: ${x.message}`);
  });
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in:\n${text}`);
  return index + 1;
}
