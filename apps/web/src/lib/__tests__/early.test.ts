import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, api } from "../api.ts";
import { requestEarly, takeEarly } from "../early.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("early requests", () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.useFakeTimers();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("answers the first api() call of the same URL, and only that one", async () => {
    fetchMock.mockResolvedValueOnce(json({ early: true })).mockImplementation(async () => json({ early: false }));
    requestEarly(["/api/v1/session"]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get("accept")).toBe("application/json");
    await expect(api("/api/v1/session")).resolves.toEqual({ early: true });
    await expect(api("/api/v1/session")).resolves.toEqual({ early: false });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("is not used for another URL or a write", async () => {
    fetchMock.mockResolvedValueOnce(json({ early: true })).mockImplementation(async () => json({ early: false }));
    requestEarly(["/api/v1/contexts/a/catalog"]);
    await expect(api("/api/v1/contexts/b/catalog")).resolves.toEqual({ early: false });
    await expect(api("/api/v1/contexts/a/catalog", { method: "POST" })).resolves.toEqual({ early: false });
    await expect(api("/api/v1/contexts/a/catalog")).resolves.toEqual({ early: true });
  });

  it("asks again when the early answer failed (a 401 before signing in, a network error)", async () => {
    fetchMock
      .mockResolvedValueOnce(json({ statusCode: 401, code: "LOUPE_UNAUTHENTICATED", message: "sign in" }, 401))
      .mockRejectedValueOnce(new TypeError("network down"))
      .mockImplementation(async () => json({ fresh: true }));
    requestEarly(["/a", "/b"]);
    await expect(api("/a")).resolves.toEqual({ fresh: true });
    await expect(api("/b")).resolves.toEqual({ fresh: true });
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });

  it("drops an answer nobody took within 5 s, so a later visit reads fresh data", async () => {
    fetchMock.mockResolvedValue(json({}));
    requestEarly(["/late"]);
    vi.advanceTimersByTime(4_999);
    expect(takeEarly("/late")).toBeDefined();
    requestEarly(["/late"]);
    vi.advanceTimersByTime(5_000);
    expect(takeEarly("/late")).toBeUndefined();
  });

  it("still honours an abort signal", async () => {
    fetchMock.mockResolvedValue(json({}));
    requestEarly(["/list"]);
    const abort = new AbortController();
    abort.abort();
    await expect(api("/list", { signal: abort.signal })).rejects.toBeInstanceOf(ApiError);
  });
});
