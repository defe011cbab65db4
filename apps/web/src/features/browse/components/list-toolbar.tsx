import { type ReactNode, useEffect, useState } from "react";
import { useSyncedText } from "../../../hooks/use-synced-text.ts";
import { NamespacePicker } from "./namespace-picker.tsx";

export interface ListToolbarProps {
  context: string;
  namespaced: boolean;
  namespace: string | undefined;
  onNamespace: (namespace: string | undefined) => void;
  filter: string;
  onFilter: (text: string) => void;
  labelSelector: string;
  onLabelSelector: (selector: string) => void;
  fieldSelector: string;
  onFieldSelector: (selector: string) => void;
  wide: boolean;
  onWide: (wide: boolean) => void;
  /** Whether the server has columns beyond priority 0 (otherwise "wide" changes nothing and is disabled). */
  hasWideColumns: boolean;
  /** More controls at the toolbar's end (columns, export). */
  children?: ReactNode;
}

/** Namespace, text filter, label and field selectors and the "wide" toggle above a resource table. */
export function ListToolbar(props: ListToolbarProps) {
  const [filter, setFilter] = useSyncedText(props.filter, props.onFilter);
  const [selector, setSelector] = useState(props.labelSelector);
  useEffect(() => setSelector(props.labelSelector), [props.labelSelector]);
  const commit = () => {
    if (selector.trim() !== props.labelSelector) props.onLabelSelector(selector.trim());
  };
  const [fields, setFields] = useState(props.fieldSelector);
  useEffect(() => setFields(props.fieldSelector), [props.fieldSelector]);
  const commitFields = () => {
    if (fields.trim() !== props.fieldSelector) props.onFieldSelector(fields.trim());
  };
  return (
    <div className="toolbar">
      {props.namespaced ? (
        <NamespacePicker context={props.context} value={props.namespace} onChange={props.onNamespace} />
      ) : null}
      <label className="field">
        <span>Filter</span>
        <input
          type="search"
          value={filter}
          placeholder="name, cell or label"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Label selector</span>
        <input
          value={selector}
          placeholder="app=web,tier!=db"
          spellCheck={false}
          onChange={(e) => setSelector(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
          }}
        />
      </label>
      <label className="field">
        <span>Field selector</span>
        <input
          value={fields}
          placeholder="status.phase=Running"
          spellCheck={false}
          onChange={(e) => setFields(e.target.value)}
          onBlur={commitFields}
          onKeyDown={(e) => {
            if (e.key === "Enter") commitFields();
          }}
        />
      </label>
      <label className="field checkbox" title={props.hasWideColumns ? undefined : "This resource has no extra columns"}>
        <input
          type="checkbox"
          checked={props.wide}
          disabled={!props.hasWideColumns}
          onChange={(e) => props.onWide(e.target.checked)}
        />
        <span>Wide</span>
      </label>
      {props.children}
    </div>
  );
}
