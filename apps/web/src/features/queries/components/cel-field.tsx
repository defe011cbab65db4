import type { CelIssue } from "@loupe/protocol";
import { useEffect, useState } from "react";
import { type CelRole, useCelCheck } from "../api/check-cel.ts";

/**
 * A CEL expression input, checked on the server a moment after typing stops; an error is shown at its place: the
 * line it is on, a caret under the column, and the message (`2:13: Unexpected token`). Text only, never HTML.
 */
export function CelField({
  label,
  value,
  onChange,
  celRole,
  rows = 3,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  celRole: CelRole;
  rows?: number;
}) {
  const [checked, setChecked] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setChecked(value), 300);
    return () => clearTimeout(timer);
  }, [value]);
  const check = useCelCheck(checked, celRole);
  const issue = check.data?.issues[0];
  return (
    <div className="cel-field">
      <textarea
        aria-label={label}
        aria-invalid={issue ? true : undefined}
        className={issue ? "cel-input invalid" : "cel-input"}
        value={value}
        rows={rows}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {issue && checked === value ? <IssueMarker text={value} issue={issue} /> : null}
    </div>
  );
}

/** The line of `text` the issue is on, a caret under its column, and the message. */
export function IssueMarker({ text, issue }: { text: string; issue: CelIssue }) {
  const line = text.split("\n")[issue.line - 1] ?? "";
  const width = Math.max(1, Math.min(issue.end - issue.start, line.length - (issue.column - 1)));
  return (
    <div className="cel-issue" role="alert">
      <span>
        {issue.line}:{issue.column}: {issue.message}
      </span>
      <pre aria-hidden="true">
        {line}
        {"\n"}
        {" ".repeat(Math.max(0, issue.column - 1))}
        {"^".repeat(width)}
      </pre>
    </div>
  );
}
