import type { ApiErrorBody } from "@loupe/protocol";

/**
 * Kubernetes' `Status.reason` for an HTTP status, so that every error Loupe answers carries one, whoever raised it
 * (Kubernetes names: metav1.StatusReason).
 */
export const REASONS: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  409: "Conflict",
  410: "Expired",
  413: "RequestEntityTooLarge",
  415: "UnsupportedMediaType",
  421: "Misdirected",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "Timeout",
};

/** Fastify's own errors, reworded as Loupe's: a LOUPE_* code and a sentence that says what to do. */
const FASTIFY: Record<string, { statusCode: number; code: string; message: (raw: string) => string; reason?: string }> =
  {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: {
      statusCode: 415,
      code: "LOUPE_UNSUPPORTED_MEDIA_TYPE",
      message: () =>
        "Loupe does not read request bodies of this Content-Type: send application/json or application/yaml (a PATCH: one of the patch types)",
    },
    FST_ERR_CTP_BODY_TOO_LARGE: {
      statusCode: 413,
      code: "LOUPE_BODY_TOO_LARGE",
      message: () => "The request body is larger than Loupe accepts (3 MiB, the API server's own limit)",
    },
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
      statusCode: 400,
      code: "LOUPE_BAD_CONTENT_LENGTH",
      message: () => "The request body's size does not match its Content-Length",
    },
    FST_ERR_CTP_EMPTY_JSON_BODY: {
      statusCode: 400,
      code: "LOUPE_BODY_EMPTY",
      message: () => "The request says its body is JSON (Content-Type: application/json) but sends none",
    },
    FST_ERR_CTP_INVALID_JSON_BODY: {
      statusCode: 400,
      code: "LOUPE_INVALID_JSON",
      message: () => "The request body is not valid JSON",
    },
    FST_ERR_BAD_URL: {
      statusCode: 400,
      code: "LOUPE_BAD_URL",
      message: (raw) => `The URL is not valid: ${raw}`,
    },
    FST_ERR_MAX_PARAM_LENGTH: {
      statusCode: 414,
      code: "LOUPE_URL_TOO_LONG",
      message: () => "A segment of the URL is longer than Loupe accepts (1024 characters)",
      // Kubernetes names no reason for 414.
      reason: "BadRequest",
    },
  };

/** A Fastify error (`FST_ERR_*`) that a client can cause, as the uniform body; undefined for any other error. */
export function frameworkErrorBody(error: unknown, phrase: (status: number) => string): ApiErrorBody | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const known = typeof code === "string" ? FASTIFY[code] : undefined;
  if (!known) return undefined;
  return {
    statusCode: known.statusCode,
    code: known.code,
    error: phrase(known.statusCode),
    message: known.message(typeof message === "string" ? message : ""),
    reason: known.reason ?? (REASONS[known.statusCode] as string),
  };
}
