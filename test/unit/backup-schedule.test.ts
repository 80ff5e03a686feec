import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ScheduledBackupIntent } from "../../src/operations/intent.ts";
import { startBackupSchedule } from "../../src/runner/backup-schedule.ts";
import type { Runner } from "../../src/runner/step.ts";

/** A runner that, like the real ones, starts each id once. */
function recordingRunner() {
  const started: Array<{ id: string; params: ScheduledBackupIntent }> = [];
  const seen = new Set<string>();
  const runner: Runner<ScheduledBackupIntent> = {
    async start(id, params) {
      if (seen.has(id)) return "duplicate";
      seen.add(id);
      started.push({ id, params });
      return "started";
    },
  };
  return { runner, started };
}

describe("startBackupSchedule", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-02T23:58:30Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts the current slot at once, each slot once, and the next slot when the clock reaches it", async () => {
    const { runner, started } = recordingRunner();
    const logs: string[] = [];
    const schedule = startBackupSchedule({ intervalMinutes: 1440, runner, log: (message) => logs.push(message) });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([{ id: "backup-202601020000", params: { kind: "scheduled-backup", slot: "202601020000" } }]);

    await vi.advanceTimersByTimeAsync(60_000); // 23:59:30, same slot
    expect(started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000); // 00:00:30 the next day
    expect(started.map((s) => s.id)).toEqual(["backup-202601020000", "backup-202601030000"]);
    expect(logs.filter((m) => m === "scheduled backup started")).toHaveLength(2);

    schedule.stop();
    await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60_000);
    expect(started).toHaveLength(2);
  });

  it("schedules nothing when the interval is 0", async () => {
    const { runner, started } = recordingRunner();
    startBackupSchedule({ intervalMinutes: 0, runner, log: () => {} });
    await vi.advanceTimersByTimeAsync(3 * 24 * 60 * 60_000);
    expect(started).toEqual([]);
  });

  it("logs a runner that cannot start, and keeps ticking", async () => {
    const logs: Array<{ message: string; extra?: Record<string, unknown> }> = [];
    let calls = 0;
    const runner: Runner<ScheduledBackupIntent> = {
      async start() {
        calls++;
        throw new Error("workflow binding unavailable");
      },
    };
    const schedule = startBackupSchedule({ intervalMinutes: 60, runner, log: (message, extra) => logs.push({ message, extra }) });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toBe(3);
    expect(logs[0]).toMatchObject({ message: "scheduled backup could not start", extra: { slot: "202601022300" } });
    schedule.stop();
  });
});
