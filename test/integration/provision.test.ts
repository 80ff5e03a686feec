/**
 * The product's spine, end to end on Node: a signed "Request devspace" webhook goes in; a real
 * control plane holds the devspace and the GitHub fake holds the status comment.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import { type DevspacesUnderTest, INSTALLATION_ID, ORG, REPO, startDevspaces, WEBHOOK_SECRET } from "../support/devspaces-under-test.ts";
import { adminClients, devspaceNamespaces } from "../support/kube.ts";
import { issuesOpenedPayload } from "../support/webhooks.ts";

const cluster = inject("cluster");
const kube = adminClients(cluster);
let sut: DevspacesUnderTest;

beforeAll(async () => {
  sut = await startDevspaces(cluster);
});
afterAll(async () => {
  await sut?.close();
});

// Unique across the test files that share the control plane (see devspace-fixtures.ts).
let nextIssue = 10_000 + Math.floor(Math.random() * 900_000);
function requestIssue(login: string, userId: number, body: string) {
  const issueNumber = nextIssue++;
  sut.github.seedIssue({ owner: ORG, repo: REPO, number: issueNumber, title: "Request devspace: mine", body, user: { login, id: userId }, labels: ["devspace"] });
  const payload = issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber, login, userId, body, labels: ["devspace"], installationId: INSTALLATION_ID });
  return { issueNumber, payload };
}

const statusComments = (issue: number) => sut.github.comments(ORG, REPO, issue).filter((c) => c.body.includes("<!-- devspaces:status:"));

describe("a Request devspace issue", () => {
  it("creates the whole devspace, waits until it is Ready and comments its URL", async () => {
    const body = renderIssueFormBody({ size: "small", homeVolumeGi: "5", dotfilesRepo: "https://github.com/Mona/dotfiles", acknowledgement: [true] });
    const { issueNumber, payload } = requestIssue("Mona-Lisa", 1001, body);
    sut.github.seedUser({ login: "Mona-Lisa", id: 1001, keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMonaLisaTestKey0000000000000000000000000"] });

    const response = await sut.send("issues", payload);
    expect(response.status).toBe(202);
    await sut.idle();

    const ns = await kube.core.readNamespace({ name: "ds-mona-lisa" });
    // On failure, the status comment says why in plain words: show it.
    expect(ns.metadata?.annotations?.["devspaces.dev/state"], statusComments(issueNumber)[0]?.body).toBe("ready");
    expect(ns.metadata?.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "devspaces",
      "pod-security.kubernetes.io/enforce": "restricted",
    });
    expect(ns.metadata?.annotations).toMatchObject({
      "devspaces.dev/login": "Mona-Lisa",
      "devspaces.dev/user-id": "1001",
      "devspaces.dev/home-issue": `${ORG}/${REPO}#${issueNumber}`,
      "devspaces.dev/state": "ready",
    });

    const sts = await kube.apps.readNamespacedStatefulSet({ namespace: "ds-mona-lisa", name: "workstation" });
    expect(sts.status?.readyReplicas).toBe(1);
    expect(sts.status?.observedGeneration).toBe(sts.metadata?.generation);
    expect(sts.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage).toBe("5Gi");
    const containers = sts.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => c.name).sort()).toEqual(["oauth-proxy", "workstation"]);
    expect(containers.find((c) => c.name === "oauth-proxy")?.args).toContain("--github-user=Mona-Lisa");
    expect(containers.find((c) => c.name === "workstation")?.env).toContainEqual({ name: "DOTFILES_REPO", value: "Mona/dotfiles" });

    const pod = await kube.core.readNamespacedPod({ namespace: "ds-mona-lisa", name: "workstation-0" });
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ namespace: "ds-mona-lisa", name: "home-workstation-0" });
    expect(claim.status?.phase).toBe("Bound");

    // The owner's GitHub keys, for sshd in the workstation.
    const keys = await kube.core.readNamespacedConfigMap({ namespace: "ds-mona-lisa", name: "ssh-authorized-keys" });
    expect(keys.data?.authorized_keys).toContain("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMonaLisaTestKey");

    const service = await kube.core.readNamespacedService({ namespace: "ds-mona-lisa", name: "workstation" });
    expect(service.spec?.type).toBe("ClusterIP");
    const ingress = await kube.networking.readNamespacedIngress({ namespace: "ds-mona-lisa", name: "workstation" });
    expect(ingress.spec?.tls?.[0]?.hosts).toEqual(["mona-lisa.dev.example.test"]);
    expect(ingress.metadata?.annotations?.["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
    const policy = await kube.networking.readNamespacedNetworkPolicy({ namespace: "ds-mona-lisa", name: "workstation" });
    // The sources must survive the trip through the client: an empty `from` would admit everyone.
    for (const rule of policy.spec?.ingress ?? []) expect(rule._from?.length).toBeGreaterThan(0);
    const quotas = await kube.core.listNamespacedResourceQuota({ namespace: "ds-mona-lisa" });
    expect(quotas.items).toHaveLength(1);
    expect(quotas.items[0]?.spec?.hard?.persistentvolumeclaims).toBe("2");
    const limits = await kube.core.listNamespacedLimitRange({ namespace: "ds-mona-lisa" });
    expect(limits.items).toHaveLength(1);

    const comments = statusComments(issueNumber);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("🟢 Ready");
    expect(comments[0]?.body).toContain("https://mona-lisa.dev.example.test");
    sut.github.assertNoViolations();
  });

  it("ends with one devspace and one status comment when the delivery is replayed, and when relabelled", async () => {
    const body = renderIssueFormBody({ size: "medium", homeVolumeGi: "10", acknowledgement: [true] });
    const { issueNumber, payload } = requestIssue("Replay-Cat", 1002, body);
    const deliveryId = "5f2d8a10-0000-4000-8000-000000000001";
    const responses = await Promise.all([1, 2, 3].map(() => sut.send("issues", payload, { deliveryId })));
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    await sut.idle();
    // The same devspace label applied again is a new delivery: it converges on the same objects.
    await sut.send("issues", { ...payload, action: "labeled", label: { name: "devspace" } });
    await sut.idle();

    const namespaces = (await devspaceNamespaces(kube.core)).filter((n) => n === "ds-replay-cat");
    expect(namespaces).toHaveLength(1);
    const pods = await kube.core.listNamespacedPod({ namespace: "ds-replay-cat" });
    expect(pods.items).toHaveLength(1);
    expect(statusComments(issueNumber)).toHaveLength(1);
    expect(statusComments(issueNumber)[0]?.body).toContain("🟢 Ready");
    expect(sut.github.comments(ORG, REPO, issueNumber)).toHaveLength(1);
    sut.github.assertNoViolations();
  });

  it("refuses a second request issue from someone who already has a devspace, changing nothing", async () => {
    const body = renderIssueFormBody({ size: "large", homeVolumeGi: "50", acknowledgement: [true] });
    const first = requestIssue("Twice", 1003, renderIssueFormBody({ size: "small", homeVolumeGi: "5", acknowledgement: [true] }));
    await sut.send("issues", first.payload);
    await sut.idle();
    const before = await kube.apps.readNamespacedStatefulSet({ namespace: "ds-twice", name: "workstation" });

    const second = requestIssue("Twice", 1003, body);
    await sut.send("issues", second.payload);
    await sut.idle();

    const after = await kube.apps.readNamespacedStatefulSet({ namespace: "ds-twice", name: "workstation" });
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    const reply = sut.github.comments(ORG, REPO, second.issueNumber);
    expect(reply).toHaveLength(1);
    expect(reply[0]?.body).toContain(`already has a devspace, managed in ${ORG}/${REPO}#${first.issueNumber}`);
  });
});

describe("bad input changes nothing", () => {
  const validPayload = () => requestIssue("Mallory", 1004, renderIssueFormBody({ size: "small", homeVolumeGi: "5", acknowledgement: [true] })).payload;
  const hmac = (body: string) => createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex");

  it.each([
    ["a bad signature", (_body: string) => `sha256=${"0".repeat(64)}`],
    ["a missing signature", (_body: string) => null],
    ["a wrong algorithm prefix", (body: string) => `sha1=${hmac(body)}`],
    ["non-hex digits", (_body: string) => `sha256=${"g".repeat(64)}`],
    ["the signature of another body", (body: string) => `sha256=${hmac(`${body}x`)}`],
  ])("%s gets a 401 and no cluster or GitHub writes", async (_name, signatureFor) => {
    const payload = validPayload();
    const writesBefore = sut.github.writes().length;
    const response = await sut.send("issues", payload, { signature: signatureFor(JSON.stringify(payload)) });
    expect(response.status).toBe(401);
    await sut.idle();
    expect(await devspaceNamespaces(kube.core)).not.toContain("ds-mallory");
    expect(sut.github.writes().length).toBe(writesBefore);
  });

  it.each([
    ["an invalid size", { size: "enormous", homeVolumeGi: "5", acknowledgement: [true] }, "Size"],
    ["a missing home volume size", { size: "small", homeVolumeGi: "", acknowledgement: [true] }, "Home volume size"],
    ["an unticked acknowledgement", { size: "small", homeVolumeGi: "5", acknowledgement: [false] }, "Acknowledgement"],
  ])("a form with %s gets a comment naming the field and creates nothing", async (_name, answers, label) => {
    const { issueNumber, payload } = requestIssue("Form-Tester", 1005, renderIssueFormBody(answers));
    const response = await sut.send("issues", payload);
    expect(response.status).toBe(202);
    await sut.idle();
    const comments = sut.github.comments(ORG, REPO, issueNumber);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(label);
    expect(await devspaceNamespaces(kube.core)).not.toContain("ds-form-tester");
    sut.github.assertNoViolations();
  });
});
