import type { AccessAnswer } from "../api/get-access.ts";

/** Said before the user tries: RBAC (or read-only mode) will refuse this write. Editing the text stays possible. */
export function AccessNote({ access, what }: { access: AccessAnswer | undefined; what: string }) {
  if (!access || access.allowed) return null;
  const why = access.readOnly
    ? "Loupe runs read-only"
    : `the API server's RBAC does not allow it${access.reason ? ` (${access.reason})` : ""}`;
  return (
    <p role="note" className="warning access-note" data-testid="access-note">
      You may not {what}: {why}. You can still edit and review the text; a save will be refused.
    </p>
  );
}
