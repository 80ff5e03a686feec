/**
 * Onboarding at scale: N members added to an onboarding team at once.
 *
 *   node bench/onboarding.ts [--sizes 1,50,200]
 *
 * For each N, on a fresh local control plane (etcd, kube-apiserver, controller-manager,
 * scheduler, kwok): the Node app as in the integration tests, the GitHub fake with a model of
 * GitHub's published secondary rate limits (bench/github-limits.ts), N signed
 * `membership.added` webhooks sent together, then wait until every run has finished. Reports
 * wall time, GitHub requests (total, writes, content-creating), Kubernetes requests made by
 * the app (counted by a proxy in front of the API server, bench/kube-counter.ts), devspaces
 * Ready, duplicates (home issues, namespaces and status comments per member: must be 0) and
 * 403/429 answers (must be 0), with ratios against N = 1 from the same run.
 *
 * Not a timed test, and not run by CI: the figures depend on the machine.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startControlPlane } from "../test/cluster/control-plane.ts";
import type { TestCluster } from "../test/cluster/types.ts";
import { INSTALLATION_ID, ORG, REPO, startDevspaces } from "../test/support/devspaces-under-test.ts";
import { adminClients } from "../test/support/kube.ts";
import { installProvisionerIdentity } from "../test/support/provisioner-identity.ts";
import { membershipPayload } from "../test/support/webhooks.ts";
import { createSecondaryLimitModel } from "./github-limits.ts";
import { startKubeCounter } from "./kube-counter.ts";

const TEAM_ID = 5100;
const TEAM_SLUG = "new-hires";
/** What GitHub answers when a secondary limit is hit; plugin-throttling waits this long. */
const RETRY_AFTER_SECONDS = 60;

interface Result {
  n: number;
  wallMs: number;
  /** From the first webhook until the app had marked the last devspace Ready in the cluster. */
  clusterReadyMs: number;
  github: { total: number; reads: number; writes: number; created: number; edits: number; byOperation: Record<string, number>; limited: number; status403or429: number; peakContentPerMinute: number };
  kube: { total: number; byMethod: Record<string, number>; peakInFlight: number; wholeCluster: number };
  ready: number;
  duplicates: { homeIssues: number; namespaces: number; statusComments: number; missing: number };
  failedRuns: number;
}

const { values } = parseArgs({ options: { sizes: { type: "string", default: "1,50,200" } } });
const sizes = values.sizes
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
if (sizes.length === 0) throw new Error("--sizes takes comma-separated positive integers, e.g. 1,50,200");

const say = (line: string) => process.stderr.write(`${line}\n`);
say(`onboarding benchmark: sizes ${sizes.join(", ")} on ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);

const results: Result[] = [];
for (const n of sizes) results.push(await measure(n));
report(results);

async function measure(n: number): Promise<Result> {
  say(`\n[N=${n}] starting a fresh control plane`);
  const plane = await startControlPlane({ name: `bench-onboarding-${process.pid}-${n}` });
  const stateDir = mkdtempSync(join(tmpdir(), "devspaces-bench-"));
  const counter = await startKubeCounter({ server: plane.info.server, caPath: plane.info.caPath });
  try {
    // The app's own identity, but pointed at the counting proxy.
    const identity = installProvisionerIdentity(plane.info, stateDir);
    const kubeconfigPath = join(stateDir, "counted.kubeconfig");
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        // Plain HTTP to the local proxy, which verifies the API server's certificate itself;
        // client-node only allows http:// with this flag set.
        clusters: [{ name: "counted", cluster: { server: counter.url, "insecure-skip-tls-verify": true } }],
        users: [{ name: "provisioner", user: { token: identity.token } }],
        contexts: [{ name: "counted", context: { cluster: "counted", user: "provisioner" } }],
        "current-context": "counted",
      }),
    );
    const sut = await startDevspaces(plane.info, {
      KUBECONFIG: kubeconfigPath,
      DEVSPACES_ONBOARDING_TEAM_IDS: String(TEAM_ID),
      DEVSPACES_REPOSITORY: `${ORG}/${REPO}`,
      DEVSPACES_READY_TIMEOUT_SECONDS: "1800",
    });
    const limits = createSecondaryLimitModel();
    sut.github.failNext(limits.matcher, 403, Number.MAX_SAFE_INTEGER, { retryAfter: RETRY_AFTER_SECONDS });
    const members = Array.from({ length: n }, (_, i) => ({ login: `bench-user-${i + 1}`, id: 8_000_000 + i + 1 }));
    sut.github.seedTeam({ org: ORG, slug: TEAM_SLUG, id: TEAM_ID, members });
    const kubeBefore = await apiserverRequests(plane.info);

    const started = Date.now();
    const progress = setInterval(() => say(`[N=${n}] ${Math.round((Date.now() - started) / 1000)} s: ${counter.readyAt.size} Ready in the cluster, ${sut.github.issues(ORG, REPO).length} home issues, ${sut.github.writes().length} GitHub writes`), 30_000);
    const responses = await Promise.all(
      members.map((m) =>
        sut.send("membership", membershipPayload({ action: "added", org: ORG, teamSlug: TEAM_SLUG, teamId: TEAM_ID, login: m.login, userId: m.id, installationId: INSTALLATION_ID })),
      ),
    );
    const refused = responses.filter((r) => r.status !== 202).length;
    if (refused > 0) throw new Error(`${refused} webhooks were not accepted`);
    await sut.idle();
    const wallMs = Date.now() - started;
    clearInterval(progress);
    const kubeAfter = await apiserverRequests(plane.info);

    const calls = sut.github.calls.filter((c) => c.at >= started);
    const byOperation: Record<string, number> = {};
    for (const call of calls) byOperation[call.operationId ?? `${call.method} ${call.path}`] = (byOperation[call.operationId ?? `${call.method} ${call.path}`] ?? 0) + 1;
    // Minting installation tokens is authentication, not content: plugin-throttling does not pace it either.
    const writes = calls.filter((c) => c.method !== "GET" && c.route !== "/app/installations/{installation_id}/access_tokens");
    const created = writes.filter((c) => c.method === "POST" && (c.route === "/repos/{owner}/{repo}/issues" || c.route === "/repos/{owner}/{repo}/issues/{issue_number}/comments"));

    const kube = adminClients(plane.info);
    const namespaces = (await kube.core.listNamespace({ labelSelector: "app.kubernetes.io/managed-by=devspaces" })).items;
    const issues = sut.github.issues(ORG, REPO);
    const duplicates = { homeIssues: 0, namespaces: 0, statusComments: 0, missing: 0 };
    for (const member of members) {
      const homes = issues.filter((i) => i.title === `Devspace for @${member.login}`);
      const spaces = namespaces.filter((ns) => ns.metadata?.annotations?.["devspaces.dev/user-id"] === String(member.id));
      const statuses = homes.flatMap((h) => sut.github.comments(ORG, REPO, h.number)).filter((c) => c.body.includes(`<!-- devspaces:status:${member.login} -->`));
      duplicates.homeIssues += Math.max(0, homes.length - 1);
      duplicates.namespaces += Math.max(0, spaces.length - 1);
      duplicates.statusComments += Math.max(0, statuses.length - 1);
      if (homes.length === 0 || spaces.length === 0 || statuses.length === 0) duplicates.missing += 1;
    }
    const result: Result = {
      n,
      wallMs,
      clusterReadyMs: Math.max(0, ...[...counter.readyAt.values()].map((t) => t - started)),
      github: {
        total: calls.length,
        reads: calls.filter((c) => c.method === "GET").length,
        writes: writes.length,
        created: created.length,
        edits: writes.length - created.length,
        byOperation,
        limited: limits.limited,
        status403or429: calls.filter((c) => c.status === 403 || c.status === 429).length,
        peakContentPerMinute: limits.peakContentPerMinute,
      },
      kube: { total: counter.total, byMethod: { ...counter.byMethod }, peakInFlight: counter.peakInFlight, wholeCluster: kubeAfter - kubeBefore },
      ready: namespaces.filter((ns) => ns.metadata?.annotations?.["devspaces.dev/state"] === "ready").length,
      duplicates,
      failedRuns: sut.logs.filter((l) => /^run .* failed$/.test(l.message)).length,
    };
    for (const log of sut.logs.filter((l) => /failed/.test(l.message)).slice(0, 5)) say(`[N=${n}] ${log.message} ${JSON.stringify(log.extra)}`);
    sut.github.assertNoViolations();
    await sut.close();
    say(`[N=${n}] done in ${(wallMs / 1000).toFixed(1)} s: ${result.ready}/${n} Ready`);
    return result;
  } finally {
    await counter.close();
    await plane.stop();
  }
}

/** Sum of apiserver_request_total: every client's requests (controllers, kwok, scheduler, the app). */
function apiserverRequests(cluster: TestCluster): Promise<number> {
  const url = new URL("/metrics", cluster.server);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { hostname: url.hostname, port: url.port, path: url.pathname, ca: readFileSync(cluster.caPath), headers: { authorization: `Bearer ${cluster.adminToken}` } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          let sum = 0;
          for (const line of text.split("\n")) {
            if (line.startsWith("apiserver_request_total{")) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
          }
          resolve(sum);
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function report(all: Result[]): void {
  const base = all.find((r) => r.n === 1) ?? all[0]!;
  const per = (value: number, n: number) => value / n;
  const ratio = (value: number, n: number, baseValue: number) => (baseValue === 0 ? "n/a" : `${(per(value, n) / per(baseValue, base.n)).toFixed(2)}×`);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows: Array<[string, (r: Result) => string]> = [
    ["wall time (webhooks sent → every run finished)", (r) => seconds(r.wallMs)],
    ["  per devspace", (r) => `${seconds(r.wallMs / r.n)} (${ratio(r.wallMs, r.n, base.wallMs)} of N=${base.n})`],
    ["last devspace Ready in the cluster", (r) => seconds(r.clusterReadyMs)],
    ["devspaces Ready", (r) => `${r.ready}/${r.n}`],
    ["duplicates (home issues / namespaces / status comments)", (r) => `${r.duplicates.homeIssues} / ${r.duplicates.namespaces} / ${r.duplicates.statusComments}`],
    ["members missing something", (r) => String(r.duplicates.missing)],
    ["GitHub requests", (r) => `${r.github.total} (${per(r.github.total, r.n).toFixed(2)}/devspace, ${ratio(r.github.total, r.n, base.github.total)})`],
    ["  reads / writes (token minting aside)", (r) => `${r.github.reads} / ${r.github.writes} (${per(r.github.writes, r.n).toFixed(2)} writes/devspace)`],
    ["  issues+comments created / edits", (r) => `${r.github.created} / ${r.github.edits}`],
    ["  peak content-generating requests in 60 s (GitHub: ≤ 80)", (r) => String(r.github.peakContentPerMinute)],
    ["  403/429 answers (secondary-limit model)", (r) => `${r.github.status403or429} (limited: ${r.github.limited})`],
    ["Kubernetes requests by the app", (r) => `${r.kube.total} (${per(r.kube.total, r.n).toFixed(1)}/devspace, ${ratio(r.kube.total, r.n, base.kube.total)})`],
    ["  by verb", (r) => Object.entries(r.kube.byMethod).sort().map(([m, c]) => `${m} ${c}`).join(", ")],
    ["  peak in flight", (r) => String(r.kube.peakInFlight)],
    ["  whole API server (all clients)", (r) => `${r.kube.wholeCluster} (${per(r.kube.wholeCluster, r.n).toFixed(1)}/devspace)`],
    ["runs that failed", (r) => String(r.failedRuns)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nOnboarding benchmark (${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version})\n`);
  console.log(`${"".padEnd(width)}  ${all.map((r) => `N=${r.n}`.padEnd(40)).join("")}`);
  for (const [label, cell] of rows) console.log(`${label.padEnd(width)}  ${all.map((r) => cell(r).padEnd(40)).join("")}`);
  console.log("\nGitHub requests per devspace by operation:");
  const operations = [...new Set(all.flatMap((r) => Object.keys(r.github.byOperation)))].sort();
  for (const op of operations) console.log(`  ${op.padEnd(42)} ${all.map((r) => ((r.github.byOperation[op] ?? 0) / r.n).toFixed(2).padEnd(10)).join("")}`);
  const problems = all.filter((r) => r.ready !== r.n || r.duplicates.homeIssues + r.duplicates.namespaces + r.duplicates.statusComments + r.duplicates.missing > 0 || r.github.status403or429 > 0);
  mkdirSync(".tmp/bench", { recursive: true });
  const file = `.tmp/bench/onboarding-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, results: all }, null, 2));
  console.log(`\nraw figures: ${file}`);
  if (problems.length > 0) {
    console.log(`\nFAILED for N=${problems.map((r) => r.n).join(", ")}: not every member ended with exactly one Ready devspace, or GitHub limited a request.`);
    process.exitCode = 1;
  }
}
