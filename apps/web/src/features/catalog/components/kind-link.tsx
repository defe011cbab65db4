import type { CatalogResource } from "@loupe/protocol";
import { inAppClick } from "../../../lib/in-app-link.ts";
import { kindKey, setPinned } from "../../../lib/kind-memory.ts";
import { viewUrl } from "../../../lib/resource-path.ts";
import type { Links } from "./nav-groups.tsx";

/** One kind's link, with its pin toggle. */
export function KindLink({
  resource: r,
  links,
  showGroup,
}: {
  resource: CatalogResource;
  links: Links;
  /** Also name the group (the Pinned and Recent lists, whose links are shortcuts: never marked as the current page). */
  showGroup?: boolean;
}) {
  const { context, namespace, navigate, pathname } = links;
  const to = linkOf(context, r, namespace);
  const active = !showGroup && (pathname === to || pathname.startsWith(`${to}/`));
  const key = kindKey(r);
  const pinned = links.pinned.has(key);
  return (
    <li className="nav-kind">
      <a
        href={to}
        className={active ? "active" : undefined}
        aria-current={active ? "page" : undefined}
        title={`${r.resource} (${r.group === "" ? r.version : `${r.group}/${r.version}`})`}
        onClick={inAppClick(navigate, to)}
      >
        {r.kind}
        {showGroup ? <span className="muted small"> {r.group || "core"}</span> : null}
      </a>
      <button
        type="button"
        className={pinned ? "pin pinned" : "pin"}
        // The kind is named by the link beside it and the tooltip; in the label it would make every "Namespace" or
        // "Secret" field label ambiguous to assistive technology.
        aria-label={pinned ? "Unpin" : "Pin"}
        title={`${pinned ? "Unpin" : "Pin"} ${r.kind} (${r.group || "core"})`}
        aria-pressed={pinned}
        onClick={() => setPinned(context, key, !pinned)}
      >
        {pinned ? "★" : "☆"}
      </button>
    </li>
  );
}

/** The list URL of a kind, keeping the namespace being browsed when the kind is namespaced. */
export function linkOf(context: string, r: CatalogResource, namespace: string | undefined): string {
  return viewUrl(context, {
    group: r.group,
    version: r.version,
    resource: r.resource,
    namespace: r.namespaced ? namespace : undefined,
  });
}
