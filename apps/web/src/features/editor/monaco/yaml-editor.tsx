import { useEffect, useRef, useState } from "react";
import type { TextMarker } from "../utils/markers.ts";
import { modelPath, monaco, registerSchema, schemaId } from "./setup.ts";

/** One entry of the problems list: a Monaco marker of any owner (the YAML worker's or Loupe's own). */
export interface Problem {
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning" | "info";
  source: string;
}

export interface YamlEditorProps {
  /** The text to show. Changing it from outside replaces the model's text as one undoable edit. */
  value: string;
  /**
   * Changing it makes `value` a new document: the text is replaced and the undo history forgotten (a Secret's
   * revealed text replacing its masked one must not be one Ctrl+Z away from the mask).
   */
  textKey?: string;
  onChange: (text: string) => void;
  /** The kind's JSON Schema (validation, completion, hover); none: YAML syntax only. */
  schema?: { key: readonly string[]; uri: string; jsonSchema: Record<string, unknown> } | undefined;
  /** Markers Loupe sets (the server's causes, a YAML parse error), shown with the schema's own. */
  markers?: readonly TextMarker[];
  /** The kind's CEL rules broken by the text (checked in the browser as the user types). */
  ruleMarkers?: readonly TextMarker[];
  /** Every problem in the text whenever the set changes (the review warns before a save that would fail). */
  onProblems?: (problems: Problem[]) => void;
  label: string;
  readOnly?: boolean;
  /** Ctrl/Cmd+S in the editor (instead of the browser's "save page"): the page's save step, e.g. review. */
  onSave?: (() => void) | undefined;
}

const OWNER = "loupe";
const RULES_OWNER = "loupe-cel";

const dark = () => globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;

function toMonaco(markers: readonly TextMarker[] | undefined, source: string): monaco.editor.IMarkerData[] {
  return (markers ?? []).map((m) => ({
    startLineNumber: m.line,
    startColumn: m.column,
    endLineNumber: m.endLine,
    endColumn: m.endColumn,
    message: m.message,
    severity: m.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    source,
  }));
}

function severityOf(s: monaco.MarkerSeverity): Problem["severity"] {
  if (s === monaco.MarkerSeverity.Error) return "error";
  if (s === monaco.MarkerSeverity.Warning) return "warning";
  return "info";
}

/**
 * A Monaco YAML editor fed the kind's schema, with a problems list under it (every marker, clickable to jump to its
 * line). Its model lives as long as the component: hiding the editor (review, conflict view) keeps the undo history.
 */
export default function YamlEditor({
  value,
  textKey,
  onChange,
  schema,
  markers,
  ruleMarkers,
  onProblems,
  label,
  readOnly,
  onSave,
}: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const modelRef = useRef<monaco.editor.ITextModel | null>(null);
  const onChangeRef = useRef(onChange);
  const onProblemsRef = useRef(onProblems);
  const onSaveRef = useRef(onSave);
  onChangeRef.current = onChange;
  onProblemsRef.current = onProblems;
  onSaveRef.current = onSave;
  const [problems, setProblems] = useState<Problem[]>([]);
  const id = schema ? schemaId(schema.key) : undefined;

  useEffect(() => {
    if (schema && id) registerSchema(id, schema.uri, schema.jsonSchema);
  }, [id, schema]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the model is created once per schema; value and readOnly are synced below.
  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.createModel(value, "yaml", monaco.Uri.parse(`file:///${modelPath(id)}`));
    modelRef.current = model;
    monaco.editor.setTheme(dark() ? "vs-dark" : "vs");
    const editor = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      fontSize: 13,
      renderWhitespace: "boundary",
      readOnly: readOnly ?? false,
      ariaLabel: label,
      quickSuggestions: { other: true, comments: false, strings: true },
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => onSaveRef.current?.());
    const changes = model.onDidChangeContent(() => onChangeRef.current(model.getValue()));
    const markerChanges = monaco.editor.onDidChangeMarkers((uris) => {
      if (!uris.some((u) => u.toString() === model.uri.toString())) return;
      const next = monaco.editor
        .getModelMarkers({ resource: model.uri })
        .sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn)
        .map((m) => ({
          line: m.startLineNumber,
          column: m.startColumn,
          message: m.message,
          severity: severityOf(m.severity),
          source:
            m.owner === OWNER
              ? "server"
              : m.owner === RULES_OWNER
                ? "CEL rule"
                : m.source?.startsWith("yaml-schema")
                  ? "schema"
                  : "YAML",
        }));
      setProblems(next);
      onProblemsRef.current?.(next);
    });
    return () => {
      changes.dispose();
      markerChanges.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
      modelRef.current = null;
    };
  }, [id]);

  const textKeyRef = useRef(textKey);
  useEffect(() => {
    const model = modelRef.current;
    const editor = editorRef.current;
    if (!model || !editor) return;
    if (textKeyRef.current !== textKey) {
      textKeyRef.current = textKey;
      model.setValue(value); // clears the undo stack
      return;
    }
    if (model.getValue() === value) return;
    editor.pushUndoStop();
    editor.executeEdits("loupe", [{ range: model.getFullModelRange(), text: value }]);
    editor.pushUndoStop();
  }, [value, textKey]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: readOnly ?? false });
  }, [readOnly]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the model changes with id; markers are set on the current one.
  useEffect(() => {
    const model = modelRef.current;
    if (model) monaco.editor.setModelMarkers(model, OWNER, toMonaco(markers, "server"));
  }, [markers, id]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  useEffect(() => {
    const model = modelRef.current;
    if (model) monaco.editor.setModelMarkers(model, RULES_OWNER, toMonaco(ruleMarkers, "CEL rule"));
  }, [ruleMarkers, id]);

  const reveal = (p: Problem) => {
    const editor = editorRef.current;
    if (!editor) return;
    editor.revealLineInCenter(p.line);
    editor.setPosition({ lineNumber: p.line, column: p.column });
    editor.focus();
  };

  return (
    <div className="yaml-editor">
      <div ref={host} className="monaco-host" data-testid="yaml-editor" />
      <section className="problems" aria-label="Problems">
        {problems.length === 0 ? (
          <p className="muted">No problems found in the text.</p>
        ) : (
          <>
            <h3>
              {problems.length} {problems.length === 1 ? "problem" : "problems"}
            </h3>
            <ul>
              {problems.map((p) => (
                <li key={`${p.line}:${p.column}:${p.source}:${p.message}`} className={`problem ${p.severity}`}>
                  <button type="button" className="link" onClick={() => reveal(p)}>
                    Line {p.line}
                  </button>{" "}
                  <span>{p.message}</span> <span className="muted">({p.source})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
