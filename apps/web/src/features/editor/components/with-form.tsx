import type { ReactNode } from "react";
import { FormView } from "../form/form-view.tsx";

/** "Form beside the YAML": the toggle above the editor. */
export function FormToggle({
  on,
  onChange,
  available,
}: {
  on: boolean;
  onChange: (on: boolean) => void;
  available: boolean;
}) {
  if (!available) return null;
  return (
    <label className="checkbox form-toggle">
      <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} />
      Form beside the YAML
    </label>
  );
}

/** The editor, with the kind's form on its left when shown; both edit the same text. */
export function WithForm({
  show,
  text,
  onChange,
  jsonSchema,
  readOnly,
  children,
}: {
  show: boolean;
  text: string;
  onChange: (text: string) => void;
  jsonSchema: Record<string, unknown> | undefined;
  readOnly: boolean;
  children: ReactNode;
}) {
  if (!show || !jsonSchema) return <>{children}</>;
  return (
    <div className="editor-with-form">
      <FormView text={text} onChange={onChange} jsonSchema={jsonSchema} readOnly={readOnly} />
      <div>{children}</div>
    </div>
  );
}
