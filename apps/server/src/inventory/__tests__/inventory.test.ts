import type { Catalog, CatalogResource, TableRow } from "@loupe/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CatalogRegistry } from "../../discovery/registry.ts";
import { ApiError } from "../../errors.ts";
import { FakeListerWatcher, metrics, page } from "../../watch/__tests__/fakes.ts";
import { IdentityTokens, identityOf } from "../../watch/identity-tokens.ts";
import { WatchHub } from "../../watch/watch-hub.ts";
import type { WatchKey } from "../../watch/watch-key.ts";
import { Inventory } from "../inventory.ts";
import type { InventoryChange, InventoryView, KindStatus } from "../types.ts";

function resource(group: string, res: string, kind: string, custom = true): CatalogResource {
  return {
    group,
    version: "v1",
    resource: res,
    kind,
    singular: kind.toLowerCase(),
    namespaced: true,
    verbs: ["get", "list", "watch"],
    shortNames: [],
    categories: custom ? ["all"] : [],
    subresources: ["status"],
    preferredVersion: "v1",
    versions: ["v1"],
    custom,
  };
}

function row(name: string, rv: string, verdict: "Current" | "Failed" = "Current"): TableRow {
  return {
    cells: [name],
    object: {
      kind: "Thing",
      apiVersion: "x/v1",
      metadata: { name, namespace: "ns", uid: `u-${name}`, resourceVersion: rv },
    },
    health: { verdict, reason: verdict, message: verdict, rule: "conditions" },
  };
}

function setup(resources: CatalogResource[]) {
  let catalog: Catalog = { context: "dev", source: "aggregated-v2", groups: [], resources };
  const listers = new Map<string, FakeListerWatcher[]>();
  const behaviour = new Map<string, FakeListerWatcher["listAnswers"]>();
  const tokens = new IdentityTokens();
  const seenTokens: (string | undefined)[] = [];
  const gates: { list: Promise<void> | undefined } = { list: undefined };
  const hub = new WatchHub(
    (key: WatchKey) => {
      if (key.identity !== "" && !tokens.token(key.identity)) throw new ApiError(401, "LOUPE_NO_CREDENTIALS", "no");
      seenTokens.push(tokens.token(key.identity));
      const lw = new FakeListerWatcher();
      lw.listAnswers = behaviour.get(key.resource) ?? [{ ...page("1", []), columns: [] }];
      if (key.resource.startsWith("k")) lw.listGate = gates.list;
      listers.set(key.resource, [...(listers.get(key.resource) ?? []), lw]);
      return lw;
    },
    metrics(),
    { lingerMs: 0, reflector: { watchTimeoutSeconds: 300, backoff: { initialMs: 5, maxMs: 10 } } },
  );
  const catalogs = { for: () => ({ get: async () => catalog }) } as unknown as CatalogRegistry;
  const inventory = new Inventory({ hub, catalogs, tokens }, { catalogDebounceMs: 5, forbiddenRetryMs: 60_000 });
  return {
    hub,
    catalogs,
    gates,
    inventory,
    tokens,
    listers,
    behaviour,
    seenTokens,
    setCatalog: (next: CatalogResource[]) => {
      catalog = { ...catalog, resources: next };
    },
  };
}

const tables = (rows: TableRow[]) => ({ ...page("10", rows), columns: [] });

const opened: { close(): void }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) o.close();
});

function track<T extends { close(): void }>(x: T): T {
  opened.push(x);
  return x;
}

describe("Inventory", () => {
  it("lists every selected kind; a forbidden or failing kind never blocks the others", async () => {
    const t = setup([
      resource("a.io", "goods", "Good"),
      resource("b.io", "secrets", "Hidden"),
      resource("c.io", "broken", "Broken"),
      resource("", "pods", "Pod", false),
    ]);
    t.behaviour.set("goods", [tables([row("g1", "1"), row("g2", "1", "Failed")])]);
    t.behaviour.set("secrets", [new ApiError(403, "Forbidden", 'goods "x" is forbidden')]);
    t.behaviour.set("broken", [new ApiError(500, "InternalError", "conversion webhook for c.io/v1 failed")]);
    track(t.inventory);
    const view = track(await t.inventory.open({ context: "dev", select: (r) => r.custom }));
    expect(view.kinds().map((k) => k.id)).toEqual(["a.io/v1/goods", "b.io/v1/secrets", "c.io/v1/broken"]);
    await view.settled();
    const states = Object.fromEntries(view.status().map((s) => [s.kind.resource, [s.state, s.count]]));
    expect(states).toEqual({ goods: ["live", 2], secrets: ["forbidden", 0], broken: ["error", 0] });
    expect(view.status().find((s) => s.kind.resource === "broken")?.message).toContain("conversion webhook");
    expect([...view.items()].map((i) => [i.object.metadata.name, i.health?.verdict])).toEqual([
      ["g1", "Current"],
      ["g2", "Failed"],
    ]);
    // The forbidden kind's reflector was left: nothing keeps asking the API server.
    await vi.waitFor(() => expect(t.hub.size).toBe(2 + 2)); // goods, broken + the catalog's two followers
  });

  it("views of one scope share one reflector per kind, and release it when the last closes", async () => {
    const t = setup([resource("a.io", "goods", "Good")]);
    t.behaviour.set("goods", [tables([row("g1", "1")])]);
    track(t.inventory);
    const first = await t.inventory.open({ context: "dev", select: () => true });
    const second = await t.inventory.open({ context: "dev", select: () => true });
    await Promise.all([first.settled(), second.settled()]);
    expect(t.listers.get("goods")).toHaveLength(1);
    expect(t.inventory.scopes).toBe(1);
    first.close();
    expect(t.hub.has(goodsKey())).toBe(true);
    second.close();
    expect(t.inventory.scopes).toBe(0);
    await vi.waitFor(() => expect(t.hub.has(goodsKey())).toBe(false));
  });

  it("tells listeners about resets and live changes, in order", async () => {
    const t = setup([resource("a.io", "goods", "Good")]);
    t.behaviour.set("goods", [tables([row("g1", "1")])]);
    track(t.inventory);
    const view = track(await t.inventory.open({ context: "dev", select: () => true }));
    const heard: string[] = [];
    view.listen({
      onReset: (kind) => heard.push(`reset ${kind.resource} ${[...view.items(kind.id)].length}`),
      onChanges: (changes: readonly InventoryChange[]) =>
        heard.push(...changes.map((c) => `${c.type} ${c.item.object.metadata.name} ${c.item.health?.verdict}`)),
    });
    await view.settled();
    await vi.waitFor(() => expect(t.listers.get("goods")?.[0]?.streams).toHaveLength(1));
    const stream = t.listers.get("goods")?.[0]?.stream;
    stream?.push(
      { type: "MODIFIED", item: row("g1", "2", "Failed"), resourceVersion: "2" },
      { type: "ADDED", item: row("g3", "3"), resourceVersion: "3" },
      { type: "DELETED", item: row("g1", "4", "Failed"), resourceVersion: "4" },
    );
    await vi.waitFor(() => expect(heard).toHaveLength(4));
    expect(heard).toEqual(["reset goods 1", "MODIFIED g1 Failed", "ADDED g3 Current", "DELETED g1 Failed"]);
    expect([...view.items()].map((i) => i.object.metadata.name)).toEqual(["g3"]);
  });

  it("follows the catalog: a CRD added or removed adds or removes its kind", async () => {
    const t = setup([resource("a.io", "goods", "Good")]);
    track(t.inventory);
    const view = track(await t.inventory.open({ context: "dev", select: (r) => r.custom }));
    await view.settled();
    const kinds: string[][] = [];
    view.listen({ onKindsChanged: (k) => kinds.push(k.map((x) => x.resource)) });
    t.setCatalog([resource("a.io", "goods", "Good"), resource("n.io", "news", "New")]);
    await vi.waitFor(() => expect(t.listers.get("customresourcedefinitions")?.[0]?.streams).toHaveLength(1));
    t.listers.get("customresourcedefinitions")?.[0]?.stream.push({
      type: "ADDED",
      item: { cells: [], object: { metadata: { name: "news.n.io", resourceVersion: "5" } } },
      resourceVersion: "5",
    });
    await vi.waitFor(() => expect(kinds).toEqual([["goods", "news"]]));
    expect(t.listers.get("news")).toHaveLength(1);
  });

  it("user-token mode: lists with the user's token, holds it while a view is open, forgets it after", async () => {
    const t = setup([resource("a.io", "goods", "Good")]);
    track(t.inventory);
    const view = await t.inventory.open({ context: "dev", token: "token-of-alice", select: () => true });
    await view.settled();
    expect(t.seenTokens).toContain("token-of-alice");
    expect(t.tokens.token(identityOf("token-of-alice"))).toBe("token-of-alice");
    const statuses: KindStatus[] = view.status();
    expect(statuses.map((s) => s.state)).toEqual(["live"]);
    view.close();
    expect(t.tokens.token(identityOf("token-of-alice"))).toBeUndefined();
  });

  it("lists a few kinds at a time, so the first results do not wait for every list", async () => {
    const t = setup(Array.from({ length: 5 }, (_, i) => resource("a.io", `k${i}s`, `K${i}`)));
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    for (let i = 0; i < 5; i++)
      t.behaviour.set(`k${i}s`, [(o) => ({ ...tables([row(`o${i}`, "1")]), continue: o.continue })]);
    const inventory = new Inventory({ hub: t.hub, catalogs: fakeCatalogs(t), tokens: t.tokens }, { maxListing: 2 });
    track(inventory);
    const view = track(await inventory.open({ context: "dev", select: () => true }));
    const started = () => [...t.listers.keys()].filter((r) => r.startsWith("k")).length;
    // At any moment, at most 2 kinds are listing: started (a lister exists) and not yet listed.
    const live = view.status().filter((s) => s.state === "live").length;
    expect(started() - live).toBeLessThanOrEqual(2);
    expect(started()).toBeLessThan(5);
    open();
    await gate;
    await view.settled();
    expect(started()).toBe(5);
    expect([...view.items()].map((i) => i.object.metadata.name).sort()).toEqual(["o0", "o1", "o2", "o3", "o4"]);
  });

  it("a kind the hub holds already does not wait its turn behind kinds still listing", async () => {
    const t = setup([
      ...Array.from({ length: 3 }, (_, i) => resource("a.io", `k${i}s`, `K${i}`)),
      resource("a.io", "goods", "Good"),
    ]);
    let open = () => {};
    t.gates.list = new Promise<void>((resolve) => {
      open = resolve;
    });
    t.behaviour.set("goods", [tables([row("g1", "1", "Failed")])]);
    // A table of goods is open: its reflector has listed.
    const table = t.hub.subscribe({ ...goodsKey(), table: true }, { onSynced() {}, onEvents() {}, onStatus() {} });
    for (let i = 0; i < 50 && !table.snapshot(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(table.snapshot()).toBeDefined();
    const inventory = track(
      new Inventory({ hub: t.hub, catalogs: fakeCatalogs(t), tokens: t.tokens }, { maxListing: 1 }),
    );
    const view = track(await inventory.open({ context: "dev", select: () => true }));
    // The k kinds are gated (one listing, two queued), yet goods is there at once.
    expect([...view.items()].map((i) => i.object.metadata.name)).toEqual(["g1"]);
    expect(view.status().find((s) => s.kind.resource === "goods")?.state).toBe("live");
    expect(view.status().filter((s) => s.state === "syncing")).toHaveLength(3);
    open();
    await view.settled();
    table.close();
  });

  it("an unknown context rejects the open with the registry's error", async () => {
    const t = setup([]);
    track(t.inventory);
    const catalogs = {
      for: () => {
        throw ApiError.contextNotFound("nope");
      },
    } as unknown as CatalogRegistry;
    const inventory = new Inventory({ hub: t.hub, catalogs, tokens: t.tokens });
    await expect(inventory.open({ context: "nope", select: () => true })).rejects.toMatchObject({ statusCode: 404 });
  });
});

function fakeCatalogs(t: ReturnType<typeof setup>): CatalogRegistry {
  return t.catalogs;
}

function goodsKey(): WatchKey {
  return {
    context: "dev",
    identity: "",
    group: "a.io",
    version: "v1",
    resource: "goods",
    namespace: "",
    labelSelector: "",
    fieldSelector: "",
    table: true,
  };
}

export type { InventoryView };
