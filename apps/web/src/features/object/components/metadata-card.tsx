import type { KubeObject } from "@loupe/protocol";
import { Link } from "react-router";
import { ageOf } from "../../../lib/format.ts";

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/** The object's identity and lifecycle facts, and its owners as links (when the cluster serves their kind). */
export function MetadataCard({
  object,
  now,
  ownerUrl,
}: {
  object: KubeObject;
  now: number;
  /** The URL of an owner's page, or undefined when its kind is not in the catalog. */
  ownerUrl: (owner: OwnerReference) => string | undefined;
}) {
  const meta = object.metadata as KubeObject["metadata"] & {
    generation?: number;
    ownerReferences?: OwnerReference[];
    finalizers?: string[];
    deletionTimestamp?: string;
  };
  const owners = meta.ownerReferences ?? [];
  return (
    <section className="card" aria-labelledby="metadata-heading">
      <h3 id="metadata-heading">Metadata</h3>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{meta.name}</dd>
        {meta.namespace ? (
          <>
            <dt>Namespace</dt>
            <dd>{meta.namespace}</dd>
          </>
        ) : null}
        <dt>Kind</dt>
        <dd>
          {object.kind} <span className="muted">{object.apiVersion}</span>
        </dd>
        <dt>Age</dt>
        <dd title={meta.creationTimestamp}>
          {ageOf(meta.creationTimestamp, now)}
          <span className="muted"> (created {meta.creationTimestamp})</span>
        </dd>
        <dt>UID</dt>
        <dd>{meta.uid}</dd>
        <dt>Resource version</dt>
        <dd>{meta.resourceVersion}</dd>
        {meta.generation !== undefined ? (
          <>
            <dt>Generation</dt>
            <dd>{meta.generation}</dd>
          </>
        ) : null}
        {meta.deletionTimestamp ? (
          <>
            <dt>Deleting since</dt>
            <dd className="danger">{meta.deletionTimestamp}</dd>
          </>
        ) : null}
        {meta.finalizers?.length ? (
          <>
            <dt>Finalizers</dt>
            <dd>{meta.finalizers.join(", ")}</dd>
          </>
        ) : null}
        <dt>Owners</dt>
        <dd>
          {owners.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="owners">
              {owners.map((owner) => {
                const url = ownerUrl(owner);
                const label = `${owner.kind} ${owner.name}`;
                return (
                  <li key={owner.uid || label}>
                    {url ? <Link to={url}>{label}</Link> : <span>{label}</span>}
                    {owner.controller ? <span className="tag">controller</span> : null}
                    <span className="muted"> {owner.apiVersion}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
