import type { KubeObject } from "@loupe/protocol";
import { api } from "../../../lib/api.ts";
import { apiUrl, type ResourceTarget } from "../../../lib/resource-path.ts";

/**
 * GET one Secret with its values, as the user (the server forwards the user's credentials: RBAC decides, and a user
 * who may not `get` it gets the 403). The only read that asks api() not to mask: call it on an explicit Reveal only.
 */
export const revealSecret = (context: string, target: ResourceTarget & { name: string }, signal?: AbortSignal) =>
  api<KubeObject>(apiUrl(context, target), { signal, revealSecrets: true });
