import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InventoryView } from "../../inventory/index.ts";
import { HeldViews } from "../held-views.ts";

function fakeView() {
  const view = { close: vi.fn() } as unknown as InventoryView & { close: ReturnType<typeof vi.fn> };
  return view;
}

describe("HeldViews", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("hands the same view to the next walk within the hold, and closes it once unused that long", async () => {
    const held = new HeldViews({ holdMs: 60_000 });
    const view = fakeView();
    const open = vi.fn(async () => view);
    const first = held.acquire("a", open);
    expect(await first.view).toBe(view);
    held.release("a", first.held);
    await vi.advanceTimersByTimeAsync(30_000);
    const second = held.acquire("a", open);
    expect(await second.view).toBe(view);
    expect(open).toHaveBeenCalledTimes(1);
    held.release("a", second.held);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(view.close).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(view.close).toHaveBeenCalledTimes(1);
    expect(held.size).toBe(0);
  });

  it("never closes a view a walk still uses; past its bound it closes the least recently used idle one", async () => {
    const held = new HeldViews({ max: 2 });
    const views = [fakeView(), fakeView(), fakeView()];
    const a = held.acquire("a", async () => views[0] as InventoryView);
    const b = held.acquire("b", async () => views[1] as InventoryView);
    held.release("b", b.held);
    held.acquire("c", async () => views[2] as InventoryView);
    await Promise.resolve();
    await Promise.resolve();
    expect(views[1]?.close).toHaveBeenCalledTimes(1); // b: idle and least recently used
    expect(views[0]?.close).not.toHaveBeenCalled(); // a: in use
    expect(held.size).toBe(2);
    held.release("a", a.held);
  });

  it("does not keep a view that failed to open", async () => {
    const held = new HeldViews();
    const failed = held.acquire("a", async () => {
      throw new Error("forbidden");
    });
    await expect(failed.view).rejects.toThrow("forbidden");
    expect(held.size).toBe(0);
    const view = fakeView();
    expect(await held.acquire("a", async () => view).view).toBe(view);
  });
});
