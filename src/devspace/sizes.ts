/**
 * What each devspace size means in CPU, memory and storage.
 *
 * Amounts are kept as integers (millicores and MiB) so that the namespace quota can be
 * computed as an exact sum of what the pod needs, and only turned into Kubernetes
 * quantity strings at the edge.
 *
 * | size   | workstation requests | workstation limits |
 * |--------|----------------------|--------------------|
 * | small  | 1 CPU, 2 GiB         | 2 CPU, 2 GiB       |
 * | medium | 2 CPU, 4 GiB         | 4 CPU, 4 GiB       |
 * | large  | 4 CPU, 8 GiB         | 8 CPU, 8 GiB       |
 *
 * - CPU may burst to twice the request: compiles and test runs are bursty, and CPU is
 *   throttled rather than killed when a node is busy.
 * - Memory limit equals the request: memory cannot be reclaimed once handed out, so a
 *   workstation only gets what the scheduler reserved for it and is never the pod that
 *   gets evicted first under node memory pressure.
 *
 * The namespace quota is the workstation + the OAuth proxy sidecar + one "helper" pod at
 * the LimitRange defaults (room for a one-off restore or maintenance pod), with two pods
 * and two PVCs so a restore can create a new home volume beside the old one.
 */
import type { SizeName } from "./types.ts";

/** CPU in millicores and memory in MiB. */
export interface ResourceAmount {
  cpuMillis: number;
  memoryMiB: number;
}

export interface ResourceEnvelope {
  requests: ResourceAmount;
  limits: ResourceAmount;
}

/** The same envelope as Kubernetes quantity strings, ready for a container's `resources`. */
export interface KubeResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

const GiB = 1024;

/** The workstation container's resources per size (see the table above). */
export const WORKSTATION_RESOURCES: Readonly<Record<SizeName, ResourceEnvelope>> = {
  small: {
    requests: { cpuMillis: 1000, memoryMiB: 2 * GiB },
    limits: { cpuMillis: 2000, memoryMiB: 2 * GiB },
  },
  medium: {
    requests: { cpuMillis: 2000, memoryMiB: 4 * GiB },
    limits: { cpuMillis: 4000, memoryMiB: 4 * GiB },
  },
  large: {
    requests: { cpuMillis: 4000, memoryMiB: 8 * GiB },
    limits: { cpuMillis: 8000, memoryMiB: 8 * GiB },
  },
};

/** The oauth2-proxy sidecar: a small Go binary that idles at a few tens of MiB. */
export const OAUTH_PROXY_RESOURCES: ResourceEnvelope = {
  requests: { cpuMillis: 50, memoryMiB: 64 },
  limits: { cpuMillis: 200, memoryMiB: 128 },
};

/**
 * LimitRange defaults for any container created without resources (a helper pod started
 * by an operation or by hand). The quota reserves room for exactly one such pod.
 */
export const HELPER_CONTAINER_DEFAULTS: ResourceEnvelope = {
  requests: { cpuMillis: 100, memoryMiB: 128 },
  limits: { cpuMillis: 500, memoryMiB: 512 },
};

/** The workstation pod plus one helper pod. */
export const QUOTA_PODS = 2;

/** The home volume plus the new one a restore creates before the old one is released. */
export const QUOTA_PERSISTENT_VOLUME_CLAIMS = 2;

/** Formats millicores as a quantity: 2000 → "2", 1150 → "1150m". */
export function formatCpu(cpuMillis: number): string {
  return cpuMillis % 1000 === 0 ? String(cpuMillis / 1000) : `${cpuMillis}m`;
}

/** Formats MiB as a quantity: 4096 → "4Gi", 2240 → "2240Mi". */
export function formatMemory(memoryMiB: number): string {
  return memoryMiB % GiB === 0 ? `${memoryMiB / GiB}Gi` : `${memoryMiB}Mi`;
}

/**
 * Turns an envelope into a container `resources` block.
 *
 * @example
 * toKubeResources(WORKSTATION_RESOURCES.medium)
 * // { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "4Gi" } }
 */
export function toKubeResources(envelope: ResourceEnvelope): KubeResources {
  return {
    requests: { cpu: formatCpu(envelope.requests.cpuMillis), memory: formatMemory(envelope.requests.memoryMiB) },
    limits: { cpu: formatCpu(envelope.limits.cpuMillis), memory: formatMemory(envelope.limits.memoryMiB) },
  };
}

/** One line for humans, e.g. in the status comment: "2 CPU, 4 GiB memory". */
export function describeSize(size: SizeName): string {
  const { requests } = WORKSTATION_RESOURCES[size];
  return `${requests.cpuMillis / 1000} CPU, ${requests.memoryMiB / GiB} GiB memory`;
}

function sum(...amounts: ResourceAmount[]): ResourceAmount {
  return {
    cpuMillis: amounts.reduce((total, a) => total + a.cpuMillis, 0),
    memoryMiB: amounts.reduce((total, a) => total + a.memoryMiB, 0),
  };
}

/**
 * The `hard` limits of a devspace namespace's ResourceQuota.
 *
 * Compute is the exact sum of the workstation, the sidecar and one helper pod at the
 * LimitRange defaults. Storage admits two home-sized PVCs (the live volume and a restore
 * target). Volume snapshots do not count against `requests.storage`. LoadBalancer and
 * NodePort services are forbidden outright: nothing in a devspace is exposed except
 * through the Ingress and the OAuth proxy.
 *
 * @example
 * namespaceQuota("small", 20)
 * // { "requests.cpu": "1150m", "requests.memory": "2240Mi", "limits.cpu": "2700m",
 * //   "limits.memory": "2688Mi", pods: "2", persistentvolumeclaims: "2",
 * //   "requests.storage": "40Gi", "services.loadbalancers": "0", "services.nodeports": "0" }
 */
export function namespaceQuota(size: SizeName, homeVolumeGi: number): Record<string, string> {
  const workstation = WORKSTATION_RESOURCES[size];
  const requests = sum(workstation.requests, OAUTH_PROXY_RESOURCES.requests, HELPER_CONTAINER_DEFAULTS.requests);
  const limits = sum(workstation.limits, OAUTH_PROXY_RESOURCES.limits, HELPER_CONTAINER_DEFAULTS.limits);
  return {
    "requests.cpu": formatCpu(requests.cpuMillis),
    "requests.memory": formatMemory(requests.memoryMiB),
    "limits.cpu": formatCpu(limits.cpuMillis),
    "limits.memory": formatMemory(limits.memoryMiB),
    pods: String(QUOTA_PODS),
    persistentvolumeclaims: String(QUOTA_PERSISTENT_VOLUME_CLAIMS),
    "requests.storage": `${homeVolumeGi * QUOTA_PERSISTENT_VOLUME_CLAIMS}Gi`,
    "services.loadbalancers": "0",
    "services.nodeports": "0",
  };
}

/**
 * The per-container limits of a devspace namespace's LimitRange: defaults for containers
 * that declare nothing, and a ceiling equal to the size's workstation limits so that no
 * single container can outgrow the size that was asked for.
 *
 * @example
 * containerLimits("large")
 * // { default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" },
 * //   max: { cpu: "8", memory: "8Gi" } }
 */
export function containerLimits(size: SizeName): {
  default: { cpu: string; memory: string };
  defaultRequest: { cpu: string; memory: string };
  max: { cpu: string; memory: string };
} {
  const helper = toKubeResources(HELPER_CONTAINER_DEFAULTS);
  const workstation = toKubeResources(WORKSTATION_RESOURCES[size]);
  return { default: helper.limits, defaultRequest: helper.requests, max: workstation.limits };
}
