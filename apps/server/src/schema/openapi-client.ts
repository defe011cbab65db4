import { type KubeClient, readJson } from "../cluster/connection.ts";
import type { OpenApiClient } from "./openapi-v3.ts";

/** {@link OpenApiClient} over a cluster connection: JSON GETs, conditional on an ETag when one is given. */
export function openApiClient(connection: Pick<KubeClient, "fetch">): OpenApiClient {
  return {
    async getText(path, etag) {
      const headers: Record<string, string> = { accept: "application/json" };
      if (etag) headers["if-none-match"] = etag;
      const response = await connection.fetch(path, { headers });
      if (response.status === 304) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) await readJson(response);
      return { text: await response.text(), etag: response.headers.get("etag") ?? undefined };
    },
  };
}
