import type { CatalogResource } from "@loupe/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { ev, FakeListerWatcher, metrics, obj, page } from "../../watch/__tests__/fakes.ts";
import { IdentityTokens, identityOf } from "../../watch/identity-tokens.ts";
import { WatchHub } from "../../watch/watch-hub.ts";
import type { WatchKey } from "../../watch/watch-key.ts";
import { AccessCache } from "../access-cache.ts";
import { ReferrerObjects } from "../referrer-objects.ts";
import { ReadFailed } from "../source.ts";

const configMaps: CatalogResource = {
  group: "",
  version: "v1",
  preferredVersion: "v1",
  resource: "configmaps",
  kind: "ConfigMap",
  namespaced: true,
  verbs: ["get", "list", "watch"],
} as CatalogResource;

const user = { context: "dev", token: "token-of-ann", flow: "ann" };

function setup(answer: (lw: FakeListerWatcher) => void, options = {}) {
  const made: { key: WatchKey; lw: FakeListerWatcher }[] = [];
  const tokens = new IdentityTokens();
  const hub = new WatchHub(
    (key) => {
      const lw = new FakeListerWatcher();
      answer(lw);
      made.push({ key, lw });
      return lw;
    },
    metrics(),
    { lingerMs: 0, reflector: { watchTimeoutSeconds: 300 } },
  );
  const objects = new ReferrerObjects(hub, tokens, { waitMs: 300, ...options });
  return { hub, tokens, made, objects };
}

const names = (read: Awaited<ReturnType<ReferrerObjects["list"]>>) =>
  "ok" in read ? read.ok.map((o) => o.metadata.name).sort() : read;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("ReferrerObjects", () => {
  it("lists a kind once as the user, then answers from the watched objects, current with the watch", async () => {
    const { hub, tokens, made, objects } = setup((lw) => {
      lw.listAnswers = [page("1", [obj("a", "1"), obj("b", "1")])];
    });
    cleanup = async () => {
      objects.close();
      await hub.close();
    };
    expect(names(await objects.list(user, configMaps, "ns"))).toEqual(["a", "b"]);
    // The user's identity and token: their reflector, acting with their credentials.
    expect(made).toHaveLength(1);
    expect(made[0]?.key).toMatchObject({ identity: identityOf(user.token), namespace: "ns", table: false });
    expect(tokens.token(identityOf(user.token))).toBe(user.token);
    // A change upstream is in the next answer, with no second list.
    await new Promise((r) => setTimeout(r, 10));
    made[0]?.lw.stream.push(ev("ADDED", obj("c", "2")));
    await new Promise((r) => setTimeout(r, 10));
    expect(names(await objects.list(user, configMaps, "ns"))).toEqual(["a", "b", "c"]);
    expect(made).toHaveLength(1);
    expect(made[0]?.lw.lists).toHaveLength(1);
    // Another user has a reflector of their own.
    await objects.list({ ...user, token: "token-of-bob" }, configMaps, "ns");
    expect(made).toHaveLength(2);
    // Closing stops watching and forgets the tokens.
    objects.close();
    expect(objects.size).toBe(0);
    expect(tokens.token(identityOf(user.token))).toBeUndefined();
  });

  it("answers forbidden when the user may not list the kind, and stops its reflector", async () => {
    const { hub, made, objects } = setup((lw) => {
      lw.listAnswers = [new ApiError(403, "FORBIDDEN", "configmaps is forbidden")];
    });
    cleanup = async () => {
      objects.close();
      await hub.close();
    };
    expect(await objects.list(user, configMaps, "ns")).toEqual({ forbidden: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(hub.size).toBe(0);
    // Remembered a while: not listed again at once.
    expect(await objects.list(user, configMaps, "ns")).toEqual({ forbidden: true });
    expect(made).toHaveLength(1);
  });

  it("is a ReadFailed warning when the first list does not come in time", async () => {
    const { hub, objects } = setup((lw) => {
      lw.listGate = new Promise(() => {});
    });
    cleanup = async () => {
      objects.close();
      await hub.close();
    };
    await expect(objects.list(user, configMaps, "ns")).rejects.toThrow(ReadFailed);
    await expect(objects.list(user, configMaps, "ns")).rejects.toThrow(/still being listed/);
  });

  it("keeps at most maxKept kinds, dropping the least recently read", async () => {
    const { hub, objects } = setup(
      (lw) => {
        lw.listAnswers = [page("1", [obj("a", "1")])];
      },
      { maxKept: 2 },
    );
    cleanup = async () => {
      objects.close();
      await hub.close();
    };
    for (const ns of ["a", "b", "c"]) await objects.list(user, configMaps, ns);
    expect(objects.size).toBe(2);
  });
});

describe("AccessCache", () => {
  it("reuses an answer until it is ttlMs old, and forgets the oldest past maxEntries", () => {
    let now = 0;
    const cache = new AccessCache({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    cache.set("a", true);
    cache.set("b", false);
    expect(cache.get("a")).toBe(true);
    expect(cache.get("b")).toBe(false);
    now = 999;
    expect(cache.get("a")).toBe(true);
    now = 1_000;
    expect(cache.get("a")).toBeUndefined();
    cache.set("c", true);
    cache.set("d", true);
    cache.set("e", true);
    expect(cache.size).toBe(2);
    expect(cache.get("c")).toBeUndefined();
    expect(cache.get("e")).toBe(true);
  });
});
