/**
 * The product's spine inside workerd: the real Worker bundle, booted by `wrangler dev --local`,
 * takes a signed "Request devspace" webhook, answers 202, and a Cloudflare Workflow (run locally
 * by wrangler) provisions the devspace in the real test control plane and comments its URL.
 * Mirrors test/integration/provision.test.ts, which does the same on Node.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import { adminClients } from "../support/kube.ts";
import { issuesOpenedPayload } from "../support/webhooks.ts";
import { INSTALLATION_ID, ORG, REPO, startWorker, type WorkerUnderTest } from "../support/worker-under-test.ts";

const cluster = inject("cluster");
const kube = adminClients(cluster);
let sut: WorkerUnderTest;

beforeAll(async () => {
  sut = await startWorker(cluster);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.error(
    `[worker] bundle ${kib(sut.bundle.rawBytes)} raw / ${kib(sut.bundle.gzipBytes)} gzip, built in ${sut.bundle.buildMs} ms; ` +
      `wrangler dev answered /healthz ${sut.bootMs} ms after spawn`,
  );
});
afterAll(async () => {
  await sut?.close();
});

// Fixed issue numbers, apart from the Node integration tests' (they share the control plane):
// a devspace remembers its home issue, so a rerun against a reused cluster (or a run of one
// test with -t) must file the same request under the same number.
function requestIssue(issueNumber: number, login: string, userId: number, body: string) {
  sut.github.seedIssue({ owner: ORG, repo: REPO, number: issueNumber, title: "Request devspace: mine", body, user: { login, id: userId }, labels: ["devspace"] });
  const payload = issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber, login, userId, body, labels: ["devspace"], installationId: INSTALLATION_ID });
  return { issueNumber, payload };
}

const statusComments = (issue: number) => sut.github.comments(ORG, REPO, issue).filter((c) => c.body.includes("<!-- devspaces:status:"));
const commentCreates = (issue: number) =>
  sut.github.writes().filter((call) => call.method === "POST" && call.path === `/repos/${ORG}/${REPO}/issues/${issue}/comments`);

async function namespaceState(name: string): Promise<string | undefined> {
  try {
    const ns = await kube.core.readNamespace({ name });
    return ns.metadata?.annotations?.["devspaces.dev/state"] ?? "(no state)";
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/**
 * Polls until the Workflow has finished: the namespace says `ready` and the status comment was
 * edited to Ready (the last step before unlocking). Bounded; on timeout it says where it stood.
 */
async function waitUntilProvisioned(namespace: string, issueNumber: number, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  let state: string | undefined;
  let comment: string | undefined;
  while (performance.now() - started < timeoutMs) {
    state = await namespaceState(namespace);
    comment = statusComments(issueNumber)[0]?.body;
    if (state === "ready" && comment?.includes("🟢 Ready")) return Math.round(performance.now() - started);
    if (state === "failed") break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `${namespace} did not become ready (state: ${state ?? "no namespace"})\nstatus comment: ${comment ?? "(none)"}\n` +
      `Worker output (tail):\n${sut.output().slice(-6000)}`,
  );
}

describe("the Worker in workerd", () => {
  it("is a bundle that Workers accept", () => {
    // Workers reject scripts over 3 MiB gzip on the free plan (10 MiB paid); stay well inside.
    expect(sut.bundle.gzipBytes).toBeLessThan(3 * 1024 * 1024);
  });

  it("provisions a requested devspace through a Workflow and comments its URL", async () => {
    const body = renderIssueFormBody({ size: "small", homeVolumeGi: "5", acknowledgement: [true] });
    const { issueNumber, payload } = requestIssue(701, "Wendy-Worker", 2001, body);
    const kubeCallsBefore = sut.kubeProxy.calls.length;

    const sent = performance.now();
    const response = await sut.send("issues", payload);
    const answeredMs = Math.round(performance.now() - sent);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: "provision", duplicate: false });
    // GitHub gives up after 10 s; the slow work must happen after the response.
    expect(answeredMs).toBeLessThan(3_000);

    const provisionedMs = await waitUntilProvisioned("ds-wendy-worker", issueNumber);
    console.error(`[worker] 202 in ${answeredMs} ms; devspace ready ${provisionedMs} ms later`);

    const ns = await kube.core.readNamespace({ name: "ds-wendy-worker" });
    expect(ns.metadata?.annotations).toMatchObject({
      "devspaces.dev/login": "Wendy-Worker",
      "devspaces.dev/user-id": "2001",
      "devspaces.dev/home-issue": `${ORG}/${REPO}#${issueNumber}`,
      "devspaces.dev/state": "ready",
    });
    const sts = await kube.apps.readNamespacedStatefulSet({ namespace: "ds-wendy-worker", name: "workstation" });
    expect(sts.status?.readyReplicas).toBe(1);
    expect(sts.status?.observedGeneration).toBe(sts.metadata?.generation);
    expect(sts.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage).toBe("5Gi");
    const pod = await kube.core.readNamespacedPod({ namespace: "ds-wendy-worker", name: "workstation-0" });
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");

    const comments = statusComments(issueNumber);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("🟢 Ready");
    expect(comments[0]?.body).toContain("https://wendy-worker.dev.example.test");
    sut.github.assertNoViolations();

    // Every cluster call the Worker made went through the proxy with the ServiceAccount's
    // token (never the admin's), and the RBAC in manifests/ allowed all of them.
    const kubeCalls = sut.kubeProxy.calls.slice(kubeCallsBefore);
    expect(kubeCalls.some((c) => c.method === "PATCH" && c.path.startsWith("/apis/apps/v1/namespaces/ds-wendy-worker/statefulsets/"))).toBe(true);
    expect(kubeCalls.filter((c) => c.bearer !== sut.kubeToken)).toEqual([]);
    expect(kubeCalls.filter((c) => c.status === 401 || c.status === 403 || c.status >= 500)).toEqual([]);
  });

  it("answers a bad signature with 401 and touches neither the cluster nor GitHub", async () => {
    const { payload } = requestIssue(702, "Mallory-Worker", 2002, renderIssueFormBody({ size: "small", homeVolumeGi: "5", acknowledgement: [true] }));
    const writesBefore = sut.github.writes().length;
    const kubeCallsBefore = sut.kubeProxy.calls.length;

    const response = await sut.send("issues", payload, { signature: `sha256=${"0".repeat(64)}` });
    expect(response.status).toBe(401);
    const missing = await sut.send("issues", payload, { signature: null });
    expect(missing.status).toBe(401);

    // Had a Workflow started, its first step would have reached the cluster within this time.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await namespaceState("ds-mallory-worker")).toBeUndefined();
    expect(sut.github.writes().length).toBe(writesBefore);
    expect(sut.kubeProxy.calls.length).toBe(kubeCallsBefore);
  });

  it("runs one Workflow for a delivery sent twice: one devspace, one status comment", async () => {
    const body = renderIssueFormBody({ size: "medium", homeVolumeGi: "10", acknowledgement: [true] });
    const { issueNumber, payload } = requestIssue(703, "Replay-Worker", 2003, body);
    const deliveryId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    const kubeCallsBefore = sut.kubeProxy.calls.length;
    const first = await sut.send("issues", payload, { deliveryId });
    const second = await sut.send("issues", payload, { deliveryId });
    expect([first.status, second.status]).toEqual([202, 202]);
    // The Workflow instance id is the delivery id: the second create is refused as a duplicate.
    expect(await first.json()).toMatchObject({ delivery: deliveryId, duplicate: false });
    expect(await second.json()).toMatchObject({ delivery: deliveryId, duplicate: true });

    await waitUntilProvisioned("ds-replay-worker", issueNumber);
    // A late duplicate run would write again: give it the time to show itself.
    await new Promise((r) => setTimeout(r, 3_000));
    const pods = await kube.core.listNamespacedPod({ namespace: "ds-replay-worker" });
    expect(pods.items).toHaveLength(1);
    expect(statusComments(issueNumber)).toHaveLength(1);
    expect(commentCreates(issueNumber)).toHaveLength(1);
    // Two runs would converge on the same objects and comment (lease, marker), so count runs:
    // each run applies the StatefulSet once.
    const statefulSetApplies = sut.kubeProxy.calls
      .slice(kubeCallsBefore)
      .filter((c) => c.method === "PATCH" && c.path.startsWith("/apis/apps/v1/namespaces/ds-replay-worker/statefulsets/workstation?"));
    expect(statefulSetApplies).toHaveLength(1);
    expect(sut.github.comments(ORG, REPO, issueNumber)).toHaveLength(1);
    sut.github.assertNoViolations();
  });
});
