/**
 * Scheduled backups against the real control plane: four devspaces provisioned through signed
 * webhooks (one of them stopped with /stop), then the backup operation run directly for chosen
 * slots, with the app's own dependencies (the provisioner's RBAC, real Octokit, GitHub fake).
 * Retention keeps exactly N scheduled snapshots per devspace and never touches manual or young
 * safety snapshots; a slot run twice changes nothing; a devspace that fails or is busy is told
 * so on its issue, once per slot, while the others are backed up.
 */
import { PatchStrategy } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { leaseName } from "../../src/cluster/lease-lock.ts";
import { backupRunId } from "../../src/devspace/retention.ts";
import { buildVolumeSnapshot, snapshotName } from "../../src/devspace/snapshots.ts";
import { DevspaceError } from "../../src/errors.ts";
import type { OperationDeps } from "../../src/operations/deps.ts";
import { type BackupOutcome, scheduledBackup } from "../../src/operations/scheduled-backup.ts";
import type { Step } from "../../src/runner/step.ts";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import { comment, type TestDevspace } from "../support/devspace-fixtures.ts";
import { type DevspacesUnderTest, INSTALLATION_ID, ORG, REPO, startDevspaces } from "../support/devspaces-under-test.ts";
import { adminClients } from "../support/kube.ts";
import { issuesOpenedPayload } from "../support/webhooks.ts";

const cluster = inject("cluster");
const kube = adminClients(cluster);
const PREFIX = "bk-";
const RETENTION = 3;
const CONCURRENCY = 2;
const DAY = 24 * 60 * 60 * 1000;

let sut: DevspacesUnderTest;
let ann: TestDevspace;
let bob: TestDevspace;
let cat: TestDevspace;
let dora: TestDevspace;
let all: TestDevspace[];

interface SnapshotObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; deletionTimestamp?: Date };
  status?: { readyToUse?: boolean };
}

/** Live snapshots (not being deleted), by name. */
async function snapshotsIn(namespace: string): Promise<SnapshotObject[]> {
  const list = await kube.objects.list<SnapshotObject>("snapshot.storage.k8s.io/v1", "VolumeSnapshot", namespace);
  return list.items.filter((s) => !s.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}
async function scheduledIn(namespace: string): Promise<string[]> {
  return (await snapshotsIn(namespace)).filter((s) => s.metadata.labels?.["devspaces.dev/snapshot-kind"] === "scheduled").map((s) => s.metadata.name);
}
const slotNames = (...slots: string[]) => slots.map((slot) => `sched-${slot}`).sort();

/**
 * A Step that runs each step once, and checks what a durable runner relies on: step names are
 * unique within a run (a Workflow would hand a repeated name the first one's cached result).
 * It also measures how many devspaces had a step running at the same time.
 */
function recordingStep() {
  const names: string[] = [];
  const active = new Map<string, number>();
  let peak = 0;
  const track = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    names.push(name);
    const scope = name.includes("/") ? name.slice(0, name.indexOf("/")) : undefined;
    if (scope) {
      active.set(scope, (active.get(scope) ?? 0) + 1);
      peak = Math.max(peak, active.size);
    }
    try {
      return await fn();
    } finally {
      if (scope) {
        const left = active.get(scope)! - 1;
        if (left === 0) active.delete(scope);
        else active.set(scope, left);
      }
    }
  };
  const step: Step = {
    do: (name, fn) => track(name, fn),
    sleep: (name, ms) => track(name, () => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  return { step, names, peak: () => peak };
}

async function backup(slot: string, overrides: Partial<OperationDeps> = {}) {
  const recorder = recordingStep();
  const outcomes = await scheduledBackup({ kind: "scheduled-backup", slot }, recorder.step, { ...sut.deps, ...overrides }, backupRunId(slot));
  expect(new Set(recorder.names).size, "step names repeat within a run").toBe(recorder.names.length);
  return { outcomes, peak: recorder.peak() };
}
const outcomeOf = (outcomes: BackupOutcome[], devspace: TestDevspace) => outcomes.find((o) => o.namespace === devspace.namespace);

const backupComments = (devspace: TestDevspace) =>
  sut.github.comments(ORG, REPO, devspace.issueNumber).filter((c) => c.body.includes("<!-- devspaces:backup:"));

async function createSnapshot(devspace: TestDevspace, kind: "manual" | "safety" | "final", id: string): Promise<string> {
  const name = snapshotName(kind, id);
  const slug = devspace.namespace.slice(PREFIX.length);
  await kube.objects.create(buildVolumeSnapshot({ namespace: devspace.namespace, slug, name, kind }) as unknown as SnapshotObject);
  return name;
}

/**
 * Files a Request devspace issue under a fixed number, apart from other files' numbers: a
 * devspace is found by its home issue, and the control plane is shared between test files.
 */
async function requestDevspace(login: string, userId: number, issueNumber: number): Promise<TestDevspace> {
  const body = renderIssueFormBody({ size: "small", homeVolumeGi: "2", acknowledgement: [true] });
  sut.github.seedIssue({ owner: ORG, repo: REPO, number: issueNumber, title: "Request devspace", body, user: { login, id: userId }, labels: ["devspace"] });
  const payload = issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber, login, userId, body, labels: ["devspace"], installationId: INSTALLATION_ID });
  const response = await sut.send("issues", payload);
  if (response.status !== 202) throw new Error(`provision webhook answered ${response.status}`);
  return { login, userId, issueNumber, namespace: `${PREFIX}${login.toLowerCase()}` };
}

/** A reused control plane may hold this file's devspaces from an earlier run: start clean. */
async function removeLeftovers(): Promise<void> {
  const leftovers = (await kube.core.listNamespace({ labelSelector: "app.kubernetes.io/managed-by=devspaces" })).items
    .map((ns) => ns.metadata?.name ?? "")
    .filter((name) => name.startsWith(PREFIX));
  for (const name of leftovers) await kube.core.deleteNamespace({ name });
  for (let waited = 0; leftovers.length > 0; waited += 1000) {
    const names = (await kube.core.listNamespace()).items.map((ns) => ns.metadata?.name);
    if (!leftovers.some((name) => names.includes(name))) break;
    if (waited > 120_000) throw new Error(`namespaces ${leftovers.join(", ")} did not go away`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

beforeAll(async () => {
  await removeLeftovers();
  sut = await startDevspaces(cluster, {
    DEVSPACES_NAMESPACE_PREFIX: PREFIX,
    DEVSPACES_BACKUP_RETENTION: String(RETENTION),
    DEVSPACES_BACKUP_CONCURRENCY: String(CONCURRENCY),
    DEVSPACES_SAFETY_RETENTION_DAYS: "14",
    DEVSPACES_SNAPSHOT_TIMEOUT_SECONDS: "60",
  });
  all = await Promise.all([
    requestDevspace("Backup-Ann", 3101, 901),
    requestDevspace("Backup-Bob", 3102, 902),
    requestDevspace("Backup-Cat", 3103, 903),
    requestDevspace("Backup-Dora", 3104, 904),
  ]);
  await sut.idle();
  [ann, bob, cat, dora] = all as [TestDevspace, TestDevspace, TestDevspace, TestDevspace];
  for (const d of all) {
    const ns = await kube.core.readNamespace({ name: d.namespace });
    expect(ns.metadata?.annotations?.["devspaces.dev/state"], `${d.login} was not provisioned`).toBe("ready");
  }
  // Cat is stopped: no pod, but the home volume is still there and still backed up.
  await comment(sut, cat, "/stop");
  await sut.idle();
  expect((await kube.core.listNamespacedPod({ namespace: cat.namespace })).items).toHaveLength(0);
});
afterAll(async () => {
  await sut?.close();
});

describe("scheduled backups with retention", () => {
  let manualByCommand: string;
  let manualDirect: string;
  let safety: string;
  let final: string;

  it(`leave exactly ${RETENTION} scheduled snapshots per devspace after more slots than that, and manual and young safety snapshots untouched`, async () => {
    const { commentId } = await comment(sut, ann, "/snapshot keep-me");
    await sut.idle();
    manualByCommand = `snap-${commentId}`;
    manualDirect = await createSnapshot(ann, "manual", "direct");
    safety = await createSnapshot(ann, "safety", "before-restore");
    final = await createSnapshot(bob, "final", "before-delete");

    // Five slots, run out of order: the one made first (…0500) is the newest slot, so
    // "newest" must come from the slot in the name, not from when the object was created.
    const order = ["202601050300", "202601010300", "202601020300", "202601030300", "202601040300"];
    for (const slot of order) {
      const { outcomes, peak } = await backup(slot);
      expect(outcomes.map((o) => [o.slug, o.result, o.reason])).toEqual(all.map((d) => [d.login.toLowerCase(), "backed-up", undefined]));
      // Not serial, not all at once.
      expect(peak).toBe(CONCURRENCY);
    }

    for (const devspace of all) {
      expect(await scheduledIn(devspace.namespace), devspace.login).toEqual(slotNames("202601030300", "202601040300", "202601050300"));
      for (const snapshot of await snapshotsIn(devspace.namespace)) expect(snapshot.status?.readyToUse, snapshot.metadata.name).toBe(true);
    }
    const annNames = (await snapshotsIn(ann.namespace)).map((s) => s.metadata.name);
    expect(annNames).toEqual(expect.arrayContaining([manualByCommand, manualDirect, safety]));
    expect((await snapshotsIn(bob.namespace)).map((s) => s.metadata.name)).toContain(final);
    // Nothing failed, so nobody was told anything.
    for (const devspace of all) expect(backupComments(devspace)).toEqual([]);
    sut.github.assertNoViolations();
  });

  it("changes nothing when the same slot runs again", async () => {
    const before = await Promise.all(all.map(async (d) => (await snapshotsIn(d.namespace)).map((s) => `${s.metadata.name}@${s.metadata.uid}`)));
    const writesBefore = sut.github.writes().length;

    const { outcomes } = await backup("202601050300");

    expect(outcomes.every((o) => o.result === "backed-up" && o.pruned.length === 0)).toBe(true);
    const after = await Promise.all(all.map(async (d) => (await snapshotsIn(d.namespace)).map((s) => `${s.metadata.name}@${s.metadata.uid}`)));
    expect(after).toEqual(before);
    expect(sut.github.writes().length).toBe(writesBefore);
  });

  it("prunes safety and final snapshots only once they are older than their own retention, and manual ones never", async () => {
    const { outcomes: thirteenDays } = await backup("202601060300", { now: () => new Date(Date.now() + 13 * DAY) });
    expect(outcomeOf(thirteenDays, ann)?.pruned).toEqual(["sched-202601030300"]);
    expect((await snapshotsIn(ann.namespace)).map((s) => s.metadata.name)).toContain(safety);
    expect((await snapshotsIn(bob.namespace)).map((s) => s.metadata.name)).toContain(final);

    const { outcomes: years } = await backup("202601070300", { now: () => new Date(Date.now() + 3 * 365 * DAY) });
    expect(outcomeOf(years, ann)?.pruned.sort()).toEqual([safety, "sched-202601040300"].sort());
    expect(outcomeOf(years, bob)?.pruned.sort()).toEqual([final, "sched-202601040300"].sort());
    const annNames = (await snapshotsIn(ann.namespace)).map((s) => s.metadata.name);
    expect(annNames).not.toContain(safety);
    expect(annNames).toEqual(expect.arrayContaining([manualByCommand, manualDirect]));
    for (const devspace of all) {
      expect(await scheduledIn(devspace.namespace)).toEqual(slotNames("202601050300", "202601060300", "202601070300"));
    }
  });
});

describe("a devspace that cannot be backed up", () => {
  it("is told so on its issue, once per slot, keeps its older snapshots, and the others are backed up", async () => {
    await kube.core.deleteNamespacedPersistentVolumeClaim({ namespace: dora.namespace, name: "home-workstation-0" });
    const doraBefore = await scheduledIn(dora.namespace);

    const { outcomes } = await backup("202601080300");
    expect(outcomeOf(outcomes, dora)).toMatchObject({ result: "failed", reported: true, pruned: [] });
    for (const devspace of [ann, bob, cat]) {
      expect(outcomeOf(outcomes, devspace)?.result).toBe("backed-up");
      expect(await scheduledIn(devspace.namespace)).toEqual(slotNames("202601060300", "202601070300", "202601080300"));
    }
    expect(await scheduledIn(dora.namespace)).toEqual(doraBefore);

    const [report] = backupComments(dora);
    expect(backupComments(dora)).toHaveLength(1);
    expect(report?.user).toBe("devspaces[bot]");
    expect(report?.body).toContain("Scheduled backup failed** (2026-01-08 03:00 UTC)");
    expect(report?.body).toMatch(/The home volume \(claim `home-workstation-0`\) is (being deleted|missing)/);
    expect(report?.body).toContain("Nothing was pruned");
    for (const devspace of [ann, bob, cat]) expect(backupComments(devspace)).toEqual([]);

    // The same slot again: the same one comment. The next slot: a comment of its own.
    await backup("202601080300");
    expect(backupComments(dora)).toHaveLength(1);
    await backup("202601090300");
    expect(backupComments(dora).map((c) => c.body.match(/\((2026-01-0\d 03:00 UTC)\)/)?.[1])).toEqual([
      "2026-01-08 03:00 UTC",
      "2026-01-09 03:00 UTC",
    ]);
    expect(await scheduledIn(dora.namespace)).toEqual(doraBefore);
    sut.github.assertNoViolations();
  });

  it("fails the run, naming it, when the failure cannot be posted either; the others are still backed up", async () => {
    sut.github.failNext({ method: "POST", path: `/repos/${ORG}/${REPO}/issues/${dora.issueNumber}/comments` }, 422, 1);
    const run = backup("202601100300");
    await expect(run).rejects.toBeInstanceOf(DevspaceError);
    await expect(run).rejects.toThrow(/did not back up backup-dora, and could not say so/);
    for (const devspace of [ann, bob, cat]) expect(await scheduledIn(devspace.namespace)).toContain("sched-202601100300");
    expect(sut.logs.some((l) => l.message === "scheduled backup problem could not be posted" && l.extra?.slug === "backup-dora")).toBe(true);
  });

  it("skips a busy devspace with a note, without touching it, and backs up the others", async () => {
    const now = new Date();
    const micro = now.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
    const lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: leaseName("backup-bob"), namespace: "devspaces-system", annotations: { "devspaces.dev/operation": "/restore (comment 99)" } },
      spec: { holderIdentity: "someone-else", leaseDurationSeconds: 600, acquireTime: micro, renewTime: micro },
    };
    await kube.objects.patch(lease, undefined, undefined, "scheduled-backup-test", true, PatchStrategy.ServerSideApply);
    try {
      const bobBefore = (await snapshotsIn(bob.namespace)).map((s) => s.metadata.name);
      const { outcomes } = await backup("202601110300");
      expect(outcomeOf(outcomes, bob)).toMatchObject({ result: "skipped", reported: true, pruned: [] });
      expect((await snapshotsIn(bob.namespace)).map((s) => s.metadata.name)).toEqual(bobBefore);
      const note = backupComments(bob).find((c) => c.body.includes("2026-01-11 03:00 UTC"));
      expect(note?.body).toContain("Scheduled backup skipped");
      expect(note?.body).toContain("/restore (comment 99)");
      for (const devspace of [ann, cat]) expect(await scheduledIn(devspace.namespace)).toContain("sched-202601110300");
      // The lock was someone else's: the backup did not take it over or release it.
      const after = await kube.objects.read({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: lease.metadata.name, namespace: "devspaces-system" } });
      expect((after as { spec?: { holderIdentity?: string } }).spec?.holderIdentity).toBe("someone-else");
    } finally {
      await kube.objects.delete(lease);
    }
  });
});
