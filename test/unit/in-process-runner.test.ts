import { describe, expect, it } from "vitest";
import { DevspaceError } from "../../src/errors.ts";
import { createInProcessRunner } from "../../src/runner/in-process.ts";

describe("createInProcessRunner", () => {
  it("runs each id once and reports duplicates", async () => {
    const ran: string[] = [];
    const runner = createInProcessRunner<string>(async (params, _step, id) => {
      ran.push(`${id}:${params}`);
    });
    expect(await runner.start("d1", "a")).toBe("started");
    expect(await runner.start("d1", "a")).toBe("duplicate");
    expect(await runner.start("d2", "b")).toBe("started");
    await runner.idle();
    expect(ran).toEqual(["d1:a", "d2:b"]);
  });

  it("retries retryable step failures, and not the others", async () => {
    let transient = 0;
    let permanent = 0;
    const outcomes: string[] = [];
    const runner = createInProcessRunner<null>(
      async (_params, step) => {
        await step.do("transient", async () => {
          transient++;
          if (transient < 3) throw new DevspaceError("x", "flaky", { retryable: true });
        });
        try {
          await step.do("permanent", async () => {
            permanent++;
            throw new DevspaceError("y", "no", { retryable: false });
          });
        } catch (error) {
          outcomes.push((error as Error).message);
        }
      },
      { backoffMs: 1 },
    );
    await runner.start("r", null);
    await runner.idle();
    expect(transient).toBe(3);
    expect(permanent).toBe(1);
    expect(outcomes).toEqual(["no"]);
  });

  it("keeps the process alive when a run fails, and logs it", async () => {
    const logged: string[] = [];
    const runner = createInProcessRunner<null>(
      async () => {
        throw new Error("boom");
      },
      { log: (message) => logged.push(message) },
    );
    await runner.start("x", null);
    await runner.idle();
    expect(logged).toEqual(["run x failed"]);
  });
});
