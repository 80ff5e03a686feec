import { describe, expect, it } from "vitest";
import {
  chooseRestoreTarget,
  isValidObjectName,
  parseRestoreTarget,
  readCandidate,
  type RestoreTarget,
} from "../../src/devspace/restore-target.ts";
import { snapshotObject } from "../support/restore-fixtures.ts";

const SLUG = "octo-cat";
const candidates = (...objects: ReturnType<typeof snapshotObject>[]) => objects.map(readCandidate);
const target = (text: string): RestoreTarget => {
  const parsed = parseRestoreTarget(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.target;
};

describe("parseRestoreTarget", () => {
  it.each([
    ["latest", { kind: "latest" }],
    ["LATEST", { kind: "latest" }],
    ["snap-123", { kind: "name-or-label", text: "snap-123" }],
    ["safety-9.v2", { kind: "name-or-label", text: "safety-9.v2" }],
    ["before-upgrade", { kind: "name-or-label", text: "before-upgrade" }],
    ["Before_Upgrade", { kind: "label", text: "Before_Upgrade" }],
    ["v1.2_rc", { kind: "label", text: "v1.2_rc" }],
    // Not object names, but labels may look like this.
    ["snap-", { kind: "label", text: "snap-" }],
    ["a..b", { kind: "label", text: "a..b" }],
  ])("%s → %j", (text, expected) => {
    expect(parseRestoreTarget(text)).toEqual({ ok: true, target: expected });
  });

  it.each(["../x", "Bad_Name!", "a/b", "-snap", "x".repeat(254), "sn ap", "snap`rm`", "🙂", ".hidden", "_x"])(
    "refuses %j as neither a name nor a label",
    (text) => {
      const parsed = parseRestoreTarget(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message).toContain("is not a snapshot name or label");
        expect(parsed.message).toContain("Nothing was changed.");
        // The echo cannot break out of its code span.
        expect(parsed.message.split("`").length % 2).toBe(1);
      }
    },
  );

  it("validates object names as DNS-1123 subdomains", () => {
    expect(isValidObjectName("a")).toBe(true);
    expect(isValidObjectName("a.b-c.d")).toBe(true);
    expect(isValidObjectName("a".repeat(253))).toBe(true);
    expect(isValidObjectName("a".repeat(254))).toBe(false);
    expect(isValidObjectName("A")).toBe(false);
    expect(isValidObjectName("")).toBe(false);
    expect(isValidObjectName("a_b")).toBe(false);
  });
});

describe("chooseRestoreTarget", () => {
  const older = snapshotObject({ name: "snap-1", slug: SLUG, kind: "manual", label: "before-upgrade", createdAt: "2026-01-01T10:00:00Z" });
  const newer = snapshotObject({ name: "snap-2", slug: SLUG, kind: "manual", label: "before-upgrade", createdAt: "2026-01-02T10:00:00Z" });
  const scheduled = snapshotObject({ name: "sched-3", slug: SLUG, kind: "scheduled", createdAt: "2026-01-03T10:00:00Z" });
  const safety = snapshotObject({ name: "safety-4", slug: SLUG, kind: "safety", createdAt: "2026-01-04T10:00:00Z" });
  const notReady = snapshotObject({ name: "snap-5", slug: SLUG, kind: "manual", ready: false, createdAt: "2026-01-05T10:00:00Z" });
  const foreign = snapshotObject({ name: "snap-6", slug: "someone-else", kind: "manual", label: "before-upgrade", createdAt: "2026-01-06T10:00:00Z" });
  const otherClaim = snapshotObject({ name: "snap-7", slug: SLUG, kind: "manual", source: "scratch", createdAt: "2026-01-07T10:00:00Z" });
  const failed = snapshotObject({ name: "snap-8", slug: SLUG, kind: "manual", error: "disk on fire", createdAt: "2026-01-08T10:00:00Z" });
  const deleting = snapshotObject({ name: "snap-9", slug: SLUG, kind: "manual", deleting: true, createdAt: "2026-01-09T10:00:00Z" });
  const all = candidates(older, newer, scheduled, safety, notReady, foreign, otherClaim, failed, deleting);
  const chosen = (text: string, list = all) => {
    const choice = chooseRestoreTarget(target(text), list, SLUG);
    return choice.ok ? choice.snapshot.name : choice.reason;
  };

  it("latest is the newest ready manual or scheduled snapshot of this devspace, never a safety one", () => {
    expect(chosen("latest")).toBe("sched-3");
    expect(chosen("latest", candidates(older, safety))).toBe("snap-1");
    expect(chosen("latest", candidates(safety, notReady, foreign, otherClaim, failed, deleting))).toBe("missing");
  });

  it("an exact name wins, of any kind", () => {
    expect(chosen("snap-1")).toBe("snap-1");
    expect(chosen("safety-4")).toBe("safety-4");
  });

  it("a label means the newest ready snapshot with it, among this devspace's own", () => {
    expect(chosen("before-upgrade")).toBe("snap-2");
    expect(chosen("before-upgrade", candidates(foreign))).toBe("missing");
  });

  it("refuses what it cannot restore, and says why", () => {
    expect(chosen("snap-5")).toBe("not-ready");
    expect(chosen("snap-6")).toBe("foreign");
    expect(chosen("snap-7")).toBe("foreign");
    expect(chosen("snap-8")).toBe("failed");
    expect(chosen("snap-9")).toBe("deleting");
    expect(chosen("nope")).toBe("missing");
    expect(chosen("Nope_Label")).toBe("missing");
    const labelledNotReady = snapshotObject({ name: "snap-10", slug: SLUG, kind: "manual", label: "wip", ready: false });
    expect(chosen("wip", candidates(labelledNotReady))).toBe("not-ready");
  });

  it("every refusal message says nothing was changed", () => {
    for (const text of ["snap-5", "snap-6", "snap-8", "snap-9", "nope", "latest"]) {
      const choice = chooseRestoreTarget(target(text), text === "latest" ? [] : all, SLUG);
      expect(choice.ok).toBe(false);
      if (!choice.ok) expect(choice.message).toContain("Nothing was changed.");
    }
  });
});
