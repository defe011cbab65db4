import { useEffect, useRef } from "react";
import { modelPath, monaco } from "./setup.ts";

export interface DiffViewProps {
  original: string;
  modified: string;
  /** What each side is, e.g. "Started from (resourceVersion 41)" and "Your edit". */
  originalLabel: string;
  modifiedLabel: string;
  /** Height in pixels (Monaco needs a sized host). */
  height?: number;
}

/**
 * A read-only Monaco diff editor, side by side, with long unchanged regions folded away. Its models are plain YAML
 * (no schema): it shows text, it validates nothing.
 */
export default function DiffView({ original, modified, originalLabel, modifiedLabel, height = 420 }: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 6 },
      fontSize: 13,
    });
    const originalModel = monaco.editor.createModel("", "yaml", monaco.Uri.parse(`file:///${modelPath(undefined)}`));
    const modifiedModel = monaco.editor.createModel("", "yaml", monaco.Uri.parse(`file:///${modelPath(undefined)}`));
    editor.setModel({ original: originalModel, modified: modifiedModel });
    editorRef.current = editor;
    return () => {
      // Detach the models first: a diff still being computed then has nothing to report to (disposing the editor
      // with it pending throws "AbstractContextKeyService has been disposed" when the review closes at once).
      editor.setModel(null);
      editor.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const models = editorRef.current?.getModel();
    if (!models) return;
    if (models.original.getValue() !== original) models.original.setValue(original);
    if (models.modified.getValue() !== modified) models.modified.setValue(modified);
  }, [original, modified]);

  return (
    <figure className="diff-view">
      <figcaption className="diff-labels">
        <span>{originalLabel}</span>
        <span>{modifiedLabel}</span>
      </figcaption>
      <div ref={host} className="monaco-host" style={{ height }} data-testid="diff-view" />
    </figure>
  );
}
