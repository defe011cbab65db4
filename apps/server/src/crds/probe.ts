import { randomUUID } from "node:crypto";
import type { ConversionProbe } from "@loupe/protocol";
import type { KubeClient } from "../cluster/connection.ts";

/** How long the probe waits for the webhook (through the API server's proxy) before calling it unresponsive. */
export const PROBE_TIMEOUT_MS = 3_000;

/** `spec.conversion` of a CRD, as far as the probe reads it. */
export interface ConversionSpec {
  strategy?: string;
  webhook?: {
    clientConfig?: {
      url?: string;
      service?: { namespace?: string; name?: string; path?: string; port?: number };
    };
    conversionReviewVersions?: string[];
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Characters a webhook path may have, segment by segment (RFC 3986 pchar minus `%`, which would let one re-encode). */
const PATH_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;

/** Where the API server's service proxy reaches the webhook, or why it cannot be built. */
export function serviceProxyPath(
  service: NonNullable<NonNullable<ConversionSpec["webhook"]>["clientConfig"]>["service"],
): { path: string; display: string } | { problem: string } {
  const namespace = service?.namespace ?? "";
  const name = service?.name ?? "";
  const port = service?.port ?? 443;
  if (!DNS_LABEL.test(namespace) || !DNS_LABEL.test(name)) {
    return { problem: "the webhook's service namespace or name is not a valid DNS label" };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: `the webhook's port ${port} is invalid` };
  const rawPath = service?.path ?? "/";
  const segments = rawPath.split("/").filter((s) => s !== "");
  // Dot segments or encoded characters could walk out of the proxy path to other API server endpoints.
  if (!rawPath.startsWith("/") || segments.some((s) => s === "." || s === ".." || !PATH_SEGMENT.test(s))) {
    return { problem: `the webhook's path "${rawPath.slice(0, 200)}" cannot be probed safely` };
  }
  const tail = segments.map(encodeURIComponent).join("/");
  return {
    path: `/api/v1/namespaces/${namespace}/services/https:${name}:${port}/proxy/${tail}`,
    display: `${namespace}/${name}:${port}/${tail}`,
  };
}

/**
 * Asks a CRD's conversion webhook whether it answers: an empty ConversionReview (no objects, so nothing is converted
 * and nothing changes), sent through the API server's service proxy with the caller's credentials, so Kubernetes
 * decides whether this user may reach that Service (`create` on `services/proxy`). Loupe never fetches a URL the CRD
 * names: a URL webhook is reported as such, since following it would let whoever writes CRDs point Loupe at any
 * address (SSRF). Resolves with the outcome, never rejects for the webhook's failures.
 */
export async function probeConversion(
  client: KubeClient,
  crd: { name: string; group: string; storageVersion: string | undefined; conversion: ConversionSpec | undefined },
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ConversionProbe> {
  const started = performance.now();
  const done = (rest: Omit<ConversionProbe, "name" | "elapsedMs">): ConversionProbe => ({
    name: crd.name,
    ...rest,
    elapsedMs: Math.round(performance.now() - started),
  });
  const conversion = crd.conversion;
  if (conversion?.strategy !== "Webhook") {
    return done({ outcome: "none", message: "This CRD converts nothing (strategy None): no webhook to probe." });
  }
  const config = conversion.webhook?.clientConfig;
  if (config?.url !== undefined) {
    let host = "";
    try {
      host = new URL(config.url).host;
    } catch {
      host = "an unparsable URL";
    }
    return done({
      outcome: "url",
      url: host,
      message: `The webhook is reached by URL (${host}); Loupe only probes webhooks served by a Service, through the API server.`,
    });
  }
  const target = serviceProxyPath(config?.service);
  if ("problem" in target) return done({ outcome: "failed", message: `Not probed: ${target.problem}.` });

  const reviewVersions = conversion.webhook?.conversionReviewVersions ?? ["v1"];
  const reviewVersion = reviewVersions.includes("v1") ? "v1" : "v1beta1";
  const uid = randomUUID();
  const review = {
    apiVersion: `apiextensions.k8s.io/${reviewVersion}`,
    kind: "ConversionReview",
    request: { uid, desiredAPIVersion: `${crd.group}/${crd.storageVersion ?? ""}`, objects: [] },
  };
  let response: Awaited<ReturnType<KubeClient["fetch"]>>;
  try {
    response = await client.fetch(target.path, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify(review),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
    return done({
      outcome: "failed",
      service: target.display,
      message: timedOut
        ? `No answer within ${timeoutMs / 1000} s.`
        : `The probe could not be sent: ${(error as Error).message}`,
    });
  }
  const text = await response.text().catch(() => "");
  let body: { kind?: string; message?: string; response?: { uid?: string; result?: { status?: string } } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: judged below by status.
  }
  const status = response.status;
  if (status === 200 && body.kind === "ConversionReview" && body.response?.uid === uid) {
    const result = body.response.result?.status;
    return done({
      outcome: "answered",
      service: target.display,
      status,
      message: `The webhook answered a ConversionReview${result ? ` (result ${result})` : ""}.`,
    });
  }
  const why =
    body.kind === "Status" && body.message
      ? body.message
      : status === 200
        ? "it answered, but not with this ConversionReview"
        : `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  return done({ outcome: "failed", service: target.display, status, message: `The webhook did not answer: ${why}` });
}
