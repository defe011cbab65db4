import type { ApiErrorBody } from "@loupe/protocol";
import { takeEarly } from "./early.ts";
import { isSecretsUrl, maskSecrets } from "./secret-mask.ts";

/** `GET`: how Loupe authenticates, and who is signed in. */
export const SESSION_URL = "/api/v1/session";

/** `GET`: a context's resource catalog. */
export const catalogUrl = (context: string) => `/api/v1/contexts/${encodeURIComponent(context)}/catalog`;

/** A failed Loupe REST call, carrying the server's uniform error body. The only error this module throws. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = body.statusCode;
    this.body = body;
  }
}

export interface ApiInit extends RequestInit {
  /** Return Secret values as the server sent them. Only an explicit Reveal by the user sets it (features/secrets). */
  revealSecrets?: boolean;
}

/**
 * Calls a Loupe REST route and returns its JSON. Mutating calls carry the CSRF header the server requires.
 * Network failures become an ApiError with status 0, so callers handle one error type. A GET the page already sent
 * early (lib/early.ts) is answered by that request when it succeeded; otherwise it is sent again. Secret values in
 * the answer are masked (lib/secret-mask.ts) unless `revealSecrets` asks otherwise.
 */
export async function api<T>(path: string, { revealSecrets = false, ...init }: ApiInit = {}): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers);
  headers.set("accept", "application/json");
  if (method !== "GET" && method !== "HEAD") headers.set("x-requested-with", "loupe");
  let response: Response;
  try {
    const early = method === "GET" ? await takeEarly(path) : undefined;
    init.signal?.throwIfAborted();
    response = early?.ok ? early : await fetch(path, { ...init, headers });
  } catch (error) {
    throw new ApiError({
      statusCode: 0,
      code: "LOUPE_NETWORK",
      error: "Network error",
      message: `Loupe's server cannot be reached (${(error as Error).message})`,
    });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const errorBody = body as Partial<ApiErrorBody> | undefined;
    throw new ApiError({
      statusCode: response.status,
      code: errorBody?.code ?? `HTTP_${response.status}`,
      error: errorBody?.error ?? response.statusText,
      message: errorBody?.message ?? (text.slice(0, 300) || response.statusText),
      ...(errorBody?.reason ? { reason: errorBody.reason } : {}),
      ...(errorBody?.details ? { details: errorBody.details } : {}),
    });
  }
  return (revealSecrets ? body : maskSecrets(body, { secrets: isSecretsUrl(path) })) as T;
}
