/**
 * The reconciler against the real control plane: webhooks that never arrived are repaired,
 * orphans are reported in one tracking issue and never deleted, and a second run changes
 * nothing. The app runs with its own namespace prefix, so devspaces other test files leave in
 * the shared cluster are not in its view.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import { RECONCILE_LABEL, RECONCILE_MARKER, RECONCILE_TITLE } from "../../src/github/render-reconcile-report.ts";
import { type ReconcileOutcome, reconcile } from "../../src/operations/reconcile.ts";
import type { Step } from "../../src/runner/step.ts";
import { type DevspacesUnderTest, INSTALLATION_ID, ORG, REPO, startDevspaces } from "../support/devspaces-under-test.ts";
import { adminClients } from "../support/kube.ts";
import { issuesOpenedPayload } from "../support/webhooks.ts";

const TEAM_ID = 4301;
// Unique per run, so a reused control plane (DEVSPACES_TEST_KUBECONFIG) holds none of ours yet.
const PREFIX = `rc${Math.random().toString(36).slice(2, 6)}-`;
// User ids unique per run too: onboarding looks a member's devspace up by user id across the cluster.
const ID = 7_000_000 + Math.floor(Math.random() * 100_000) * 10;
const cluster = inject("cluster");
const kube = adminClients(cluster);
let sut: DevspacesUnderTest;
let runs = 0;
let cyIssue: { number: number };

const immediateStep: Step = { do: (_name, fn) => fn(), sleep: (_name, ms) => new Promise((r) => setTimeout(r, ms)) };
const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const requestBody = renderIssueFormBody({ size: "small", homeVolumeGi: "2", acknowledgement: [true] });

beforeAll(async () => {
  sut = await startDevspaces(cluster, {
    DEVSPACES_NAMESPACE_PREFIX: PREFIX,
    DEVSPACES_ONBOARDING_TEAM_IDS: String(TEAM_ID),
    DEVSPACES_REPOSITORY: `${ORG}/${REPO}`,
  });
  sut.github.seedTeam({ org: ORG, slug: "rc-engineering", id: TEAM_ID, members: [] });
});
afterAll(async () => {
  await sut?.close();
});

async function runReconciler(): Promise<ReconcileOutcome> {
  runs += 1;
  const outcome = await reconcile(immediateStep, sut.deps, `reconcile-test-${runs}`);
  if (!outcome) throw new Error("the reconciler did not run");
  return outcome;
}
async function namespace(name: string) {
  return kube.core.readNamespace({ name }).catch(() => undefined);
}
const trackingIssues = () => sut.github.issues(ORG, REPO).filter((i) => i.labels.includes(RECONCILE_LABEL));
/** Closes or reopens an issue through the API, as a person would. */
async function setIssueState(number: number, state: "open" | "closed") {
  const response = await fetch(`${sut.github.url}/repos/${ORG}/${REPO}/issues/${number}`, {
    method: "PATCH",
    headers: { authorization: `token ${sut.github.mintInstallationToken(INSTALLATION_ID)}`, "user-agent": "reconcile-test", "content-type": "application/json" },
    body: JSON.stringify({ state }),
  });
  expect(response.status).toBe(200);
}

describe("the reconciler", () => {
  it("provisions a request whose issues.opened was never delivered", async () => {
    const issue = sut.github.seedIssue({ owner: ORG, repo: REPO, title: "Request devspace", body: requestBody, user: { login: "Rc-Ana", id: ID + 1 }, labels: ["devspace"], createdAt: anHourAgo() });
    expect(await namespace(`${PREFIX}rc-ana`)).toBeUndefined();

    const outcome = await runReconciler();
    expect(outcome.repairs.map((r) => [r.action.kind, r.action.slug, r.result])).toEqual([["provision", "rc-ana", "done"]]);
    const ns = await namespace(`${PREFIX}rc-ana`);
    expect(ns?.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
    expect(ns?.metadata?.annotations?.["devspaces.dev/home-issue"]).toBe(`${ORG}/${REPO}#${issue.number}`);
    const status = sut.github.comments(ORG, REPO, issue.number).filter((c) => c.body.includes("<!-- devspaces:status:rc-ana -->"));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain("🟢 Ready");
    expect(outcome.report.change).toBe("none");
    expect(trackingIssues()).toHaveLength(0);
  });

  it("leaves a request opened moments ago to its own webhook", async () => {
    const issue = sut.github.seedIssue({ owner: ORG, repo: REPO, title: "Request devspace", body: requestBody, user: { login: "Rc-Fresh", id: ID + 5 }, labels: ["devspace"] });
    const outcome = await runReconciler();
    expect(outcome.repairs).toEqual([]);
    expect(await namespace(`${PREFIX}rc-fresh`)).toBeUndefined();
    // Its webhook then arrives and provisions it as usual.
    await sut.send("issues", issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber: issue.number, login: "Rc-Fresh", userId: ID + 5, body: requestBody, labels: ["devspace"], installationId: INSTALLATION_ID }));
    await sut.idle();
    expect((await namespace(`${PREFIX}rc-fresh`))?.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
  });

  it("onboards a team member whose membership.added never arrived", async () => {
    sut.github.seedTeam({ org: ORG, slug: "rc-engineering", id: TEAM_ID, members: [{ login: "Rc-Bo", id: ID + 2 }] });
    expect(await namespace(`${PREFIX}rc-bo`)).toBeUndefined();

    const outcome = await runReconciler();
    expect(outcome.repairs.map((r) => [r.action.kind, r.action.slug, r.result, r.reason])).toEqual([["onboard", "rc-bo", "done", undefined]]);
    const homes = sut.github.issues(ORG, REPO).filter((i) => i.title === "Devspace for @Rc-Bo");
    expect(homes).toHaveLength(1);
    expect(homes[0]?.assignees).toEqual(["Rc-Bo"]);
    const ns = await namespace(`${PREFIX}rc-bo`);
    expect(ns?.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
    expect(ns?.metadata?.annotations?.["devspaces.dev/onboarded-by-team"]).toBe(String(TEAM_ID));
    expect(ns?.metadata?.annotations?.["devspaces.dev/home-issue"]).toBe(`${ORG}/${REPO}#${homes[0]?.number}`);
    // A brand-new home issue gets one status comment: the outcome.
    const comments = sut.github.comments(ORG, REPO, homes[0]!.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("🟢 Ready");
  });

  it("offboards a member removed from the team while the webhook was lost", async () => {
    sut.github.seedTeam({ org: ORG, slug: "rc-engineering", id: TEAM_ID, members: [] });
    const outcome = await runReconciler();
    expect(outcome.repairs.map((r) => [r.action.kind, r.action.slug, r.result])).toEqual([["offboard", "rc-bo", "done"]]);

    expect((await kube.networking.listNamespacedIngress({ namespace: `${PREFIX}rc-bo` })).items).toHaveLength(0);
    expect((await kube.core.listNamespacedPod({ namespace: `${PREFIX}rc-bo` })).items).toHaveLength(0);
    const annotations = (await namespace(`${PREFIX}rc-bo`))?.metadata?.annotations ?? {};
    expect(annotations["devspaces.dev/state"]).toBe("archived");
    expect(annotations["devspaces.dev/final-snapshot"]).toMatch(/^final-offboard-/);
    expect(Date.parse(annotations["devspaces.dev/delete-after"] ?? "")).toBeGreaterThan(Date.now());
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: `${PREFIX}rc-bo`, name: "home-workstation-0" });
    expect(claim.status?.phase).toBe("Bound");
    const home = sut.github.issues(ORG, REPO).find((i) => i.title === "Devspace for @Rc-Bo")!;
    expect(sut.github.comments(ORG, REPO, home.number).some((c) => c.body.startsWith("🗄️ Offboarded."))).toBe(true);
  });

  it("reports an orphan namespace in one tracking issue and deletes nothing", async () => {
    // A devspace whose issue was closed, and a namespace that does not read as a devspace.
    cyIssue = sut.github.seedIssue({ owner: ORG, repo: REPO, title: "Request devspace", body: requestBody, user: { login: "Rc-Cy", id: ID + 3 }, labels: ["devspace"], createdAt: anHourAgo() });
    await runReconciler();
    expect((await namespace(`${PREFIX}rc-cy`))?.metadata?.annotations?.["devspaces.dev/state"]).toBe("ready");
    await setIssueState(cyIssue.number, "closed");
    await kube.core.createNamespace({ body: { metadata: { name: `${PREFIX}half-made`, labels: { "app.kubernetes.io/managed-by": "devspaces" } } } });
    const statefulSet = await kube.apps.readNamespacedStatefulSet({ namespace: `${PREFIX}rc-cy`, name: "workstation" });

    const outcome = await runReconciler();
    expect(outcome.repairs).toEqual([]);
    expect(outcome.report.change).toBe("created");
    expect(outcome.findings.map((f) => f.kind)).toEqual(["orphan", "incomplete"]);
    const tracking = trackingIssues();
    expect(tracking).toHaveLength(1);
    expect(tracking[0]?.title).toBe(RECONCILE_TITLE);
    expect(tracking[0]?.state).toBe("open");
    expect(tracking[0]?.body).toContain(RECONCILE_MARKER);
    expect(tracking[0]?.body).toContain(`| \`${PREFIX}rc-cy\` | @Rc-Cy | acme/devspaces#${cyIssue.number} | ready |`);
    expect(tracking[0]?.body).toContain(`- \`${PREFIX}half-made\``);
    // Nothing was touched: the orphan is still there and still running, the odd namespace too.
    const after = await kube.apps.readNamespacedStatefulSet({ namespace: `${PREFIX}rc-cy`, name: "workstation" });
    expect(after.metadata?.resourceVersion).toBe(statefulSet.metadata?.resourceVersion);
    expect(after.spec?.replicas).toBe(1);
    expect((await namespace(`${PREFIX}rc-cy`))?.status?.phase).toBe("Active");
    expect((await namespace(`${PREFIX}half-made`))?.status?.phase).toBe("Active");
    // The offboarded devspace is on its way out through the purge: not an orphan.
    expect(tracking[0]?.body).not.toContain(`${PREFIX}rc-bo`);
  });

  it("changes nothing when run again", async () => {
    const writes = sut.github.writes().length;
    const versions = async () =>
      (await kube.core.listNamespace()).items
        .filter((ns) => ns.metadata?.name?.startsWith(PREFIX))
        .map((ns) => `${ns.metadata?.name}@${ns.metadata?.resourceVersion}`)
        .sort();
    const before = await versions();
    const leases = (await kube.objects.list("coordination.k8s.io/v1", "Lease", "devspaces-system")).items.map((l) => `${l.metadata?.name}@${l.metadata?.resourceVersion}`);

    const outcome = await runReconciler();
    expect(outcome.repairs).toEqual([]);
    expect(outcome.report.change).toBe("unchanged");
    expect(sut.github.writes().length).toBe(writes);
    expect(trackingIssues()).toHaveLength(1);
    expect(await versions()).toEqual(before);
    const leasesAfter = (await kube.objects.list("coordination.k8s.io/v1", "Lease", "devspaces-system")).items.map((l) => `${l.metadata?.name}@${l.metadata?.resourceVersion}`);
    expect(leasesAfter).toEqual(leases);
  });

  it("closes the tracking issue once everything is resolved, and reopens the same one later", async () => {
    await setIssueState(cyIssue.number, "open");
    await kube.core.deleteNamespace({ name: `${PREFIX}half-made` });
    const resolved = await runReconciler();
    expect(resolved.report.change).toBe("closed");
    expect(trackingIssues()).toHaveLength(1);
    expect(trackingIssues()[0]?.state).toBe("closed");
    expect(trackingIssues()[0]?.body).toContain("Nothing to report");

    await setIssueState(cyIssue.number, "closed");
    const again = await runReconciler();
    expect(again.report.change).toBe("reopened");
    expect(trackingIssues()).toHaveLength(1);
    expect(trackingIssues()[0]?.state).toBe("open");
    sut.github.assertNoViolations();
  });
});
