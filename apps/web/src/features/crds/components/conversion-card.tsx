import type { CrdObject } from "../api/get-crd.ts";
import { useConversionProbe } from "../api/probe-conversion.ts";

/**
 * How the CRD converts between versions. For a webhook: where it is (a Service, or a URL) and whether it answers,
 * probed by Loupe's server through the API server's service proxy (a URL is never fetched). A dead webhook makes
 * every list and watch of a multi-version kind fail, so this is the first place to look.
 */
export function ConversionCard({ context, crd }: { context: string; crd: CrdObject }) {
  const conversion = crd.spec.conversion;
  const webhook = conversion?.strategy === "Webhook";
  const probe = useConversionProbe(context, crd.metadata.name, webhook);
  const service = conversion?.webhook?.clientConfig?.service;
  const url = conversion?.webhook?.clientConfig?.url;
  return (
    <section className="card section" aria-labelledby="crd-conversion">
      <h3 id="crd-conversion">Conversion</h3>
      <dl className="facts">
        <dt>Strategy</dt>
        <dd>{conversion?.strategy ?? "None"}</dd>
        {webhook ? (
          <>
            <dt>Webhook</dt>
            <dd>
              {service
                ? `service ${service.namespace}/${service.name}:${service.port ?? 443}${service.path ?? "/"}`
                : url
                  ? `URL ${url}`
                  : "no client configuration"}
            </dd>
            <dt>Review versions</dt>
            <dd>{conversion?.webhook?.conversionReviewVersions?.join(", ") ?? "—"}</dd>
          </>
        ) : null}
      </dl>
      {webhook ? (
        <div className="probe" role="status" aria-label="Webhook probe">
          {probe.isFetching ? (
            <span className="muted">Asking the webhook…</span>
          ) : probe.data ? (
            <>
              <span
                className={
                  probe.data.outcome === "answered"
                    ? "cond cond-true"
                    : probe.data.outcome === "failed"
                      ? "cond cond-false"
                      : "cond cond-unknown"
                }
              >
                {probe.data.outcome === "answered"
                  ? "Answers"
                  : probe.data.outcome === "failed"
                    ? "Does not answer"
                    : "Not probed"}
              </span>
              <span>{probe.data.message}</span>
              <span className="muted small">{probe.data.elapsedMs} ms</span>
            </>
          ) : probe.isError ? (
            <span className="cond-false">Could not probe: {probe.error.message}</span>
          ) : null}
          <button type="button" disabled={probe.isFetching} onClick={() => void probe.refetch()}>
            Probe again
          </button>
        </div>
      ) : (
        <p className="muted small">
          Versions differ only in their schemas: the API server converts by rewriting apiVersion.
        </p>
      )}
    </section>
  );
}
