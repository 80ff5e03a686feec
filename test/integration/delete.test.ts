/**
 * /delete asks, /delete confirm archives (final snapshot first, data kept), the purge removes
 * only after the grace period and only over a verified final snapshot, and provisioning again
 * within the grace period brings the devspace back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { purgeArchived } from "../../src/operations/purge.ts";
import type { Step } from "../../src/runner/step.ts";
import { type DevspacesUnderTest, ORG, REPO, startDevspaces } from "../support/devspaces-under-test.ts";
import { comment, provisionDevspace, reactionsOn, replies, type TestDevspace } from "../support/devspace-fixtures.ts";
import { adminClients } from "../support/kube.ts";
import { issuesOpenedPayload } from "../support/webhooks.ts";

const cluster = inject("cluster");
const kube = adminClients(cluster);
let sut: DevspacesUnderTest;

beforeAll(async () => {
  sut = await startDevspaces(cluster, { DEVSPACES_DELETE_GRACE_DAYS: "7" });
});
afterAll(async () => {
  await sut?.close();
});

const immediateStep: Step = { do: (_name, fn) => fn(), sleep: (_name, ms) => new Promise((r) => setTimeout(r, ms)) };
const namespaceOf = (dev: TestDevspace) => kube.core.readNamespace({ name: dev.namespace });
async function snapshots(namespace: string) {
  return (await kube.objects.list("snapshot.storage.k8s.io/v1", "VolumeSnapshot", namespace)).items.map((s) => s.metadata?.name ?? "");
}
async function ingressExists(namespace: string) {
  return (await kube.networking.listNamespacedIngress({ namespace })).items.length > 0;
}
async function purgeAt(daysFromNow: number) {
  const deps = { ...sut.deps, now: () => new Date(Date.now() + daysFromNow * 86_400_000) };
  return purgeArchived(immediateStep, deps);
}

describe("/delete", () => {
  it("only asks at first, changing nothing", async () => {
    const dev = await provisionDevspace(sut, "Del-Ask", 5001);
    const before = await kube.apps.readNamespacedStatefulSet({ namespace: dev.namespace, name: "workstation" });
    const snapshotsBefore = await snapshots(dev.namespace);
    await comment(sut, dev, "/delete");
    await sut.idle();
    const after = await kube.apps.readNamespacedStatefulSet({ namespace: dev.namespace, name: "workstation" });
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(await snapshots(dev.namespace)).toEqual(snapshotsBefore);
    expect((await namespaceOf(dev)).metadata?.annotations?.["devspaces.dev/delete-after"]).toBeUndefined();
    expect(sut.github.comments(ORG, REPO, dev.issueNumber).some((c) => c.body.includes("comment `/delete confirm` within 10 minutes"))).toBe(true);
  });

  it("refuses a confirmation without a request", async () => {
    const dev = await provisionDevspace(sut, "Del-Noreq", 5002);
    const { commentId } = await comment(sut, dev, "/delete confirm");
    await sut.idle();
    expect(replies(sut, dev).some((c) => c.body.includes("There is no recent `/delete` request"))).toBe(true);
    expect(reactionsOn(sut, commentId)).toContain("confused");
    expect((await kube.apps.readNamespacedStatefulSet({ namespace: dev.namespace, name: "workstation" })).spec?.replicas).toBe(1);
  });

  it("archives on confirmation: final snapshot first, workstation gone, data kept; purged only after the grace period", async () => {
    const dev = await provisionDevspace(sut, "Del-Yes", 5003);
    await comment(sut, dev, "/delete");
    await sut.idle();
    const confirm = await comment(sut, dev, "/delete confirm");
    await sut.idle();

    const finalName = `final-${confirm.commentId}`;
    const final = await kube.objects.read({ apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: finalName, namespace: dev.namespace } });
    expect((final as { status?: { readyToUse?: boolean } }).status?.readyToUse).toBe(true);
    expect((await kube.core.listNamespacedPod({ namespace: dev.namespace })).items).toHaveLength(0);
    expect(await ingressExists(dev.namespace)).toBe(false);
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: dev.namespace, name: "home-workstation-0" });
    expect(claim.status?.phase).toBe("Bound");
    const annotations = (await namespaceOf(dev)).metadata?.annotations ?? {};
    expect(annotations["devspaces.dev/state"]).toBe("archived");
    expect(annotations["devspaces.dev/final-snapshot"]).toBe(finalName);
    expect(Date.parse(annotations["devspaces.dev/delete-after"] ?? "")).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(replies(sut, dev).some((c) => c.body.startsWith("🗑️ This devspace is deleted"))).toBe(true);
    expect(reactionsOn(sut, confirm.commentId)).toContain("rocket");

    // Inside the grace period the purge leaves it alone.
    expect((await purgeAt(1)).map((o) => o.namespace)).not.toContain(dev.namespace);
    expect((await namespaceOf(dev)).status?.phase).toBe("Active");
    // After it, the namespace goes, over the verified final snapshot.
    const outcomes = await purgeAt(8);
    expect(outcomes).toContainEqual({ namespace: dev.namespace, result: "removed" });
    expect((await namespaceOf(dev)).status?.phase).toBe("Terminating");
    expect(sut.github.comments(ORG, REPO, dev.issueNumber).some((c) => c.body.includes("removed for good"))).toBe(true);
  });

  it("keeps a devspace past its grace period whose final snapshot is gone, and says so", async () => {
    const dev = await provisionDevspace(sut, "Del-Lost", 5004);
    await comment(sut, dev, "/delete");
    await sut.idle();
    const confirm = await comment(sut, dev, "/delete confirm");
    await sut.idle();
    await kube.objects.delete({ apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: `final-${confirm.commentId}`, namespace: dev.namespace } });
    for (let i = 0; i < 50 && (await snapshots(dev.namespace)).includes(`final-${confirm.commentId}`); i++) await new Promise((r) => setTimeout(r, 200));

    const outcomes = await purgeAt(8);
    expect(outcomes.find((o) => o.namespace === dev.namespace)?.result).toBe("kept");
    expect((await namespaceOf(dev)).status?.phase).toBe("Active");
    expect(sut.github.comments(ORG, REPO, dev.issueNumber).some((c) => c.body.includes("was kept, because its final snapshot"))).toBe(true);
  });

  it("comes back when provisioned again within the grace period", async () => {
    const dev = await provisionDevspace(sut, "Del-Back", 5005);
    await comment(sut, dev, "/delete");
    await sut.idle();
    await comment(sut, dev, "/delete confirm");
    await sut.idle();
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: dev.namespace, name: "home-workstation-0" });

    // The same issue labelled again: a new delivery of the request.
    const issue = sut.github.issues(ORG, REPO).find((i) => i.number === dev.issueNumber)!;
    const payload = issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber: dev.issueNumber, login: dev.login, userId: dev.userId, body: issue.body ?? "", labels: ["devspace"], installationId: 4242 });
    await sut.send("issues", { ...payload, action: "labeled", label: { name: "devspace" } });
    await sut.idle();

    const annotations = (await namespaceOf(dev)).metadata?.annotations ?? {};
    expect(annotations["devspaces.dev/state"]).toBe("ready");
    expect(annotations["devspaces.dev/delete-after"]).toBeUndefined();
    expect(await ingressExists(dev.namespace)).toBe(true);
    const again = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: dev.namespace, name: "home-workstation-0" });
    expect(again.metadata?.uid).toBe(claim.metadata?.uid);
  });
});
