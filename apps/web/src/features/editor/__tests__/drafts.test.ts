import { describe, expect, it } from "vitest";
import { type Draft, DraftStore, draftKey } from "../utils/drafts.ts";

class MemoryStorage implements Storage {
  readonly map = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException("quota", "QuotaExceededError");
    this.map.set(key, value);
  }
}

const PATH = "apis/stable.example.com/v1/namespaces/default/myservices/web";
const draft: Draft = { text: "b", baseText: "a", baseResourceVersion: "7", savedAt: 1 };

describe("draftKey", () => {
  it("is one key per context, object and mode", () => {
    expect(draftKey({ context: "loupe-local", path: PATH })).toBe(
      "loupe:draft:v1:loupe-local:object:apis%2Fstable.example.com%2Fv1%2Fnamespaces%2Fdefault%2Fmyservices%2Fweb",
    );
    const keys = new Set([
      draftKey({ context: "a", path: PATH }),
      draftKey({ context: "b", path: PATH }),
      draftKey({ context: "a", path: `${PATH}2` }),
      draftKey({ context: "a", path: PATH, mode: "status" }),
      draftKey({ context: "a", path: PATH, mode: "new" }),
    ]);
    expect(keys.size).toBe(5);
  });

  it("cannot be confused by separators inside a context name", () => {
    expect(draftKey({ context: "a:object", path: "x" })).not.toBe(draftKey({ context: "a", path: "object:x" }));
  });
});

describe("DraftStore", () => {
  it("saves, loads and clears a draft", () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage);
    const target = { context: "c", path: PATH };
    expect(store.load(target)).toBeUndefined();
    expect(store.save(target, draft)).toBe(true);
    expect(store.load(target)).toEqual(draft);
    expect(store.load({ ...target, mode: "status" })).toBeUndefined();
    store.clear(target);
    expect(store.load(target)).toBeUndefined();
  });

  it("drops a corrupt entry instead of throwing", () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage);
    const target = { context: "c", path: PATH };
    storage.setItem(draftKey(target), "{not json");
    expect(store.load(target)).toBeUndefined();
    storage.setItem(draftKey(target), JSON.stringify({ text: 1 }));
    expect(store.load(target)).toBeUndefined();
    expect(storage.length).toBe(0);
  });

  it("prunes old and unreadable drafts, and nothing else", () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage);
    store.save({ context: "c", path: "old" }, { ...draft, savedAt: 1_000 });
    store.save({ context: "c", path: "new" }, { ...draft, savedAt: 9_000 });
    storage.setItem("loupe:draft:v1:c:object:bad", "{");
    storage.setItem("someone-else", "keep");
    expect(store.prune(5_000, 10_000)).toBe(2);
    expect([...storage.map.keys()].sort()).toEqual([draftKey({ context: "c", path: "new" }), "someone-else"]);
    expect(new DraftStore(undefined).prune(1)).toBe(0);
  });

  it("reports a refused write, and works without storage at all", () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    expect(new DraftStore(storage).save({ context: "c", path: PATH }, draft)).toBe(false);
    const none = new DraftStore(undefined);
    expect(none.save({ context: "c", path: PATH }, draft)).toBe(false);
    expect(none.load({ context: "c", path: PATH })).toBeUndefined();
  });
});

describe("Secret drafts", () => {
  it("are never stored, and one left by an older version is removed unread", () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage);
    for (const path of ["api/v1/namespaces/default/secrets/db", "api/v1/namespaces/default/secrets"]) {
      const target = { context: "c", path, mode: path.endsWith("secrets") ? ("new" as const) : ("object" as const) };
      expect(store.save(target, draft)).toBe(false);
      expect(storage.length).toBe(0);
      storage.setItem(draftKey(target), JSON.stringify(draft));
      expect(store.load(target)).toBeUndefined();
      expect(storage.length).toBe(0);
    }
    expect(store.save({ context: "c", path: "api/v1/namespaces/secrets/configmaps/x" }, draft)).toBe(true);
  });
});
