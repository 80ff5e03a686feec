import { describe, expect, it } from "vitest";
import { planRestore, type RestoreFacts } from "../../src/devspace/restore-plan.ts";
import { buildSafetySnapshot, checkSafetyCovers, readSafetyRecord } from "../../src/devspace/restore-safety.ts";
import { parseRestoreTarget, type RestoreTarget } from "../../src/devspace/restore-target.ts";
import { ANNOTATION_RESTORE_ID } from "../../src/devspace/restored-claim.ts";
import type { KubeObject } from "../../src/devspace/types.ts";
import { claimObject, snapshotObject, statefulSetObject } from "../support/restore-fixtures.ts";

const SLUG = "octo-cat";
const target = (text: string): RestoreTarget => {
  const parsed = parseRestoreTarget(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.target;
};
const snap1 = snapshotObject({ name: "snap-1", slug: SLUG, kind: "manual", label: "good", createdAt: "2026-01-01T10:00:00Z" });
const snap2 = snapshotObject({ name: "snap-2", slug: SLUG, kind: "manual", createdAt: "2026-01-02T10:00:00Z", restoreSize: "8Gi" });
const claim = claimObject({ uid: "uid-old", request: "5Gi", storageClassName: "standard" });

function safetyOf(of: KubeObject, targetName: string, ready = true): KubeObject {
  const safety = buildSafetySnapshot({ namespace: "ds-octo-cat", slug: SLUG, name: "safety-77", target: targetName, claim: of, requestedBy: "Octo-Cat" });
  safety.status = { readyToUse: ready, ...(ready ? { restoreSize: "5Gi" } : {}) };
  return safety;
}

function facts(overrides: Partial<RestoreFacts>): RestoreFacts {
  return {
    slug: SLUG,
    safetyName: "safety-77",
    requested: target("latest"),
    snapshots: [snap1, snap2],
    claim,
    statefulSet: statefulSetObject({ homeVolumeGi: 5 }),
    storageQuota: "10Gi",
    ...overrides,
  };
}

describe("planRestore", () => {
  it("plans a restore of the chosen snapshot, at least as big as the snapshot and the old claim", () => {
    expect(planRestore(facts({ requested: target("good") }))).toEqual({
      ok: true,
      resumed: false,
      request: "5Gi",
      target: { name: "snap-1", kind: "manual", label: "good", restoreSize: "1Gi", createdAt: "2026-01-01T10:00:00Z" },
    });
    const latest = planRestore(facts({}));
    expect(latest.ok && [latest.target.name, latest.request]).toEqual(["snap-2", "8Gi"]);
  });

  it("on a re-run restores the target recorded on its safety snapshot, not whatever latest means now", () => {
    const newest = snapshotObject({ name: "snap-3", slug: SLUG, kind: "manual", createdAt: "2026-01-03T10:00:00Z" });
    const plan = planRestore(facts({ snapshots: [snap1, snap2, newest, safetyOf(claim, "snap-1")] }));
    expect(plan.ok && [plan.target.name, plan.resumed]).toEqual(["snap-1", true]);
  });

  it("resumes after the old claim was deleted, sizing the new one from what the safety snapshot recorded", () => {
    const bigClaim = claimObject({ uid: "uid-old", request: "9Gi" });
    const plan = planRestore(facts({ claim: undefined, snapshots: [snap1, safetyOf(bigClaim, "snap-1")] }));
    expect(plan.ok && [plan.target.name, plan.request]).toEqual(["snap-1", "9Gi"]);
  });

  it("resumes when the restored claim already exists", () => {
    const restored = claimObject({ uid: "uid-new", request: "5Gi", annotations: { [ANNOTATION_RESTORE_ID]: "safety-77" } });
    expect(planRestore(facts({ claim: restored, snapshots: [snap1, safetyOf(claim, "snap-1")] })).ok).toBe(true);
  });

  it("refuses to restore over no home volume when there is no safety snapshot for it", () => {
    const plan = planRestore(facts({ claim: undefined }));
    expect(plan.ok ? "ok" : [plan.reason, plan.message.includes("Nothing was changed.")]).toEqual(["no-volume", true]);
  });

  it("refuses when the restored volume would not fit the storage quota", () => {
    const plan = planRestore(facts({ storageQuota: "6Gi" }));
    expect(plan.ok ? "ok" : plan.reason).toBe("quota");
  });

  it("refuses when there is no workstation", () => {
    const plan = planRestore(facts({ statefulSet: undefined }));
    expect(plan.ok ? "ok" : plan.reason).toBe("no-workstation");
  });

  it("refuses a safety-named snapshot that this restore did not make", () => {
    const imposter = snapshotObject({ name: "safety-77", slug: SLUG, kind: "manual" });
    const plan = planRestore(facts({ snapshots: [snap1, imposter] }));
    expect(plan.ok ? "ok" : plan.reason).toBe("resume");
  });

  it("on a re-run whose target has gone, refuses and names the safety snapshot", () => {
    const plan = planRestore(facts({ claim: undefined, snapshots: [safetyOf(claim, "snap-1")] }));
    expect(plan.ok ? "ok" : plan.message).toContain("safety snapshot `safety-77`");
  });
});

describe("the safety snapshot", () => {
  it("records the target and the copied claim", () => {
    expect(readSafetyRecord(safetyOf(claim, "snap-1"))).toEqual({
      name: "safety-77",
      target: "snap-1",
      claimUid: "uid-old",
      claimRequest: "5Gi",
      claimStorageClassName: "standard",
    });
    expect(safetyOf(claim, "snap-1").metadata.labels?.["devspaces.dev/snapshot-kind"]).toBe("safety");
  });

  it("covers the claim only when it is ready, ours, of the home volume and of this very claim", () => {
    expect(checkSafetyCovers(safetyOf(claim, "snap-1"), claim, SLUG)).toBeUndefined();
    expect(checkSafetyCovers(undefined, claim, SLUG)).toBe("the safety snapshot does not exist");
    expect(checkSafetyCovers(safetyOf(claim, "snap-1", false), claim, SLUG)).toBe("the safety snapshot is not ready");
    expect(checkSafetyCovers(safetyOf(claim, "snap-1"), claimObject({ uid: "uid-other" }), SLUG)).toBe(
      "the home volume is not the one the safety snapshot copied",
    );
    expect(checkSafetyCovers(safetyOf(claim, "snap-1"), claim, "someone-else")).toBe("the safety snapshot is not this devspace's");
    const failed = safetyOf(claim, "snap-1");
    failed.status = { readyToUse: true, error: { message: "boom" } };
    expect(checkSafetyCovers(failed, claim, SLUG)).toBe("the safety snapshot failed (boom)");
    const deleting = safetyOf(claim, "snap-1");
    deleting.metadata.deletionTimestamp = "2026-02-01T00:00:00Z";
    expect(checkSafetyCovers(deleting, claim, SLUG)).toBe("the safety snapshot is being deleted");
  });
});
