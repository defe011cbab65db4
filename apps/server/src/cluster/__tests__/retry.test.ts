import { Response } from "undici";
import { describe, expect, it } from "vitest";
import { retryDelayMs, sendWithRetries } from "../retry.ts";

const answer = (status: number, retryAfter?: string) =>
  new Response(JSON.stringify({ kind: "Status", code: status }), {
    status,
    headers: retryAfter === undefined ? {} : { "retry-after": retryAfter },
  });

describe("retryDelayMs", () => {
  it("retries a 429 with Retry-After for any verb, a 5xx with Retry-After only for reads", () => {
    expect(retryDelayMs("GET", answer(429, "1"))).toBe(1000);
    expect(retryDelayMs("POST", answer(429, "2"))).toBe(2000);
    expect(retryDelayMs("GET", answer(503, "1"))).toBe(1000);
    expect(retryDelayMs("POST", answer(503, "1"))).toBeUndefined();
    expect(retryDelayMs("GET", answer(429))).toBeUndefined();
    expect(retryDelayMs("GET", answer(429, "soon"))).toBeUndefined();
    expect(retryDelayMs("GET", answer(404, "1"))).toBeUndefined();
    expect(retryDelayMs("GET", answer(200, "1"))).toBeUndefined();
  });
});

describe("sendWithRetries", () => {
  const noSleep = { sleep: async () => {} };

  it("retries until the answer is final, honouring Retry-After", async () => {
    const waits: number[] = [];
    const answers = [answer(429, "1"), answer(429, "2"), answer(200)];
    const response = await sendWithRetries("GET", async () => answers.shift() ?? answer(500), undefined, {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(response.status).toBe(200);
    expect(waits).toEqual([1000, 2000]);
  });

  it("gives up after maxRetries and returns the last answer with its Retry-After", async () => {
    let sent = 0;
    const response = await sendWithRetries(
      "GET",
      async () => {
        sent++;
        return answer(429, "1");
      },
      undefined,
      { ...noSleep, maxRetries: 3 },
    );
    expect(sent).toBe(4);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("stops when the total wait would pass its bound, and caps each wait", async () => {
    const waits: number[] = [];
    const response = await sendWithRetries("GET", async () => answer(429, "60"), undefined, {
      maxTotalWaitMs: 12_000,
      maxWaitMs: 5_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([5000, 5000]);
    expect(response.status).toBe(429);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = sendWithRetries("GET", async () => answer(429, "5"), controller.signal);
    controller.abort(new Error("client went away"));
    await expect(pending).rejects.toThrow("client went away");
  });
});
