import { createHash } from "node:crypto";

/** What {@link requestFlow} reads of a request (Fastify's request has both). */
export interface FlowSource {
  /** The user's forwarded token (user-token mode), if any. */
  kubeToken?: string | undefined;
  /** The client's address. */
  ip: string;
}

/**
 * The rate-limit flow of a REST request (see KubeRequest.flow): its user — a hash of their token in user-token
 * mode (never the token itself), else the client's address — so one user's burst waits in its own queue and
 * another user's requests take their turns beside it.
 */
export function requestFlow(request: FlowSource): string {
  if (request.kubeToken) return `user:${createHash("sha256").update(request.kubeToken).digest("hex").slice(0, 32)}`;
  return `address:${request.ip}`;
}

/** The flow of one watch WebSocket: every reflector the socket starts queues its requests here. */
export function socketFlow(serial: number): string {
  return `socket:${serial}`;
}

/** Flows of background work (the history recorder): every request of theirs yields to users' (priority `low`). */
export function backgroundFlow(name: string): string {
  return `background:${name}`;
}

export function isBackgroundFlow(flow: string): boolean {
  return flow.startsWith("background:");
}
