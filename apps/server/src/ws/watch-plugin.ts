import websocket from "@fastify/websocket";
import { WATCH_PATH } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { asUser } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { ApiError } from "../errors.ts";
import type { MetricsRegistry } from "../metrics.ts";
import type { QuerySessions } from "../query/query-service.ts";
import { IdentityTokens, identityOf } from "../watch/identity-tokens.ts";
import { KubeListerWatcher } from "../watch/kube-lister-watcher.ts";
import { WatchHub, type WatchHubOptions } from "../watch/watch-hub.ts";
import { createWatchMetrics } from "../watch/watch-metrics.ts";
import { WatchSession, type WatchSessionOptions } from "./watch-session.ts";

/** Tuning of watching, all optional (see each type for defaults). */
export interface WatchOptions extends WatchHubOptions {
  session?: WatchSessionOptions;
  /**
   * Frames larger than this close the socket (WebSocket code 1009) before they are even read (default 1 MiB).
   * Frames between the session's maxMessageBytes and this get an `error` and the socket stays open.
   */
  maxFrameBytes?: number;
}

export interface WatchPluginOptions extends WatchOptions {
  contexts: ContextRegistry;
  metrics: MetricsRegistry;
}

/**
 * The watch WebSocket at `GET /api/v1/watch` (DESIGN §6) and the hub behind it: a `read` route, so it needs a
 * session in user-token mode; upgrades from another origin than Loupe's own are refused with 403 by the security
 * checks (security/register.ts: cross-site WebSocket hijacking), requests without `Origin` (non-browser clients)
 * are allowed. Closing the app closes every socket, then stops every reflector.
 * Not encapsulated: @fastify/websocket belongs to the root instance (its `injectWS` is what tests use).
 */
export const watchPlugin = fp(watch, { name: "loupe-watch", fastify: "5.x" });

declare module "fastify" {
  interface FastifyInstance {
    /** The watch hub, for server-side subscribers (the catalog follows CRD and APIService changes through it). */
    watchHub: WatchHub;
    /**
     * User-token mode: the tokens reflectors act with, by identity. A server-side subscriber to a user's key (the
     * inventory) holds the user's token here for as long as it is subscribed.
     */
    identityTokens: IdentityTokens;
    /** Cross-kind queries (search, CEL), when the app has them; sockets accept `query` messages then. */
    queryService: QuerySessions | undefined;
  }
}

async function watch(app: Parameters<FastifyPluginAsync<WatchPluginOptions>>[0], options: WatchPluginOptions) {
  const sessions = new Set<WatchSession>();
  const sum = (read: (session: WatchSession) => number) => () => {
    let total = 0;
    for (const session of sessions) total += read(session);
    return total;
  };
  const metrics = createWatchMetrics(options.metrics, {
    pendingEvents: sum((session) => session.pendingEvents),
    bufferedBytes: sum((session) => session.bufferedBytes),
  });
  // User-token mode: the tokens of connected users by identity hash, so a reflector can act as its user. A token
  // stays only while a socket (or a server-side view) that presented it is open.
  const tokens = new IdentityTokens();
  const hub = new WatchHub(
    (key, flow) => {
      const token = tokens.token(key.identity);
      // Never fall back to the server's own credentials for a user's key.
      if (key.identity !== "" && !token) {
        throw new ApiError(401, "LOUPE_NO_CREDENTIALS", "no credentials are held for this user: sign in again");
      }
      return new KubeListerWatcher(asUser(options.contexts.get(key.context), token, flow), key);
    },
    metrics,
    options,
  );
  app.decorate("watchHub", hub);
  app.decorate("identityTokens", tokens);
  app.decorate("queryService", undefined);
  app.addHook("onClose", () => hub.close());

  // A refused upgrade (cross-origin, not signed in) is answered over the raw socket, which nobody reads any more:
  // end it, or it stays open until the peer's timeout.
  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode >= 400 && request.headers.upgrade?.toLowerCase() === "websocket") request.raw.socket.destroy();
  });
  // permessage-deflate (RFC 7692), which every browser offers: Table rows are repetitive JSON, so a 10,000-row
  // snapshot of 6.6 MB crosses the network as a few hundred KB. Compression runs on zlib's thread pool, a few at a
  // time, never on the event loop; level 4 keeps a 50,000-row snapshot's cost in the tens of milliseconds of CPU.
  await app.register(websocket, {
    options: {
      maxPayload: options.maxFrameBytes ?? 1024 * 1024,
      perMessageDeflate: { zlibDeflateOptions: { level: 4 }, concurrencyLimit: 4 },
    },
  });

  app.get(WATCH_PATH, { websocket: true, config: { access: "read" } }, (socket, request) => {
    const token = request.kubeToken;
    const identity = identityOf(token);
    const release = token ? tokens.hold(identity, token) : () => {};
    const session = new WatchSession(socket, hub, metrics, options.session, identity, app.queryService);
    sessions.add(session);
    metrics.sockets.inc();
    socket.once("close", () => {
      sessions.delete(session);
      metrics.sockets.dec();
      release();
    });
  });
}
