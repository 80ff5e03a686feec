/**
 * Comment commands end to end: signed issue_comment webhooks in; VolumeSnapshots, replies,
 * reactions and the status comment out. Who may act, and what never acts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DevspacesUnderTest, ORG, REPO, startDevspaces } from "../support/devspaces-under-test.ts";
import { comment, provisionDevspace, reactionsOn, replies, type TestDevspace } from "../support/devspace-fixtures.ts";
import { adminClients } from "../support/kube.ts";

const cluster = inject("cluster");
const kube = adminClients(cluster);
let sut: DevspacesUnderTest;
let dev: TestDevspace;

async function snapshotsIn(namespace: string) {
  const list = await kube.objects.list<{ metadata: { name: string }; status?: { readyToUse?: boolean } } & { apiVersion: string; kind: string }>(
    "snapshot.storage.k8s.io/v1",
    "VolumeSnapshot",
    namespace,
  );
  return list.items;
}

beforeAll(async () => {
  sut = await startDevspaces(cluster, { DEVSPACES_ADMIN_TEAM: `${ORG}/platform-admins` });
  sut.github.seedTeam({ org: ORG, slug: "platform-admins", id: 77, members: ["Ada-Admin"] });
  dev = await provisionDevspace(sut, "Cmd-Owner", 2001);
});
afterAll(async () => {
  await sut?.close();
});

describe("/snapshot", () => {
  it("takes one ready snapshot, even when the delivery comes twice", async () => {
    const before = (await snapshotsIn(dev.namespace)).length;
    const first = await comment(sut, dev, "/snapshot before-upgrade");
    expect(first.response.status).toBe(202);
    await sut.idle();
    await sut.send("issue_comment", first.payload, { deliveryId: first.deliveryId });
    await sut.idle();
    // GitHub's "Redeliver" keeps the delivery id; a second delivery id for the same comment too.
    await sut.send("issue_comment", first.payload);
    await sut.idle();

    const snapshots = await snapshotsIn(dev.namespace);
    expect(snapshots.length).toBe(before + 1);
    const snapshot = snapshots.find((s) => s.metadata.name === `snap-${first.commentId}`);
    expect(snapshot?.status?.readyToUse).toBe(true);
    expect(reactionsOn(sut, first.commentId)).toEqual(expect.arrayContaining(["eyes", "rocket"]));
    const reply = replies(sut, dev).find((c) => c.body.includes(`snap-${first.commentId}`));
    expect(reply?.body).toContain("label `before-upgrade`");
    expect(reply?.body).toContain("/restore before-upgrade");
    sut.github.assertNoViolations();
  });

  it("lets an admin-team member act on someone else's devspace", async () => {
    const { commentId } = await comment(sut, dev, "/snapshot", { author: { login: "Ada-Admin", id: 3001 } });
    await sut.idle();
    expect((await snapshotsIn(dev.namespace)).some((s) => s.metadata.name === `snap-${commentId}`)).toBe(true);
    expect(reactionsOn(sut, commentId)).toContain("rocket");
  });
});

describe("/status and /help", () => {
  it("refreshes the status comment with the pod, the volume and the snapshots", async () => {
    await comment(sut, dev, "/status");
    await sut.idle();
    const status = sut.github.comments(ORG, REPO, dev.issueNumber).filter((c) => c.body.includes("<!-- devspaces:status:"));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain("| Pod | Running, ready |");
    expect(status[0]?.body).toContain("| Image | `ghcr.io/acme/devspaces-workstation:test` |");
    expect(status[0]?.body).toMatch(/\| `snap-\d+` \| before-upgrade \| manual \|/);
  });

  it("answers /help, a typo and bad arguments with help, changing nothing", async () => {
    const before = (await snapshotsIn(dev.namespace)).length;
    const help = await comment(sut, dev, "/help");
    const typo = await comment(sut, dev, "/snapshto");
    const bad = await comment(sut, dev, "/snapshot two words");
    await sut.idle();
    const bodies = replies(sut, dev).map((c) => c.body);
    expect(bodies.some((b) => b.startsWith("Comment one of these"))).toBe(true);
    expect(bodies.some((b) => b.includes("Did you mean `/snapshot`?"))).toBe(true);
    expect(bodies.some((b) => b.includes("A snapshot label is one word"))).toBe(true);
    expect(reactionsOn(sut, help.commentId)).toContain("rocket");
    expect(reactionsOn(sut, typo.commentId)).toContain("confused");
    expect(reactionsOn(sut, bad.commentId)).toContain("confused");
    expect((await snapshotsIn(dev.namespace)).length).toBe(before);
  });
});

describe("/stop and /start", () => {
  it("stops the workstation but keeps the volume, then starts it again", async () => {
    const stop = await comment(sut, dev, "/stop");
    await sut.idle();
    const stopped = await kube.apps.readNamespacedStatefulSet({ namespace: dev.namespace, name: "workstation" });
    expect(stopped.spec?.replicas).toBe(0);
    const podsWhileStopped = await kube.core.listNamespacedPod({ namespace: dev.namespace });
    expect(podsWhileStopped.items).toHaveLength(0);
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: dev.namespace, name: "home-workstation-0" });
    expect(claim.status?.phase).toBe("Bound");
    const ns = await kube.core.readNamespace({ name: dev.namespace });
    expect(ns.metadata?.annotations?.["devspaces.dev/state"]).toBe("stopped");
    const status = () => sut.github.comments(ORG, REPO, dev.issueNumber).find((c) => c.body.includes("<!-- devspaces:status:"));
    expect(status()?.body).toContain("⚪ Stopped");
    expect(reactionsOn(sut, stop.commentId)).toContain("rocket");

    const start = await comment(sut, dev, "/start");
    await sut.idle();
    const pod = await kube.core.readNamespacedPod({ namespace: dev.namespace, name: "workstation-0" });
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    const restarted = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: dev.namespace, name: "home-workstation-0" });
    expect(restarted.metadata?.uid).toBe(claim.metadata?.uid);
    expect(status()?.body).toContain("🟢 Ready");
    expect(replies(sut, dev).some((c) => c.body.startsWith("▶️ Started: https://cmd-owner.dev.example.test"))).toBe(true);
    expect(reactionsOn(sut, start.commentId)).toContain("rocket");
  });
});

describe("what never acts", () => {
  it("refuses a stranger politely and changes nothing", async () => {
    const before = (await snapshotsIn(dev.namespace)).length;
    const { commentId } = await comment(sut, dev, "/snapshot", { author: { login: "Stranger", id: 4001 } });
    await sut.idle();
    expect((await snapshotsIn(dev.namespace)).length).toBe(before);
    expect(replies(sut, dev).some((c) => c.body.includes("@Stranger, only @Cmd-Owner and the platform admins"))).toBe(true);
    expect(reactionsOn(sut, commentId)).toContain("confused");
  });

  it.each([
    ["a bot's comment", { author: { login: "devspaces[bot]", id: 190000001, type: "Bot" as const } }, "/snapshot"],
    ["an edited comment", { action: "edited" as const }, "/snapshot"],
    ["a deleted comment", { action: "deleted" as const }, "/snapshot"],
    ["a quoted command", {}, "> /snapshot\nI said this earlier"],
    ["a fenced command", {}, "```\n/snapshot\n```"],
    ["a pull-request comment", { isPullRequest: true }, "/snapshot"],
    ["a comment on an issue without the devspace label", { labels: ["question"] }, "/snapshot"],
  ])("%s causes no cluster or GitHub writes", async (_name, options, body) => {
    const snapshotsBefore = (await snapshotsIn(dev.namespace)).length;
    const writesBefore = sut.github.writes().length;
    const { response } = await comment(sut, dev, body, options);
    expect(response.status).toBe(202);
    await sut.idle();
    expect((await snapshotsIn(dev.namespace)).length).toBe(snapshotsBefore);
    expect(sut.github.writes().length).toBe(writesBefore);
  });
});

describe("one operation at a time", () => {
  it("runs /snapshot and /restore sent together one at a time, and leaves the devspace consistent", async () => {
    const [snap, restore] = await Promise.all([comment(sut, dev, "/snapshot during-restore"), comment(sut, dev, "/restore before-upgrade")]);
    await sut.idle();
    const all = replies(sut, dev);
    const snapshotDone = all.some((c) => c.body.includes(`snap-${snap.commentId}`));
    const restoreDone = all.some((c) => c.body.includes(`safety-${restore.commentId}`));
    const busy = all.filter((c) => c.body.includes("Busy: running /"));
    // Each either ran or was told the devspace is busy: none is lost silently.
    expect(Number(snapshotDone) + Number(restoreDone) + busy.length).toBeGreaterThanOrEqual(2);
    expect(snapshotDone || restoreDone).toBe(true);
    const pod = await kube.core.readNamespacedPod({ namespace: dev.namespace, name: "workstation-0" });
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: dev.namespace, name: "home-workstation-0" });
    expect(claim.status?.phase).toBe("Bound");
    const ns = await kube.core.readNamespace({ name: dev.namespace });
    expect(ns.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
  });

  it("answers a command that arrives while another holds the devspace with busy, and loses nothing", async () => {
    const before = (await snapshotsIn(dev.namespace)).length;
    const [a, b] = await Promise.all([comment(sut, dev, "/snapshot one"), comment(sut, dev, "/snapshot two")]);
    await sut.idle();
    const after = await snapshotsIn(dev.namespace);
    const made = [a, b].filter((c) => after.some((s) => s.metadata.name === `snap-${c.commentId}`));
    const busy = replies(sut, dev).filter((c) => c.body.startsWith("Busy: running /snapshot"));
    // Either both ran one after the other, or one was told it is busy: never both lost, never corrupted.
    expect(made.length + busy.length).toBeGreaterThanOrEqual(2);
    expect(after.length).toBe(before + made.length);
    for (const c of made) expect(after.find((s) => s.metadata.name === `snap-${c.commentId}`)?.status?.readyToUse).toBe(true);
  });
});
