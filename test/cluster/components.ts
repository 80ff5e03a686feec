/**
 * Command lines of the control-plane processes, as pure functions of paths and ports.
 * Flags follow what envtest and kwokctl pass; the comments say why we deviate from defaults.
 */
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import type { Pki } from "./pki.ts";

export interface Layout {
  stateDir: string;
  pki: Pki;
  tokenFile: string;
  /** Kubeconfig of the components' client certificate (system:masters). */
  componentsKubeconfig: string;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number; controllerManager: number; scheduler: number };
}

export const SERVICE_CIDR = "10.0.0.0/24";
export const POD_CIDR = "10.244.0.0/16";
const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

export function etcdArgs({ stateDir, ports }: Layout): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    "--name=devspaces-test",
    `--data-dir=${join(stateDir, "etcd")}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=devspaces-test=${peer}`,
    // Throw-away data: skipping fsync is most of etcd's latency on a test machine.
    "--unsafe-no-fsync=true",
    "--log-level=warn",
  ];
}

/**
 * The API server advertises itself in the `kubernetes` Endpoints, which must not be loopback.
 * Without a non-loopback address we advertise 127.0.0.1 and switch the reconciler off.
 */
function advertise(): string[] {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === "IPv4" && !a.internal) return [`--advertise-address=${a.address}`];
    }
  }
  return ["--advertise-address=127.0.0.1", "--endpoint-reconciler-type=none"];
}

export function apiserverArgs({ pki, tokenFile, ports }: Layout): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${ports.apiserver}`,
    ...advertise(),
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    // Bearer tokens: the Workers tests cannot present client certificates.
    `--token-auth-file=${tokenFile}`,
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    "--authorization-mode=RBAC",
    // Admission stays at the defaults: PodSecurity, ServiceAccount, DefaultStorageClass, ...
    // As kubeadm and managed clusters do: privileged pods are valid, and Pod Security decides.
    "--allow-privileged=true",
    "--profiling=false",
  ];
}

function componentClientArgs(kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    // One instance per run: electing a leader only costs start-up time.
    "--leader-elect=false",
    // We only probe their always-allowed /healthz; looking up the front-proxy CA (which this
    // control plane does not have) would just fill the logs with errors.
    "--authentication-skip-lookup=true",
    "--bind-address=127.0.0.1",
    "--profiling=false",
  ];
}

export function controllerManagerArgs({ stateDir, pki, componentsKubeconfig, ports }: Layout): string[] {
  return [
    ...componentClientArgs(componentsKubeconfig),
    `--secure-port=${ports.controllerManager}`,
    `--cert-dir=${join(stateDir, "controller-manager")}`,
    // Published as kube-root-ca.crt in every namespace (projected service-account volumes need it).
    `--root-ca-file=${pki.caCert}`,
    `--service-account-private-key-file=${pki.serviceAccountKey}`,
    `--cluster-signing-cert-file=${pki.caCert}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    // Namespace deletion walks every resource type; the default 20 QPS makes it crawl.
    "--kube-api-qps=200",
    "--kube-api-burst=400",
  ];
}

export function schedulerArgs({ stateDir, componentsKubeconfig, ports }: Layout): string[] {
  return [
    ...componentClientArgs(componentsKubeconfig),
    `--secure-port=${ports.scheduler}`,
    `--cert-dir=${join(stateDir, "scheduler")}`,
  ];
}

export function kwokArgs({ componentsKubeconfig }: Layout, stageFiles: string[]): string[] {
  return [
    `--kubeconfig=${componentsKubeconfig}`,
    "--manage-all-nodes=true",
    // Required by node-heartbeat-with-lease: kwok renews each node's Lease instead of its status.
    "--node-lease-duration-seconds=40",
    `--cidr=${POD_CIDR}`,
    // The bare binary has no built-in stages; each file adds some.
    ...stageFiles.map((f) => `--config=${f}`),
  ];
}
