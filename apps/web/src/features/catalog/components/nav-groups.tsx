import { type ReactNode, useState } from "react";
import type { GroupSection } from "../utils/kinds.ts";
import { KindLink } from "./kind-link.tsx";

export interface Links {
  context: string;
  namespace: string | undefined;
  navigate: (to: string) => void;
  /** The current location's path: the link to it (or to a page under it, an object of the kind) is active. */
  pathname: string;
  /** The API group of the kind being browsed: its sidebar group is open whatever the default. */
  activeGroup: string | undefined;
  /** Pinned kinds, `<group>/<resource>`. */
  pinned: ReadonlySet<string>;
}

/**
 * One sidebar section of API groups. A group is open by `defaultOpen` (the core group always, and the group being
 * browsed) until the user toggles it; a closed group draws no links at all, so a section of hundreds of groups
 * costs hundreds of summaries, not thousands of links.
 */
export function NavGroups(props: {
  title: string;
  groups: GroupSection[];
  links: Links;
  defaultOpen: boolean;
  empty?: string;
  head?: ReactNode;
}) {
  const id = `nav-${props.title.replace(/\W+/g, "-").toLowerCase()}`;
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  return (
    <section aria-labelledby={id} className="nav-section">
      <h2 id={id} className="nav-section-title">
        {props.title}
      </h2>
      {props.head}
      {props.groups.length === 0 ? <p className="muted nav-empty">{props.empty ?? "Nothing matches."}</p> : null}
      {props.groups.map((g) => {
        const open =
          toggled.get(g.group) ?? (props.defaultOpen || g.group === "" || g.group === props.links.activeGroup);
        return (
          <details
            key={g.group}
            open={open}
            className="nav-group"
            onToggle={(e) => {
              const now = (e.currentTarget as HTMLDetailsElement).open;
              if (now !== open) setToggled((m) => new Map(m).set(g.group, now));
            }}
          >
            <summary>
              <span className="nav-group-name" title={g.group || "core (the legacy group: /api/v1)"}>
                {g.group === "" ? "core" : g.group}
              </span>
              <span className="count" title={`${g.resources.length} resources`}>
                {g.resources.length}
              </span>
            </summary>
            {open ? (
              <ul>
                {g.resources.map((r) => (
                  <KindLink key={r.resource} resource={r} links={props.links} />
                ))}
              </ul>
            ) : null}
          </details>
        );
      })}
    </section>
  );
}
