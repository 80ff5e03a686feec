/**
 * Team onboarding and offboarding from membership webhooks, against the real control plane.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DevspacesUnderTest, INSTALLATION_ID, ORG, REPO, startDevspaces } from "../support/devspaces-under-test.ts";
import { provisionDevspace } from "../support/devspace-fixtures.ts";
import { adminClients, devspaceNamespaces } from "../support/kube.ts";
import { membershipPayload } from "../support/webhooks.ts";

const TEAM_ID = 4201;
const cluster = inject("cluster");
const kube = adminClients(cluster);
let sut: DevspacesUnderTest;

beforeAll(async () => {
  sut = await startDevspaces(cluster, { DEVSPACES_ONBOARDING_TEAM_IDS: `${TEAM_ID}, 4299`, DEVSPACES_REPOSITORY: `${ORG}/${REPO}` });
});
afterAll(async () => {
  await sut?.close();
});

function membership(action: "added" | "removed", login: string, userId: number, team = { id: TEAM_ID, slug: "engineering" }) {
  return membershipPayload({ action, org: ORG, teamSlug: team.slug, teamId: team.id, login, userId, installationId: INSTALLATION_ID });
}
const homeIssues = (login: string) => sut.github.issues(ORG, REPO).filter((i) => i.title === `Devspace for @${login}`);

describe("membership.added", () => {
  it("opens one home issue and provisions one Ready devspace, even when delivered twice at once", async () => {
    const payload = membership("added", "New-Hire", 6001);
    const responses = await Promise.all([sut.send("membership", payload), sut.send("membership", payload)]);
    expect(responses.map((r) => r.status)).toEqual([202, 202]);
    await sut.idle();

    const issues = homeIssues("New-Hire");
    expect(issues).toHaveLength(1);
    expect(issues[0]?.labels).toContain("devspace");
    expect(issues[0]?.assignees).toEqual(["New-Hire"]);
    const ns = await kube.core.readNamespace({ name: "ds-new-hire" });
    expect(ns.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
    expect(ns.metadata?.annotations?.["devspaces.dev/home-issue"]).toBe(`${ORG}/${REPO}#${issues[0]?.number}`);
    expect(ns.metadata?.annotations?.["devspaces.dev/onboarded-by-team"]).toBe(String(TEAM_ID));
    const status = sut.github.comments(ORG, REPO, issues[0]!.number).filter((c) => c.body.includes("<!-- devspaces:status:new-hire -->"));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain("🟢 Ready");

    // The same member added to a second onboarding team later: still one of everything.
    await sut.send("membership", membership("added", "New-Hire", 6001, { id: 4299, slug: "platform" }));
    await sut.idle();
    expect(homeIssues("New-Hire")).toHaveLength(1);
    expect((await devspaceNamespaces(kube.core)).filter((n) => n === "ds-new-hire")).toHaveLength(1);
    sut.github.assertNoViolations();
  });

  it("links a member's existing devspace instead of opening a home issue", async () => {
    const dev = await provisionDevspace(sut, "Has-One", 6002);
    await sut.send("membership", membership("added", "Has-One", 6002));
    await sut.idle();
    expect(homeIssues("Has-One")).toHaveLength(0);
    const ns = await kube.core.readNamespace({ name: dev.namespace });
    expect(ns.metadata?.annotations?.["devspaces.dev/home-issue"]).toBe(`${ORG}/${REPO}#${dev.issueNumber}`);
  });
});

describe("membership.removed", () => {
  it("offboards: access ends, a final snapshot, the workstation stopped, data kept; re-adding brings it back", async () => {
    await sut.send("membership", membership("added", "Leaver", 6003));
    await sut.idle();
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: "ds-leaver", name: "home-workstation-0" });

    await sut.send("membership", membership("removed", "Leaver", 6003));
    await sut.idle();
    expect((await kube.networking.listNamespacedIngress({ namespace: "ds-leaver" })).items).toHaveLength(0);
    expect((await kube.core.listNamespacedPod({ namespace: "ds-leaver" })).items).toHaveLength(0);
    const snapshots = (await kube.objects.list("snapshot.storage.k8s.io/v1", "VolumeSnapshot", "ds-leaver")).items as Array<{
      metadata: { name: string; labels?: Record<string, string> };
      status?: { readyToUse?: boolean };
    }>;
    const final = snapshots.find((s) => s.metadata.labels?.["devspaces.dev/snapshot-kind"] === "final");
    expect(final?.status?.readyToUse).toBe(true);
    const annotations = (await kube.core.readNamespace({ name: "ds-leaver" })).metadata?.annotations ?? {};
    expect(annotations["devspaces.dev/final-snapshot"]).toBe(final?.metadata.name);
    expect(Date.parse(annotations["devspaces.dev/delete-after"] ?? "")).toBeGreaterThan(Date.now());
    const issue = homeIssues("Leaver")[0]!;
    expect(sut.github.comments(ORG, REPO, issue.number).some((c) => c.body.startsWith("🗄️ Offboarded."))).toBe(true);

    // Back within the grace period: the same volume, Ready again, no second issue.
    await sut.send("membership", membership("added", "Leaver", 6003));
    await sut.idle();
    const back = await kube.core.readNamespace({ name: "ds-leaver" });
    expect(back.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
    expect(back.metadata?.annotations?.["devspaces.dev/delete-after"]).toBeUndefined();
    const again = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: "ds-leaver", name: "home-workstation-0" });
    expect(again.metadata?.uid).toBe(claim.metadata?.uid);
    expect(homeIssues("Leaver")).toHaveLength(1);
  });
});

describe("membership events that change nothing", () => {
  it.each([
    ["an unconfigured team", "membership", () => membership("added", "Outsider", 6004, { id: 999, slug: "sales" })],
    [
      "a deleted team",
      "membership",
      () => {
        const payload = membership("added", "Outsider", 6004) as unknown as { team: Record<string, unknown> };
        payload.team = { id: TEAM_ID, name: "engineering", deleted: true };
        return payload;
      },
    ],
    ["a member event", "member", () => ({ ...membership("added", "Outsider", 6004), scope: undefined })],
    ["an organization event", "organization", () => ({ action: "member_added", organization: { login: ORG }, installation: { id: INSTALLATION_ID } })],
  ])("%s", async (_name, event, build) => {
    const writes = sut.github.writes().length;
    const response = await sut.send(event, build());
    expect(response.status).toBe(202);
    await sut.idle();
    expect(sut.github.writes().length).toBe(writes);
    expect(await devspaceNamespaces(kube.core)).not.toContain("ds-outsider");
  });
});
