import type { RuleMarkers } from "../cel/rule-markers.ts";

/**
 * Under the editor: how many of the kind's CEL rules were checked as you type, and — never silently — the rules
 * the browser could not evaluate (the server still checks them on dry run and save).
 */
export function RulesNote({ rules }: { rules: RuleMarkers }) {
  if (rules.rules === 0) return null;
  const broken = rules.markers.length;
  return (
    <div className="rules-note" data-testid="rules-note">
      <p className="muted">
        This kind has {rules.rules} CEL {rules.rules === 1 ? "rule" : "rules"} (x-kubernetes-validations), checked as
        you type: {broken === 0 ? "none broken" : `${broken} broken (marked in the text)`}. Values unchanged since the
        object was loaded are not re-checked, as on the server.
      </p>
      {rules.unchecked.length > 0 ? (
        <details className="rules-unchecked">
          <summary>
            {rules.unchecked.length} {rules.unchecked.length === 1 ? "rule" : "rules"} not checked in the browser — the
            server checks {rules.unchecked.length === 1 ? "it" : "them"} on dry run and save
          </summary>
          <ul>
            {rules.unchecked.map((u) => (
              <li key={`${u.field}:${u.rule}`}>
                <code>{u.field || "(object)"}</code>: <code>{u.rule}</code> — {u.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
