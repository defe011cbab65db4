import { beforeEach, describe, expect, it, vi } from "vitest";

class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

describe("kind memory", () => {
  let store: MemoryStorage;
  beforeEach(() => {
    vi.resetModules();
    store = new MemoryStorage();
    vi.stubGlobal("localStorage", store);
  });

  it("keeps the most recent kinds first, each once, at most RECENT_LIMIT, per context", async () => {
    const m = await import("../kind-memory.ts");
    for (let i = 0; i < 12; i++) m.rememberVisit("a", `g/r${i}`);
    m.rememberVisit("a", "g/r5");
    const saved = JSON.parse(store.getItem("loupe:kinds:a") ?? "{}");
    expect(saved.recent).toEqual(["g/r5", "g/r11", "g/r10", "g/r9", "g/r8", "g/r7", "g/r6", "g/r4"]);
    expect(store.getItem("loupe:kinds:b")).toBeNull();
  });

  it("pins and unpins, surviving a reload", async () => {
    let m = await import("../kind-memory.ts");
    m.setPinned("a", "apps/deployments", true);
    m.setPinned("a", "/pods", true);
    m.setPinned("a", "apps/deployments", false);
    vi.resetModules();
    m = await import("../kind-memory.ts");
    m.rememberVisit("a", "x/y");
    expect(JSON.parse(store.getItem("loupe:kinds:a") ?? "{}").pinned).toEqual(["/pods"]);
  });

  it("ignores what it cannot read, and works when storage throws", async () => {
    store.setItem("loupe:kinds:a", "{not json");
    const m = await import("../kind-memory.ts");
    m.rememberVisit("a", "g/r");
    expect(JSON.parse(store.getItem("loupe:kinds:a") ?? "{}").recent).toEqual(["g/r"]);
    store.setItem = () => {
      throw new Error("quota");
    };
    expect(() => m.setPinned("a", "g/r", true)).not.toThrow();
  });
});
