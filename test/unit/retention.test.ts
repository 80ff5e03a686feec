import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backupRunId,
  formatSlot,
  parseSlot,
  planRetention,
  type RetentionPolicy,
  scheduledSnapshotName,
  slotAt,
  slotOfSnapshot,
} from "../../src/devspace/retention.ts";
import type { SnapshotView } from "../../src/devspace/snapshots.ts";
import { renderBackupProblem } from "../../src/operations/scheduled-backup.ts";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-03-15T12:00:00Z");
const POLICY: RetentionPolicy = { keepScheduled: 3, protectedMaxAgeMs: 14 * DAY };

function view(name: string, kind: string, extra: Partial<SnapshotView> = {}): SnapshotView {
  return { name, kind, readyToUse: true, createdAt: "2026-03-15T00:00:00Z", restoreSize: "1Gi", ...extra };
}
const sched = (slot: string, extra: Partial<SnapshotView> = {}) => view(`sched-${slot}`, "scheduled", extra);
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const pruned = (views: SnapshotView[], policy = POLICY, now = NOW) =>
  planRetention(views, policy, now)
    .filter((d) => d.prune)
    .map((d) => d.name)
    .sort();

describe("slots", () => {
  it.each([
    ["2026-01-02T03:04:59.999Z", "202601020304"],
    ["1999-12-31T23:59:00Z", "199912312359"],
    ["2028-02-29T00:00:00Z", "202802290000"],
  ])("formats %s as %s and reads it back", (iso, slot) => {
    expect(formatSlot(new Date(iso))).toBe(slot);
    expect(parseSlot(slot)?.toISOString()).toBe(new Date(`${iso.slice(0, 16)}:00Z`).toISOString());
  });

  it.each(["", "20260102030", "2026010203000", "202602300000", "202613010000", "202601012400", "202601010060", "2026-01-01T0", "abcdefghijkl"])(
    "refuses %j",
    (text) => {
      expect(parseSlot(text)).toBeUndefined();
    },
  );

  it.each([
    ["2026-01-02T03:17:42Z", 1440, "202601020000"],
    ["2026-01-02T00:00:00Z", 1440, "202601020000"],
    ["2026-01-02T23:59:59Z", 1440, "202601020000"],
    ["2026-01-02T03:17:42Z", 60, "202601020300"],
    ["2026-01-02T03:17:42Z", 15, "202601020315"],
    ["2026-01-02T03:17:42Z", 1, "202601020317"],
  ])("the slot of %s every %i minutes is %s", (iso, minutes, slot) => {
    expect(slotAt(new Date(iso), minutes)).toBe(slot);
  });

  it("names the snapshot and the run after the slot, and reads the slot back from the name", () => {
    expect(scheduledSnapshotName("202601020300")).toBe("sched-202601020300");
    expect(backupRunId("202601020300")).toBe("backup-202601020300");
    expect(slotOfSnapshot("sched-202601020300")).toBe("202601020300");
    expect(slotOfSnapshot("sched-202602300300")).toBeUndefined();
    expect(slotOfSnapshot("snap-202601020300")).toBeUndefined();
    expect(slotOfSnapshot("sched-nightly")).toBeUndefined();
  });

  it("every instant of a slot maps to the same slot, and the next slot starts one interval later", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(1, 5, 15, 60, 90, 360, 1440), (ms, minutes) => {
        const slot = slotAt(new Date(ms), minutes);
        const start = parseSlot(slot)!.getTime();
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms - start).toBeLessThan(minutes * 60_000);
        expect(slotAt(new Date(start + minutes * 60_000), minutes)).not.toBe(slot);
        expect(slotAt(new Date(start + minutes * 60_000 - 1), minutes)).toBe(slot);
      }),
    );
  });
});

describe("planRetention", () => {
  it("keeps the N newest scheduled snapshots and prunes the rest", () => {
    const views = ["202603100300", "202603110300", "202603120300", "202603130300", "202603140300"].map((slot) => sched(slot));
    expect(pruned(views)).toEqual(["sched-202603100300", "sched-202603110300"]);
  });

  it("orders by the slot in the name, not by creation time (a slot run late is not the newest)", () => {
    // Created in the order 14, 10, 11, 12, 13: creation times say 13 is newest and 14 oldest.
    const order = ["202603140300", "202603100300", "202603110300", "202603120300", "202603130300"];
    const views = order.map((slot, i) => sched(slot, { createdAt: new Date(NOW.getTime() - (10 - i) * 1000).toISOString() }));
    expect(pruned(views)).toEqual(["sched-202603100300", "sched-202603110300"]);
  });

  it("is deterministic when creation times are equal", () => {
    const slots = ["202603120300", "202603100300", "202603140300", "202603110300", "202603130300"];
    const views = slots.map((slot) => sched(slot, { createdAt: "2026-03-15T11:00:00Z" }));
    expect(pruned(views)).toEqual(["sched-202603100300", "sched-202603110300"]);
    expect(pruned([...views].reverse())).toEqual(pruned(views));
  });

  it("falls back to the creation time, then the name, for scheduled snapshots named some other way", () => {
    const views = [
      view("nightly-a", "scheduled", { createdAt: daysAgo(3) }),
      view("nightly-b", "scheduled", { createdAt: daysAgo(2) }),
      sched("202603140300"),
      view("nightly-c", "scheduled", { createdAt: "not a time" }),
    ];
    expect(pruned(views)).toEqual(["nightly-c"]);
  });

  it("never prunes manual snapshots or kinds it does not know, however old and however many", () => {
    const views = [
      ...Array.from({ length: 20 }, (_, i) => view(`snap-${i}`, "manual", { createdAt: daysAgo(400 + i) })),
      view("hand-made", "unknown", { createdAt: daysAgo(1000) }),
      view("other", "experimental", { createdAt: daysAgo(1000) }),
      sched("202603140300"),
    ];
    expect(pruned(views)).toEqual([]);
    const decisions = planRetention(views, POLICY, NOW);
    expect(decisions.find((d) => d.name === "snap-0")?.reason).toBe("manual snapshots are never pruned");
  });

  it("keeps safety and final snapshots younger than their retention, and prunes older ones", () => {
    const views = [
      view("safety-young", "safety", { createdAt: daysAgo(13.9) }),
      view("safety-boundary", "safety", { createdAt: daysAgo(14) }),
      view("safety-old", "safety", { createdAt: daysAgo(30) }),
      view("final-young", "final", { createdAt: daysAgo(1) }),
      view("final-old", "final", { createdAt: daysAgo(15) }),
      view("safety-unknown-age", "safety", { createdAt: undefined }),
      view("safety-not-ready-young", "safety", { readyToUse: false, createdAt: daysAgo(0) }),
    ];
    expect(pruned(views)).toEqual(["final-old", "safety-boundary", "safety-old"]);
    const reasons = Object.fromEntries(planRetention(views, POLICY, NOW).map((d) => [d.name, d.reason]));
    expect(reasons["safety-young"]).toBe("younger than 14 days");
    expect(reasons["safety-old"]).toBe("older than 14 days");
    expect(reasons["safety-unknown-age"]).toBe("its age is unknown");
  });

  it("does not count safety or manual snapshots towards the scheduled retention", () => {
    const views = [
      sched("202603130300"),
      sched("202603140300"),
      view("safety-1", "safety", { createdAt: daysAgo(1) }),
      view("snap-1", "manual"),
      view("snap-2", "manual"),
    ];
    expect(pruned(views, { ...POLICY, keepScheduled: 2 })).toEqual([]);
  });

  it("counts only ready snapshots as kept: a failed one goes, one still being taken stays, a stuck old one goes", () => {
    const views = [
      sched("202603150300", { readyToUse: false }),
      sched("202603140300", { readyToUse: false, error: "driver said no" }),
      sched("202603130300"),
      sched("202603120300"),
      sched("202603110300"),
      sched("202603100300", { readyToUse: false }),
      sched("202603090300"),
    ];
    expect(pruned(views)).toEqual(["sched-202603090300", "sched-202603100300", "sched-202603140300"]);
  });

  it("keeps at least one scheduled snapshot whatever the policy says", () => {
    const views = [sched("202603130300"), sched("202603140300")];
    expect(pruned(views, { ...POLICY, keepScheduled: 0 })).toEqual(["sched-202603130300"]);
  });

  it("answers for every snapshot, in the order given", () => {
    const views = [view("snap-1", "manual"), sched("202603140300"), view("safety-1", "safety")];
    expect(planRetention(views, POLICY, NOW).map((d) => d.name)).toEqual(["snap-1", "sched-202603140300", "safety-1"]);
  });

  it("for any mix of snapshots: exactly the N newest ready scheduled ones stay, and no manual one is pruned", () => {
    const slotArb = fc
      .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
      .map(formatSlot);
    const snapshotArb = fc.oneof(
      slotArb.map((slot) => ({ kind: "scheduled", name: `sched-${slot}` })),
      fc.nat(10_000).map((n) => ({ kind: "manual", name: `snap-${n}` })),
      fc.nat(10_000).map((n) => ({ kind: "safety", name: `safety-${n}` })),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(snapshotArb, { selector: (s) => s.name, maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 30, maxLength: 30 }),
        (snapshots, keep, ages) => {
          const views = snapshots.map((s, i) => view(s.name, s.kind, { createdAt: daysAgo(ages[i]!) }));
          const decisions = planRetention(views, { keepScheduled: keep, protectedMaxAgeMs: 14 * DAY }, NOW);
          const kept = decisions.filter((d) => !d.prune).map((d) => d.name);
          const scheduled = views.filter((v) => v.kind === "scheduled").map((v) => v.name);
          const newest = [...scheduled].sort().reverse().slice(0, keep);
          expect(kept.filter((name) => name.startsWith("sched-")).sort()).toEqual(newest.sort());
          for (const v of views.filter((v) => v.kind === "manual")) expect(kept).toContain(v.name);
          for (const v of views.filter((v) => v.kind === "safety")) {
            expect(kept.includes(v.name)).toBe(Date.parse(v.createdAt!) > NOW.getTime() - 14 * DAY);
          }
        },
      ),
    );
  });
});

describe("renderBackupProblem", () => {
  const slot = "202601020300";
  const base = { slug: "mona", namespace: "ds-mona", snapshot: `sched-${slot}`, pruned: [] };

  it("says a failure in plain words, that nothing was pruned, and carries the slot's marker", () => {
    const body = renderBackupProblem({ ...base, result: "failed", reason: "The home volume is missing." }, slot, parseSlot(slot)!);
    expect(body.split("\n")[0]).toBe("<!-- devspaces:backup:mona:202601020300 -->");
    expect(body).toContain("⚠️ **Scheduled backup failed** (2026-01-02 03:00 UTC)");
    expect(body).toContain("The home volume was not backed up: The home volume is missing.");
    expect(body).toContain("Nothing was pruned");
  });

  it("says a skip is a skip, naming what held the devspace", () => {
    const body = renderBackupProblem({ ...base, result: "skipped", reason: "Busy: running /restore since T." }, slot, parseSlot(slot)!);
    expect(body).toContain("⏭️ **Scheduled backup skipped**");
    expect(body).toContain("Busy: running /restore since T.");
  });

  it("says the backup is there when only pruning failed, and does not claim nothing was pruned", () => {
    const body = renderBackupProblem({ ...base, result: "failed", made: true, reason: "internal error" }, slot, parseSlot(slot)!);
    expect(body).toContain("The backup `sched-202601020300` is ready, but removing older snapshots failed: internal error");
    expect(body).not.toContain("Nothing was pruned");
  });
});
