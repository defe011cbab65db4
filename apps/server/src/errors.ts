import { STATUS_CODES } from "node:http";
import type { ApiErrorBody, StatusCause } from "@loupe/protocol";
import { frameworkErrorBody, REASONS } from "./framework-errors.ts";

/** A Kubernetes `Status` object as the API server sends it on failure. */
export interface KubernetesStatus {
  kind?: string;
  status?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
}

/**
 * The one error type routes throw. The error handler turns it into {@link ApiErrorBody} unchanged, so what the API
 * server said (reason, message, causes with field paths) reaches the UI intact. `cause` keeps the original error.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly reason: string | undefined;
  readonly details: ApiErrorBody["details"];

  constructor(
    statusCode: number,
    code: string,
    message: string,
    extra: { reason?: string; details?: ApiErrorBody["details"]; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = "ApiError";
    this.statusCode = statusCode;
    this.code = code;
    this.reason = extra.reason;
    this.details = extra.details;
  }

  /** The API server answered with a failure `Status` (or at least a failure code). */
  static fromStatus(httpStatus: number, status: KubernetesStatus | undefined): ApiError {
    const reason = status?.reason || undefined;
    const code = `K8S_${(reason ?? STATUS_CODES[httpStatus] ?? "ERROR")
      .replace(/([a-z])([A-Z])/g, "$1_$2")
      .replace(/\W+/g, "_")
      .toUpperCase()}`;
    return new ApiError(
      httpStatus,
      code,
      status?.message || `the API server answered ${httpStatus} ${STATUS_CODES[httpStatus] ?? ""}`.trim(),
      { reason, details: status?.details },
    );
  }

  /** The API server could not be reached (refused, reset, timed out). */
  static upstreamUnavailable(context: string, server: string, cause: unknown): ApiError {
    const why = describeNetworkError(cause);
    return new ApiError(
      503,
      "LOUPE_UPSTREAM_UNAVAILABLE",
      `The API server of context "${context}" (${server}) cannot be reached: ${why}`,
      { reason: "ServiceUnavailable", cause },
    );
  }

  static contextNotFound(context: string): ApiError {
    return new ApiError(404, "LOUPE_CONTEXT_NOT_FOUND", `No context "${context}" in the kubeconfig`, {
      reason: "NotFound",
    });
  }

  toBody(): ApiErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      error: STATUS_CODES[this.statusCode] ?? "Error",
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Any error (ours, Fastify's, or a stray one) as the uniform body. Never leaks a stack trace. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return error.toBody();
  const framework = frameworkErrorBody(error, (status) => STATUS_CODES[status] ?? "Error");
  if (framework) return framework;
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  const statusCode = typeof e.statusCode === "number" && e.statusCode >= 400 ? e.statusCode : 500;
  const reason = REASONS[statusCode];
  return {
    statusCode,
    code: statusCode === 500 ? "LOUPE_INTERNAL" : (e.code ?? `HTTP_${statusCode}`),
    error: STATUS_CODES[statusCode] ?? "Error",
    message: statusCode === 500 ? "Internal server error (see the server log)" : (e.message ?? "Error"),
    ...(reason ? { reason } : {}),
  };
}

function describeNetworkError(cause: unknown): string {
  const seen = new Set<unknown>();
  let error = cause as { code?: string; message?: string; cause?: unknown; name?: string } | undefined;
  while (error && !seen.has(error)) {
    seen.add(error);
    if (error.name === "TimeoutError") return "the request timed out";
    if (error.code) return `${error.code}${error.message ? ` (${error.message})` : ""}`;
    if (!error.cause) return error.message ?? String(error);
    error = error.cause as typeof error;
  }
  return "unknown network error";
}

/** Route-schema failures as one sentence naming the field, e.g. `querystring/limit must be >= 1`. */
export function formatValidationErrors(
  errors: { instancePath?: string; message?: string; params?: Record<string, unknown> }[],
  dataVar: string,
): Error {
  const text = errors
    .map((e) => {
      const extra = e.params?.additionalProperty ?? e.params?.missingProperty;
      const field = `${dataVar}${e.instancePath ?? ""}`;
      return `${field} ${e.message ?? "is invalid"}${extra ? ` ("${String(extra)}")` : ""}`;
    })
    .join("; ");
  return Object.assign(new Error(text), { statusCode: 400, code: "LOUPE_INVALID_REQUEST" });
}
