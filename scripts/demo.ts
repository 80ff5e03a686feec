/**
 * The demo (`scripts/run demo`): a local control plane, the GitHub fake and the Node app.
 * Sends one signed "Request devspace" webhook, then prints the comment Devspaces posted and
 * the objects it created. `--keep` leaves everything running for poking around.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { renderIssueFormBody } from "../src/github/issue-form.ts";
import { startControlPlane } from "../test/cluster/control-plane.ts";
import { INSTALLATION_ID, ORG, REPO, startDevspaces } from "../test/support/devspaces-under-test.ts";
import { issuesOpenedPayload } from "../test/support/webhooks.ts";

const keep = process.argv.includes("--keep");
const login = "Octo-Dev";
const issueNumber = 1;
const step = (text: string) => console.log(`\n\x1b[1m▸ ${text}\x1b[0m`);

step("Starting a local Kubernetes control plane (etcd, apiserver, controllers, scheduler, kwok)");
const started = performance.now();
const plane = await startControlPlane({ name: `demo-${process.pid}` });
console.log(`  up in ${((performance.now() - started) / 1000).toFixed(1)} s at ${plane.info.server}`);

step("Starting the GitHub fake and the Devspaces app (Node runtime, provisioner ServiceAccount RBAC)");
const sut = await startDevspaces(plane.info);
console.log(`  app at ${sut.url}, GitHub fake at ${sut.github.url}`);

try {
  const body = renderIssueFormBody({ size: "medium", homeVolumeGi: "20", dotfilesRepo: "octo-dev/dotfiles", acknowledgement: [true] });
  sut.github.seedIssue({ owner: ORG, repo: REPO, number: issueNumber, title: "Request devspace: Octo-Dev", body, user: { login, id: 4242001 }, labels: ["devspace"] });
  const payload = issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber, login, userId: 4242001, body, labels: ["devspace"], installationId: INSTALLATION_ID });

  step(`@${login} opens issue ${ORG}/${REPO}#${issueNumber} with the Request devspace form:`);
  console.log(indent(body));

  step("A forged delivery (wrong signature) is refused");
  const forged = await sut.send("issues", payload, { signature: `sha256=${"0".repeat(64)}` });
  console.log(`  POST /webhooks/github → ${forged.status} ${await forged.text()}`);

  step("GitHub delivers the signed issues.opened webhook");
  const sentAt = performance.now();
  const response = await sut.send("issues", payload);
  console.log(`  POST /webhooks/github → ${response.status} ${await response.text()} in ${(performance.now() - sentAt).toFixed(0)} ms`);

  await sut.idle();
  console.log(`  provisioned and Ready ${((performance.now() - sentAt) / 1000).toFixed(1)} s after the webhook`);

  step("The comment Devspaces keeps on the issue:");
  for (const comment of sut.github.comments(ORG, REPO, issueNumber)) {
    console.log(indent(`— by ${comment.user}, updated ${comment.updatedAt}`));
    console.log(indent(comment.body));
  }

  step("What is in the cluster:");
  const kubectl = (...args: string[]) =>
    execFileSync(join(plane.info.binDir, "kubectl"), ["--kubeconfig", plane.info.kubeconfigPath, ...args], { encoding: "utf8" });
  console.log(indent(kubectl("get", "namespace", "-l", "app.kubernetes.io/managed-by=devspaces", "-L", "pod-security.kubernetes.io/enforce")));
  console.log(indent(kubectl("-n", "ds-octo-dev", "get", "statefulset,pod,pvc,service,ingress,networkpolicy,resourcequota,limitrange")));

  step(`GitHub API calls made: ${sut.github.calls.length}, all checked against GitHub's OpenAPI description`);
  sut.github.assertNoViolations();
  console.log("  no violations");

  if (keep) {
    step("Left running (--keep). Try:");
    console.log(`  ${plane.info.binDir}/kubectl --kubeconfig ${plane.info.kubeconfigPath} -n ds-octo-dev get all`);
    console.log("  Press Ctrl-C to stop.");
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }
} finally {
  await sut.close();
  await plane.stop();
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
