import { describe, expect, it } from "vitest";
import { boundCluster, createGate } from "../../src/cluster/bounded-cluster.ts";
import type { Cluster } from "../../src/cluster/port.ts";
import type { KubeObject } from "../../src/devspace/types.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("createGate", () => {
  it("runs at most `limit` at once, all of them in the end, first come first served", async () => {
    const run = createGate(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(async () => {
          started.push(i);
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          running -= 1;
          return i * 2;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("frees the place of a call that fails", async () => {
    const run = createGate(1);
    await expect(run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(run(async () => "next")).resolves.toBe("next");
  });

  it("treats a limit below one as one, never as zero", async () => {
    await expect(createGate(0)(async () => "ran")).resolves.toBe("ran");
  });
});

describe("boundCluster", () => {
  it("caps every kind of request together", async () => {
    let running = 0;
    let peak = 0;
    const slow = async <T>(value: T): Promise<T> => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      return value;
    };
    const object: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } };
    const ref = { apiVersion: "v1", kind: "Namespace", name: "x" };
    const inner: Cluster = {
      apply: (o) => slow(o),
      mergePatch: () => slow(object as never),
      create: (o) => slow(o),
      replace: (o) => slow(o),
      get: () => slow(undefined),
      list: () => slow([]),
      delete: () => slow(true),
    };
    const cluster = boundCluster(inner, 2);
    await Promise.all(
      Array.from({ length: 5 }, () => [
        cluster.apply(object),
        cluster.mergePatch(ref, {}),
        cluster.create(object),
        cluster.replace(object),
        cluster.get(ref),
        cluster.list({ apiVersion: "v1", kind: "Namespace" }),
        cluster.delete(ref),
      ]).flat(),
    );
    expect(peak).toBe(2);
  });
});
