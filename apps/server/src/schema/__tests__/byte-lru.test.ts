import { describe, expect, it } from "vitest";
import { ByteLru } from "../byte-lru.ts";

describe("ByteLru", () => {
  it("evicts the least recently used entries past its byte budget", () => {
    const lru = new ByteLru<string>(10);
    lru.set("a", "A", 4);
    lru.set("b", "B", 4);
    expect(lru.get("a")).toBe("A"); // a is now newer than b
    lru.set("c", "C", 4);
    expect([...lru.keys()]).toEqual(["a", "c"]);
    expect(lru.bytes).toBe(8);
  });

  it("replaces an entry and its size", () => {
    const lru = new ByteLru<string>(10);
    lru.set("a", "A", 4);
    lru.set("a", "A2", 6);
    expect(lru.get("a")).toBe("A2");
    expect(lru.bytes).toBe(6);
    lru.delete("a");
    expect(lru.bytes).toBe(0);
    expect(lru.size).toBe(0);
  });

  it("keeps nothing larger than the whole budget", () => {
    const lru = new ByteLru<string>(10);
    lru.set("a", "A", 4);
    lru.set("big", "B", 11);
    expect(lru.get("big")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
  });
});
