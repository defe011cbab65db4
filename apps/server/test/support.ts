import { KubeConfig } from "@kubernetes/client-node";
import type { FastifyInstance, InjectOptions } from "fastify";
import { type AppOptions, buildApp } from "../src/app.ts";

/** buildApp() against a kubeconfig file (the run's local cluster in integration tests). */
export async function appFor(kubeconfigPath: string, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return buildApp({ kubeConfig: kc, ...options });
}

/** Calls a Loupe k8s route as the browser does (CSRF header on writes); JSON bodies are sent as JSON. */
export async function k8s(
  app: FastifyInstance,
  method: InjectOptions["method"],
  path: string,
  body?: unknown,
  options: { context?: string; contentType?: string } = {},
) {
  const context = options.context ?? "loupe-local";
  const response = await app.inject({
    method,
    url: `/api/v1/contexts/${context}/k8s/${path}`,
    headers: {
      "x-requested-with": "loupe",
      ...(body === undefined ? {} : { "content-type": options.contentType ?? "application/json" }),
    },
    ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: response.json() as Record<string, any>, headers: response.headers };
}

/** A name unique to this test run, for objects a test owns. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
