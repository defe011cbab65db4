import type { CatalogResource } from "@loupe/protocol";
import { useNavigate } from "react-router";
import { viewUrl } from "../../../lib/resource-path.ts";

/** Every served version of the resource, preferred first; switching keeps the namespace. */
export function VersionPicker({
  context,
  resource,
  namespace,
}: {
  context: string;
  resource: CatalogResource;
  namespace: string | undefined;
}) {
  const navigate = useNavigate();
  if (resource.versions.length < 2) return null;
  return (
    <label className="field">
      <span>Version</span>
      <select
        value={resource.version}
        onChange={(e) =>
          navigate(
            viewUrl(context, {
              group: resource.group,
              version: e.target.value,
              resource: resource.resource,
              namespace,
            }),
          )
        }
      >
        {resource.versions.map((v) => (
          <option key={v} value={v}>
            {v}
            {v === resource.preferredVersion ? " (preferred)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
