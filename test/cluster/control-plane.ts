/**
 * Starts and stops one real control plane on 127.0.0.1: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kwok (the simulated kubelet and storage).
 *
 * Everything of one instance lives in its state directory (PKI, etcd data, logs, pid files,
 * kubeconfigs, cluster.json). Starting over a directory left by a crashed run first stops the
 * processes recorded there, so "run it again" always works.
 *
 * @example
 *   const plane = await startControlPlane({ name: "vitest" });
 *   // ... KubeConfig.loadFromFile(plane.info.kubeconfigPath) ...
 *   await plane.stop();
 */
import { randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { type ApiClient, createApiClient, type KubeObject, probeInsecure } from "./api.ts";
import { node, NODE_NAME, snapshotClass, storageClass } from "./cluster-objects.ts";
import { apiserverArgs, controllerManagerArgs, etcdArgs, kwokArgs, type Layout, schedulerArgs } from "./components.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import { generatePki } from "./pki.ts";
import { freePorts } from "./ports.ts";
import { type ManagedProcess, startProcess, stopRecordedProcesses } from "./processes.ts";
import type { TestCluster } from "./types.ts";
import { locateUpstreamFiles } from "./upstream.ts";
import { BINARIES, type Binary, defaultBinDir } from "./versions.ts";
import { waitFor } from "./wait.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const OUR_STAGES = [join(import.meta.dirname, "stages", "volume-snapshot.yaml")];
export const CLUSTER_INFO_FILE = "cluster.json";

export interface ControlPlaneOptions {
  /** Names the state directory <root>/<name>; up.ts uses "up", the test setup "vitest-<pid>". */
  name?: string;
  /** Overrides the state directory (default: defaultStateDir(name)). */
  stateDir?: string;
  binDir?: string;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface ControlPlane {
  info: TestCluster;
  stateDir: string;
  /** Milliseconds spent in each start-up phase, in order. */
  timings: Array<[phase: string, ms: number]>;
  stop(): Promise<void>;
}

/** Root of all state directories: $DEVSPACES_CLUSTER_DIR, else .tmp/cluster in the repo (gitignored). */
export function stateRoot(): string {
  return process.env.DEVSPACES_CLUSTER_DIR ?? join(REPO_ROOT, ".tmp", "cluster");
}

export function defaultStateDir(name = "up"): string {
  return join(stateRoot(), name);
}

/**
 * Stops and removes state directories named `<prefix><pid>` whose owning process is gone:
 * what test runs killed before their teardown left behind. Live runs are left alone.
 */
export async function removeAbandonedStateDirs(prefix: string): Promise<string[]> {
  const names = await readdir(stateRoot()).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || pid <= 0) continue;
    if (pid !== process.pid && isAlive(pid)) continue;
    await stopControlPlane(join(stateRoot(), name));
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function checkBinaries(binDir: string): Promise<Record<Binary, string>> {
  const paths = Object.fromEntries(BINARIES.map((b) => [b, join(binDir, b)])) as Record<Binary, string>;
  const missing = [];
  for (const b of BINARIES) if (!(await exists(paths[b]))) missing.push(b);
  if (missing.length > 0) {
    throw new Error(`control-plane binaries missing in ${binDir}: ${missing.join(", ")}. Build them with: bash test/cluster/build.sh`);
  }
  return paths;
}

/** Stops the processes recorded in `stateDir` and removes it. Safe to call on a missing dir. */
export async function stopControlPlane(stateDir = defaultStateDir()): Promise<string[]> {
  const stopped = await stopRecordedProcesses(stateDir);
  await rm(stateDir, { recursive: true, force: true, maxRetries: 3 });
  return stopped;
}

/** Reads the cluster.json that up.ts writes beside its kubeconfig (for DEVSPACES_TEST_KUBECONFIG). */
export async function readClusterInfo(kubeconfigPath: string): Promise<TestCluster> {
  const file = join(dirname(resolve(kubeconfigPath)), CLUSTER_INFO_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`no ${CLUSTER_INFO_FILE} beside ${kubeconfigPath}; point DEVSPACES_TEST_KUBECONFIG at a kubeconfig written by test/cluster/up.ts`);
  }
  return JSON.parse(text) as TestCluster;
}

/** Whether the API server of `info` answers /readyz with its admin token. */
export async function isClusterReady(info: TestCluster): Promise<boolean> {
  const api = createApiClient({ server: info.server, ca: await readFile(info.caPath, "utf8"), token: info.adminToken });
  try {
    return (await api.request("GET", "/readyz")).status === 200;
  } catch {
    return false;
  } finally {
    api.close();
  }
}

async function readObjects(path: string): Promise<KubeObject[]> {
  const docs = parseAllDocuments(await readFile(path, "utf8"));
  return docs.map((d) => d.toJS() as KubeObject).filter((o) => o?.kind);
}

async function crdEstablished(api: ApiClient, name: string): Promise<boolean> {
  const res = await api.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
  if (res.status !== 200) return false;
  const conditions: Array<{ type: string; status: string }> = res.json().status?.conditions ?? [];
  return conditions.some((c) => c.type === "Established" && c.status === "True");
}

/**
 * kwok resolves a stage's resource through discovery and its patch schema through OpenAPI v3,
 * once, at start; a CRD it cannot find there makes it exit. So wait until both serve the group.
 */
async function snapshotApiPublished(api: ApiClient): Promise<boolean> {
  const discovery = await api.request("GET", "/apis/snapshot.storage.k8s.io/v1");
  if (discovery.status !== 200) return false;
  const index = await api.request("GET", "/openapi/v3");
  const entry = index.json().paths?.["apis/snapshot.storage.k8s.io/v1"];
  if (!entry?.serverRelativeURL) return false;
  const spec = await api.request("GET", entry.serverRelativeURL);
  const paths = Object.keys(spec.json().paths ?? {});
  return ["volumesnapshots", "volumesnapshotcontents", "volumesnapshotclasses"].every((r) => paths.some((p) => p.endsWith(`/${r}/{name}`)));
}

async function nodeSchedulable(api: ApiClient): Promise<boolean> {
  const res = await api.request("GET", `/api/v1/nodes/${NODE_NAME}`);
  if (res.status !== 200) return false;
  const n = res.json();
  const ready = (n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
  // The node-lifecycle controller taints a node until it reports Ready; pods cannot land before.
  const tainted = (n.spec?.taints ?? []).some((t: { key: string }) => t.key.startsWith("node.kubernetes.io/"));
  return ready && !tainted;
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const log = options.log ?? (() => {});
  const stateDir = options.stateDir ?? defaultStateDir(options.name);
  const binDir = options.binDir ?? process.env.DEVSPACES_K8S_BIN ?? defaultBinDir();
  const timings: Array<[string, number]> = [];
  let phaseStart = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    timings.push([name, Math.round(now - phaseStart)]);
    log(`${name}: ${Math.round(now - phaseStart)} ms`);
    phaseStart = now;
  };

  const bins = await checkBinaries(binDir);
  const stale = await stopControlPlane(stateDir);
  if (stale.length > 0) log(`stopped stale processes from a previous run: ${stale.join(", ")}`);
  const pkiDir = join(stateDir, "pki");
  await mkdir(pkiDir, { recursive: true });

  const adminToken = randomBytes(32).toString("hex");
  const [pki, ports, upstream] = await Promise.all([generatePki(pkiDir), freePorts(5), locateUpstreamFiles()]);
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler] = ports as [number, number, number, number, number];
  const server = `https://127.0.0.1:${apiserver}`;
  const layout: Layout = {
    stateDir,
    pki,
    tokenFile: join(pkiDir, "tokens.csv"),
    componentsKubeconfig: join(stateDir, "components.kubeconfig"),
    ports: { etcdClient, etcdPeer, apiserver, controllerManager, scheduler },
  };
  const kubeconfigPath = join(stateDir, "kubeconfig");
  // token,user,uid,"groups": the one admin identity tests and Workers use.
  await writeFile(layout.tokenFile, `${adminToken},devspaces-test-admin,devspaces-test-admin,"system:masters"\n`, { mode: 0o600 });
  await writeKubeconfig(kubeconfigPath, server, pki.caCert, { token: adminToken });
  await writeKubeconfig(layout.componentsKubeconfig, server, pki.caCert, { clientCertificate: pki.componentCert, clientKey: pki.componentKey });
  phase("pki, ports and upstream files");

  const processes: ManagedProcess[] = [];
  const api = createApiClient({ server, ca: await readFile(pki.caCert, "utf8"), token: adminToken });
  const stop = async () => {
    api.close();
    await stopControlPlane(stateDir);
  };
  try {
    const etcd = await startProcess(stateDir, "etcd", bins.etcd, etcdArgs(layout));
    processes.push(etcd);
    await waitFor(
      "etcd /health",
      async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok,
      { timeoutMs: 20_000, watch: [etcd], logOnTimeout: etcd.logPath, intervalMs: 50 },
    );
    phase("etcd");

    const kubeApiserver = await startProcess(stateDir, "kube-apiserver", bins["kube-apiserver"], apiserverArgs(layout));
    processes.push(kubeApiserver);
    await waitFor("kube-apiserver /readyz", async () => (await api.request("GET", "/readyz")).status === 200, {
      timeoutMs: 90_000,
      watch: processes,
      logOnTimeout: kubeApiserver.logPath,
      intervalMs: 100,
    });
    phase("kube-apiserver ready");

    const [kcm, sched] = await Promise.all([
      startProcess(stateDir, "kube-controller-manager", bins["kube-controller-manager"], controllerManagerArgs(layout)),
      startProcess(stateDir, "kube-scheduler", bins["kube-scheduler"], schedulerArgs(layout)),
    ]);
    processes.push(kcm, sched);

    const crds = (await Promise.all(upstream.snapshotCrds.map(readObjects))).flat();
    await Promise.all([...crds, storageClass, node].map((o) => api.apply(o)));
    for (const crd of crds) {
      await waitFor(`CRD ${crd.metadata.name} established`, () => crdEstablished(api, crd.metadata.name), { timeoutMs: 30_000, watch: processes });
    }
    await api.apply(snapshotClass);
    await waitFor("snapshot.storage.k8s.io/v1 in discovery and OpenAPI v3", () => snapshotApiPublished(api), {
      timeoutMs: 30_000,
      watch: processes,
      intervalMs: 100,
    });
    phase("CRDs, classes and node");

    const kwok = await startProcess(stateDir, "kwok", bins.kwok, kwokArgs(layout, [...upstream.kwokStages, ...OUR_STAGES]));
    processes.push(kwok);
    await Promise.all([
      waitFor(`node ${NODE_NAME} Ready and untainted (kwok + node-lifecycle controller)`, () => nodeSchedulable(api), {
        timeoutMs: 60_000,
        watch: processes,
        logOnTimeout: kwok.logPath,
      }),
      waitFor(
        "ServiceAccount default/default and ConfigMap default/kube-root-ca.crt (controller-manager)",
        async () =>
          (await api.request("GET", "/api/v1/namespaces/default/serviceaccounts/default")).status === 200 &&
          (await api.request("GET", "/api/v1/namespaces/default/configmaps/kube-root-ca.crt")).status === 200,
        { timeoutMs: 60_000, watch: processes, logOnTimeout: kcm.logPath },
      ),
      waitFor("kube-controller-manager /healthz", async () => (await probeInsecure(`https://127.0.0.1:${controllerManager}/healthz`)) === 200, {
        timeoutMs: 60_000,
        watch: processes,
        logOnTimeout: kcm.logPath,
      }),
      waitFor("kube-scheduler /readyz", async () => (await probeInsecure(`https://127.0.0.1:${scheduler}/readyz`)) === 200, {
        timeoutMs: 60_000,
        watch: processes,
        logOnTimeout: sched.logPath,
      }),
    ]);
    phase("controllers, scheduler and kwok ready");
  } catch (error) {
    // Keep the logs for a look; the next start over this directory cleans up.
    await stopRecordedProcesses(stateDir);
    api.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`control plane failed to start (logs in ${join(stateDir, "logs")}): ${message}`, { cause: error });
  }
  api.close();

  const info: TestCluster = { kubeconfigPath, server, caPath: pki.caCert, adminToken, binDir };
  await writeFile(join(stateDir, CLUSTER_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return { info, stateDir, timings, stop };
}
