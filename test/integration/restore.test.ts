/**
 * /restore against the real control plane, as the provisioner's ServiceAccount (its real RBAC).
 *
 * - Through the issue: a safety snapshot first (held "not ready" for a while to show the old
 *   volume is left alone until it is ready), the claim restored from the snapshot, Ready again.
 * - Refusals (foreign, missing, not ready, malformed) change nothing in the devspace.
 * - Fault injection, calling the handler directly: a crash after each step in turn, and the API
 *   unreachable from each write (and during the waits), each time resumed by running the same
 *   command again. Every case ends restored, and a watch over the whole file shows the home
 *   claim was never deleted before a ready snapshot of that very claim existed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PatchStrategy } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectWithKubeConfig } from "../../src/cluster/connect-kubeconfig.ts";
import type { Cluster } from "../../src/cluster/port.ts";
import { loadConfig } from "../../src/config.ts";
import type { DevspaceRecord } from "../../src/devspace/record.ts";
import { parseQuantity } from "../../src/devspace/restored-claim.ts";
import { buildVolumeSnapshot, HOME_CLAIM_NAME } from "../../src/devspace/snapshots.ts";
import type { KubeObject } from "../../src/devspace/types.ts";
import { DevspaceError } from "../../src/errors.ts";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import type { GitHub } from "../../src/github/port.ts";
import { findDevspaceByIssue } from "../../src/operations/find-devspace.ts";
import { restoreSnapshot } from "../../src/operations/restore.ts";
import type { Step } from "../../src/runner/step.ts";
import { type DevspacesUnderTest, INSTALLATION_ID, ORG, REPO, startDevspaces } from "../support/devspaces-under-test.ts";
import { Crash, faultyCluster, type OutagePlan, testStep } from "../support/fault-injection.ts";
import { createTestAppCredentials } from "../support/github-fake/index.ts";
import { adminClients } from "../support/kube.ts";
import { type KubeHistory, watchHistory } from "../support/kube-history.ts";
import { installProvisionerIdentity } from "../support/provisioner-identity.ts";
import { findUncopiedDeletions } from "../support/restore-invariant.ts";
import { HOLD_LABEL, holdSnapshots } from "../support/snapshot-hold.ts";
import { issueCommentPayload, issuesOpenedPayload } from "../support/webhooks.ts";

const cluster = inject("cluster");
const kube = adminClients(cluster);
// Unique per run: a reused control plane (DEVSPACES_TEST_KUBECONFIG) still holds earlier runs'
// devspaces (with their home issues), and the GitHub fake hands out the same comment ids, so
// the same safety snapshot names, again.
const RUN = Date.now().toString(36).slice(-6);
const OWNER = { login: `Restore-Owner-${RUN}`, id: 2_000_000 + (Date.now() % 1_000_000) };
const ISSUE = 10_000 + (Date.now() % 80_000);
const SLUG = OWNER.login.toLowerCase();
const NS = `ds-${SLUG}`;

let sut: DevspacesUnderTest;
let history: KubeHistory;
/** Snapshots taken with /snapshot, to restore to. */
const targets = { labelled: "", other: "" };

// ---------------------------------------------------------------- cluster reads (admin)

const VS = { group: "snapshot.storage.k8s.io", version: "v1", plural: "volumesnapshots" };

async function readSnapshotObject(name: string, namespace = NS): Promise<KubeObject | undefined> {
  try {
    return (await kube.objects.read({ apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name, namespace } })) as unknown as KubeObject;
  } catch {
    return undefined;
  }
}

async function readClaim() {
  try {
    return await kube.core.readNamespacedPersistentVolumeClaim({ namespace: NS, name: HOME_CLAIM_NAME });
  } catch {
    return undefined;
  }
}

async function createSnapshotAsAdmin(object: KubeObject): Promise<void> {
  await kube.objects.create(object as never);
}

/** What a refusal must leave exactly as it was. */
async function fingerprint() {
  const [ns, sts, claims, snapshots, pods] = await Promise.all([
    kube.core.readNamespace({ name: NS }),
    kube.apps.readNamespacedStatefulSet({ namespace: NS, name: "workstation" }),
    kube.core.listNamespacedPersistentVolumeClaim({ namespace: NS }),
    kube.objects.list(`${VS.group}/${VS.version}`, "VolumeSnapshot", NS),
    kube.core.listNamespacedPod({ namespace: NS }),
  ]);
  return {
    annotations: ns.metadata?.annotations,
    statefulSet: { generation: sts.metadata?.generation, replicas: sts.spec?.replicas },
    claims: claims.items.map((c) => `${c.metadata?.name}/${c.metadata?.uid}@${c.metadata?.resourceVersion}`).sort(),
    snapshots: snapshots.items.map((s) => `${s.metadata?.name}/${s.metadata?.uid}@${s.metadata?.resourceVersion}`).sort(),
    pods: pods.items.map((p) => `${p.metadata?.name}/${p.metadata?.uid}`).sort(),
  };
}

/** The end state of a finished restore, checked from the cluster (not from what the code said). */
async function expectRestored(safetyName: string, targetName: string) {
  const claim = await readClaim();
  expect(claim?.metadata?.annotations?.["devspaces.dev/restore-id"], "the claim was made by this restore").toBe(safetyName);
  expect(claim?.spec?.dataSource).toEqual({ apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: targetName });
  const target = await readSnapshotObject(targetName);
  const restoreSize = (target?.status as { restoreSize?: string } | undefined)?.restoreSize ?? "unknown";
  const request = claim?.spec?.resources?.requests?.storage ?? "0";
  expect(parseQuantity(restoreSize), `${targetName} has a restoreSize`).toBeDefined();
  expect(parseQuantity(request)).toBeGreaterThanOrEqual(parseQuantity(restoreSize) ?? Number.POSITIVE_INFINITY);
  expect(claim?.status?.phase).toBe("Bound");

  const safety = await readSnapshotObject(safetyName);
  expect((safety?.status as { readyToUse?: boolean } | undefined)?.readyToUse, `${safetyName} is ready`).toBe(true);
  expect(safety?.metadata.labels?.["devspaces.dev/snapshot-kind"]).toBe("safety");
  expect(safety?.metadata.annotations?.["devspaces.dev/restore-target"]).toBe(targetName);

  const pod = await kube.core.readNamespacedPod({ namespace: NS, name: "workstation-0" });
  expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  expect(pod.spec?.volumes?.find((v) => v.name === "home")?.persistentVolumeClaim?.claimName).toBe(HOME_CLAIM_NAME);
  const ns = await kube.core.readNamespace({ name: NS });
  expect(ns.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
  await expectNeverWithoutCopy(claim?.metadata?.uid ?? "");
}

/** The watch has caught up with the current claim, and no claim was deleted before its copy was ready. */
async function expectNeverWithoutCopy(currentClaimUid: string) {
  await history.waitFor((e) => e.kind === "PersistentVolumeClaim" && e.uid === currentClaimUid);
  expect(findUncopiedDeletions(history.events, HOME_CLAIM_NAME)).toEqual([]);
}

async function waitUntilAbsent(read: () => Promise<unknown>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await read();
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error("still there");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The target a restore should pick so that it really replaces the volume. */
async function otherTarget(): Promise<string> {
  const claim = await readClaim();
  return claim?.spec?.dataSource?.name === targets.labelled ? targets.other : targets.labelled;
}

// ---------------------------------------------------------------- commands through the issue

/** Seeds a comment by the owner (so its id is known), then `send()` delivers it as a webhook. */
function prepareCommand(body: string) {
  const comment = sut.github.seedComment({ owner: ORG, repo: REPO, issue: ISSUE, body, user: { login: OWNER.login, id: OWNER.id } });
  const payload = issueCommentPayload({
    owner: ORG,
    repo: REPO,
    issueNumber: ISSUE,
    login: OWNER.login,
    userId: OWNER.id,
    commentId: comment.id,
    body,
    installationId: INSTALLATION_ID,
    issueLabels: ["devspace"],
  });
  const send = async () => {
    expect((await sut.send("issue_comment", payload)).status).toBe(202);
    await sut.idle();
    const replies = sut.github
      .comments(ORG, REPO, ISSUE)
      .filter((c) => c.id > comment.id && c.user.endsWith("[bot]") && !c.body.includes("<!-- devspaces:status:"));
    const reactions = sut.github.reactions(ORG, REPO, { comment: comment.id }).map((r) => r.content);
    return { replies: replies.map((r) => r.body), reactions };
  };
  return { id: comment.id, send };
}

function sendCommand(body: string) {
  const prepared = prepareCommand(body);
  return { id: prepared.id, done: prepared.send() };
}

const command = (body: string) => sendCommand(body).done;

// ---------------------------------------------------------------- setup

beforeAll(async () => {
  sut = await startDevspaces(cluster);
  const body = renderIssueFormBody({ size: "small", homeVolumeGi: "5", acknowledgement: [true] });
  sut.github.seedIssue({ owner: ORG, repo: REPO, number: ISSUE, title: "Request devspace", body, user: OWNER, labels: ["devspace"] });
  await sut.send(
    "issues",
    issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber: ISSUE, login: OWNER.login, userId: OWNER.id, body, labels: ["devspace"], installationId: INSTALLATION_ID }),
  );
  await sut.idle();
  const ns = await kube.core.readNamespace({ name: NS });
  expect(ns.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
  history = await watchHistory(cluster, NS);

  const first = sendCommand("/snapshot before-upgrade");
  const firstDone = await first.done;
  expect(firstDone.reactions, firstDone.replies.join("\n")).toContain("rocket");
  targets.labelled = `snap-${first.id}`;
  const second = sendCommand("/snapshot");
  const secondDone = await second.done;
  expect(secondDone.reactions, secondDone.replies.join("\n")).toContain("rocket");
  targets.other = `snap-${second.id}`;
});

afterAll(async () => {
  history?.stop();
  await sut?.close();
});

// ---------------------------------------------------------------- the restore, end to end

describe("/restore through the issue", () => {
  it("takes a safety snapshot first, leaves the old volume alone until it is ready, then restores and is Ready again", async () => {
    const oldClaim = await readClaim();
    const oldUid = oldClaim?.metadata?.uid;
    expect(oldUid).toBeTruthy();

    // The command's comment id names its safety snapshot; hold that snapshot "not ready".
    const command = prepareCommand("/restore before-upgrade");
    const safetyName = `safety-${command.id}`;
    const hold = await holdSnapshots(cluster, NS, [safetyName]);
    let released = false;
    try {
      const run = { done: command.send() };
      await history.waitFor((e) => e.kind === "VolumeSnapshot" && e.name === safetyName, 30_000);

      // While the safety snapshot is not ready: the old claim is untouched and the workstation still runs.
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        const claim = await readClaim();
        expect(claim?.metadata?.uid, "the old claim still exists").toBe(oldUid);
        expect(claim?.metadata?.deletionTimestamp, "the old claim is not being deleted").toBeUndefined();
        const sts = await kube.apps.readNamespacedStatefulSet({ namespace: NS, name: "workstation" });
        expect(sts.spec?.replicas, "the workstation is not scaled down yet").toBe(1);
        const safety = await readSnapshotObject(safetyName);
        expect((safety?.status as { readyToUse?: boolean } | undefined)?.readyToUse ?? false).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await hold.release();
      released = true;

      const { replies, reactions } = await run.done;
      expect(reactions).toEqual(expect.arrayContaining(["eyes", "rocket"]));
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain(`Restored the home volume from \`${targets.labelled}\` (label \`before-upgrade\`)`);
      expect(replies[0]).toContain(`\`/restore ${safetyName}\``);
    } finally {
      if (!released) await hold.release();
    }

    await expectRestored(safetyName, targets.labelled);
    expect((await readClaim())?.metadata?.uid).not.toBe(oldUid);
    // The safety snapshot copied the old claim, and the old claim's deletion came after it was ready.
    const safety = await readSnapshotObject(safetyName);
    expect(safety?.metadata.annotations?.["devspaces.dev/source-claim-uid"]).toBe(oldUid);
    const readyAt = history.events.find((e) => e.name === safetyName && e.ready)!;
    const deletedAt = history.events.find((e) => e.uid === oldUid && (e.deleting || e.type === "DELETED"))!;
    expect(BigInt(readyAt.resourceVersion)).toBeLessThan(BigInt(deletedAt.resourceVersion));
    sut.github.assertNoViolations();
  });

  it("restores `latest` and can be undone with the safety snapshot it names", async () => {
    const run = sendCommand("/restore latest");
    const { replies } = await run.done;
    // `latest` is the newest manual/scheduled snapshot, not the safety snapshot just taken.
    expect(replies[0]).toContain(`Restored the home volume from \`${targets.other}\``);
    await expectRestored(`safety-${run.id}`, targets.other);

    const undo = sendCommand(`/restore safety-${run.id}`);
    const undone = await undo.done;
    expect(undone.reactions).toContain("rocket");
    await expectRestored(`safety-${undo.id}`, `safety-${run.id}`);
  });

  it("would notice a home claim deleted with no copy (the check can fail)", async () => {
    // A scratch claim deleted by hand: the watch sees it, and the invariant flags it.
    await kube.core.createNamespacedPersistentVolumeClaim({
      namespace: NS,
      body: { metadata: { name: "scratch" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
    });
    await kube.core.deleteNamespacedPersistentVolumeClaim({ namespace: NS, name: "scratch" });
    await history.waitFor((e) => e.name === "scratch" && (e.deleting || e.type === "DELETED"));
    expect(findUncopiedDeletions(history.events).map((v) => v.claim)).toEqual(["scratch"]);
  });
});

// ---------------------------------------------------------------- refusals

describe("/restore refuses, and changes nothing, when the snapshot", () => {
  const NEIGHBOUR = `snap-neighbour-${RUN}`;
  let hold: Awaited<ReturnType<typeof holdSnapshots>>;

  beforeAll(async () => {
    const own = { namespace: NS, slug: SLUG, kind: "manual" as const };
    // Another devspace's snapshot that found its way into this namespace.
    await createSnapshotAsAdmin(buildVolumeSnapshot({ ...own, slug: "someone-else", name: "snap-foreign" }));
    // This devspace's label, but a snapshot of some other claim.
    const otherClaim = buildVolumeSnapshot({ ...own, name: "snap-other-claim" });
    (otherClaim.spec as { source: { persistentVolumeClaimName: string } }).source.persistentVolumeClaimName = "scratch";
    await createSnapshotAsAdmin(otherClaim);
    // A snapshot in another namespace: names are per namespace, so it is simply not found here.
    await createSnapshotAsAdmin(buildVolumeSnapshot({ ...own, namespace: "default", name: NEIGHBOUR }));
    // A snapshot still being taken: the snapshot controller is held back from marking it ready.
    hold = await holdSnapshots(cluster, NS);
    const held = buildVolumeSnapshot({ ...own, name: "snap-not-ready", label: "wip" });
    held.metadata.labels = { ...held.metadata.labels, [HOLD_LABEL]: "not-ready" };
    await createSnapshotAsAdmin(held);
    // Both foreign snapshots are ready: they are refused for whose they are, not for readiness.
    for (const name of ["snap-foreign", "snap-other-claim"]) {
      await history.waitFor((e) => e.name === name && e.ready);
    }
  });

  afterAll(async () => {
    await hold?.release();
    await kube.objects.delete({ apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: NEIGHBOUR, namespace: "default" } });
  });

  it.each([
    ["belongs to another devspace", "/restore snap-foreign", "is not a snapshot of this devspace's home volume"],
    ["is of another claim", "/restore snap-other-claim", "is not a snapshot of this devspace's home volume"],
    ["is in another namespace", `/restore ${NEIGHBOUR}`, `has no snapshot named or labelled \`${NEIGHBOUR}\``],
    ["does not exist", "/restore snap-404", "has no snapshot named or labelled `snap-404`"],
    ["is not ready", "/restore snap-not-ready", "`snap-not-ready` is not ready yet"],
    ["is the only one with its label and is not ready", "/restore wip", "No snapshot labelled `wip` is ready"],
    ["has a path for a name", "/restore ../x", "`../x` is not a snapshot name or label"],
    ["has a name that is not a valid object name", "/restore Bad_Name!", "`Bad_Name!` is not a snapshot name or label"],
  ])("%s", async (_case, body, expected) => {
    const held = await readSnapshotObject("snap-not-ready");
    expect((held?.status as { readyToUse?: boolean } | undefined)?.readyToUse ?? false, "snap-not-ready is still not ready").toBe(false);
    const before = await fingerprint();

    const { replies, reactions } = await command(body);

    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(expected);
    expect(replies[0]).toContain("Nothing was changed.");
    expect(reactions).toContain("confused");
    expect(reactions).not.toContain("rocket");
    expect(await fingerprint()).toEqual(before);
  });

  it("a malformed name is refused before the handler makes any API call", async () => {
    const calls = faultyCluster(provisioner.cluster);
    for (const target of ["../x", "Bad_Name!"]) {
      await expect(runRestore(990_001, target, { cluster: calls })).rejects.toThrow("is not a snapshot name or label");
    }
    expect(calls.calls).toEqual([]);
  });
});

// ---------------------------------------------------------------- fault injection

/** The handler, called directly as the runner would, with the provisioner's real credentials. */
const provisioner = {} as { cluster: Cluster; record: DevspaceRecord; config: ReturnType<typeof loadConfig> };

const noGitHub: GitHub = new Proxy({} as GitHub, {
  get: (_target, method) => () => Promise.reject(new Error(`restore must not call GitHub (${String(method)})`)),
});

function runRestore(commentId: number, target: string, options: { cluster?: Cluster; step?: Step } = {}) {
  const deps = {
    cluster: options.cluster ?? provisioner.cluster,
    github: () => noGitHub,
    config: provisioner.config,
    log: () => {},
  };
  return restoreSnapshot({
    intent: {
      kind: "command",
      installationId: INSTALLATION_ID,
      issue: { owner: ORG, repo: REPO, number: ISSUE },
      commentId,
      sender: { login: OWNER.login, id: OWNER.id },
      decision: { kind: "command", name: "restore", args: { target } },
    },
    args: { target },
    record: provisioner.record,
    step: options.step ?? testStep(),
    deps,
    github: noGitHub,
    runId: `restore-test-${commentId}`,
  });
}

beforeAll(async () => {
  const identity = installProvisionerIdentity(cluster, mkdtempSync(join(tmpdir(), "devspaces-restore-")));
  provisioner.cluster = connectWithKubeConfig(identity.kubeconfigPath);
  const credentials = createTestAppCredentials();
  provisioner.config = loadConfig({
    GITHUB_APP_ID: String(credentials.appId),
    GITHUB_APP_PRIVATE_KEY: credentials.privateKeyPkcs1,
    GITHUB_WEBHOOK_SECRET: "test-webhook-secret-0123456789",
    DEVSPACES_DOMAIN: "dev.example.test",
    DEVSPACES_IMAGE: "ghcr.io/acme/devspaces-workstation:test",
    OAUTH_CLIENT_ID: "test-client-id",
    OAUTH_CLIENT_SECRET: "test-client-secret",
    OAUTH_COOKIE_KEY: "test-cookie-master-key-0123456789abcdef",
    DEVSPACES_READY_TIMEOUT_SECONDS: "60",
    DEVSPACES_SNAPSHOT_TIMEOUT_SECONDS: "60",
  });
  const record = await findDevspaceByIssue(provisioner.cluster, { owner: ORG, repo: REPO, number: ISSUE });
  if (!record) throw new Error("the devspace under test was not found");
  provisioner.record = record;
});

let nextCommentId = 910_000;

/** The first step of each kind, in the order a restore runs them: a crash is injected after each. */
const MILESTONES = [
  "restore-plan",
  "restore-mark-restoring",
  "restore-safety-snapshot",
  "check-snapshot-safety-",
  "restore-scale-down",
  "restore-pod-gone-0",
  "restore-remove-claim",
  "restore-claim-gone-0",
  "restore-create-claim",
  "restore-scale-up",
  "check-restored-0",
  "restore-mark-ready",
];

describe("a crash after each step, then the same command again", () => {
  it.each(MILESTONES)("crash right after %s", async (milestone) => {
    const commentId = nextCommentId++;
    const target = await otherTarget();
    const crashing = testStep({ crashAfter: (name) => name.startsWith(milestone) });
    await expect(runRestore(commentId, target, { step: crashing })).rejects.toBeInstanceOf(Crash);
    expect(crashing.crashed, `the run reached ${milestone}`).toBe(true);
    // Whatever the crash left, no claim was deleted without a ready copy.
    expect(findUncopiedDeletions(history.events, HOME_CLAIM_NAME)).toEqual([]);

    const resumed = testStep();
    await runRestore(commentId, target, { step: resumed });
    await expectRestored(`safety-${commentId}`, target);
  });

  it("will not delete a home volume its safety snapshot did not copy (the claim was swapped during the crash)", async () => {
    const commentId = nextCommentId++;
    const target = await otherTarget();
    const crashing = testStep({ crashAfter: (name) => name.startsWith("check-snapshot-safety-") });
    await expect(runRestore(commentId, target, { step: crashing })).rejects.toBeInstanceOf(Crash);

    // Meanwhile someone stops the workstation and gives it a different home volume.
    await kube.objects.patch(
      { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "workstation", namespace: NS }, spec: { replicas: 0 } } as never,
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    await waitUntilAbsent(() => kube.core.readNamespacedPod({ namespace: NS, name: "workstation-0" }));
    const swapped = await readClaim();
    await kube.core.deleteNamespacedPersistentVolumeClaim({ namespace: NS, name: HOME_CLAIM_NAME });
    await waitUntilAbsent(() => kube.core.readNamespacedPersistentVolumeClaim({ namespace: NS, name: HOME_CLAIM_NAME }));
    const replacement = await kube.core.createNamespacedPersistentVolumeClaim({
      namespace: NS,
      body: {
        metadata: { name: HOME_CLAIM_NAME, labels: swapped?.metadata?.labels },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } },
      },
    });

    const error = await runRestore(commentId, target).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as DevspaceError).code).toBe("restore.unsafe");
    expect((error as DevspaceError).message).toContain("the home volume is not the one the safety snapshot copied");
    const claim = await readClaim();
    expect(claim?.metadata?.uid, "the unprotected claim was left alone").toBe(replacement.metadata?.uid);
    expect(claim?.metadata?.deletionTimestamp).toBeUndefined();
    // The volume was never touched, so the workstation is started again on it.
    const sts = await kube.apps.readNamespacedStatefulSet({ namespace: NS, name: "workstation" });
    expect(sts.spec?.replicas).toBe(1);
    // The claim the test deleted by hand was the one the safety snapshot had copied (and it was ready).
    expect(findUncopiedDeletions(history.events, HOME_CLAIM_NAME)).toEqual([]);
  });

  it("crashes after every step of one restore, one run after another, and still ends restored", async () => {
    const commentId = nextCommentId++;
    const target = await otherTarget();
    let runs = 0;
    for (const milestone of MILESTONES) {
      const crashing = testStep({ crashAfter: (name) => name.startsWith(milestone) });
      runs++;
      const outcome = await runRestore(commentId, target, { step: crashing }).then(
        () => "finished",
        (error: unknown) => (error instanceof Crash ? "crashed" : error),
      );
      // A milestone the resumed run no longer needs (its work is done) lets the run finish early.
      if (outcome === "finished") break;
      expect(outcome).toBe("crashed");
    }
    await runRestore(commentId, target);
    await expectRestored(`safety-${commentId}`, target);
    expect(runs).toBeGreaterThan(5);
  });
});

type CallMatch = Parameters<OutagePlan["startAt"]>[0];
/** The n-th call (1-based) that matches. */
function nth(n: number, match: (call: CallMatch) => boolean) {
  let seen = 0;
  return (call: CallMatch) => match(call) && ++seen === n;
}

const OUTAGES: Array<[string, () => (call: CallMatch) => boolean]> = [
  ["marking the devspace restoring", () => nth(1, (c) => c.verb === "mergePatch" && c.kind === "Namespace")],
  ["creating the safety snapshot", () => nth(1, (c) => c.verb === "create" && c.kind === "VolumeSnapshot")],
  ["waiting for the safety snapshot", () => nth(2, (c) => c.verb === "get" && c.kind === "VolumeSnapshot" && c.name?.startsWith("safety-") === true)],
  ["scaling down", () => nth(1, (c) => c.verb === "mergePatch" && c.kind === "StatefulSet")],
  ["deleting the old claim", () => nth(1, (c) => c.verb === "delete" && c.kind === "PersistentVolumeClaim")],
  ["creating the restored claim", () => nth(1, (c) => c.verb === "create" && c.kind === "PersistentVolumeClaim")],
  ["scaling up", () => nth(2, (c) => c.verb === "mergePatch" && c.kind === "StatefulSet")],
  ["waiting for Ready", () => nth(1, (c) => c.verb === "list" && c.kind === "Event")],
  ["marking the devspace ready", () => nth(2, (c) => c.verb === "mergePatch" && c.kind === "Namespace")],
];

describe("the API unreachable mid-restore, then the same command again", () => {
  it.each(OUTAGES.flatMap(([what, at]) => (["not-sent", "lost-response"] as const).map((mode) => [what, mode, at] as const)))(
    "from %s on (%s)",
    async (_what, mode, at) => {
      const commentId = nextCommentId++;
      const target = await otherTarget();
      const down = faultyCluster(provisioner.cluster, { startAt: at(), mode });
      const error = await runRestore(commentId, target, { cluster: down, step: testStep({ retries: 2, backoffMs: 10 }) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, "the outage made the run fail").toBeInstanceOf(DevspaceError);
      expect((error as DevspaceError).code).toBe("cluster.unreachable");
      expect(down.calls.some((c) => c.failed)).toBe(true);
      expect(findUncopiedDeletions(history.events, HOME_CLAIM_NAME)).toEqual([]);

      // The API is back; the same command runs again from the top.
      await runRestore(commentId, target);
      await expectRestored(`safety-${commentId}`, target);
    },
  );

  it.each(OUTAGES.map(([what, at]) => [what, at] as const))("a short outage at %s is ridden out by the step's retries", async (_what, at) => {
    const commentId = nextCommentId++;
    const target = await otherTarget();
    // The call that starts the outage reaches the API server but its answer is lost; one more fails.
    const flaky = faultyCluster(provisioner.cluster, { startAt: at(), mode: "lost-response", calls: 2 });
    await runRestore(commentId, target, { cluster: flaky, step: testStep({ retries: 4, backoffMs: 10 }) });
    expect(flaky.calls.filter((c) => c.failed)).toHaveLength(2);
    await expectRestored(`safety-${commentId}`, target);
  });
});
