import { describe, expect, it } from "vitest";
import { mapBounded } from "../../src/operations/map-bounded.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("mapBounded", () => {
  it("never runs more than the limit at once, yet runs that many, and keeps the order of results", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded(Array.from({ length: 20 }, (_, i) => i), 4, async (n) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < (n % 3) + 1; i++) await tick();
      running--;
      return n * 2;
    });
    expect(peak).toBe(4);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it("does not let one slow item hold up the others", async () => {
    const finished: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done = mapBounded(["slow", "a", "b", "c"], 2, async (item) => {
      if (item === "slow") await slow;
      finished.push(item);
    });
    for (let i = 0; i < 10; i++) await tick();
    expect(finished).toEqual(["a", "b", "c"]);
    release();
    await done;
    expect(finished).toEqual(["a", "b", "c", "slow"]);
  });

  it("handles no items and limits below one", async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    expect(await mapBounded([1, 2], 0, async (n) => n)).toEqual([1, 2]);
  });

  it("rejects with the first error, after the running items settle, and starts no new ones", async () => {
    const started: number[] = [];
    const call = mapBounded([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error("one failed");
      return n;
    });
    await expect(call).rejects.toThrow("one failed");
    expect(started).toEqual([1, 2]);
  });
});
