import type { V1ResourceQuota } from "@kubernetes/client-node";
import { namespaceQuota } from "../sizes.ts";
import type { DevspaceSpec } from "../types.ts";
import { type Built, LIMITS_NAME, namespacedMeta } from "./common.ts";

/**
 * The namespace's ResourceQuota: room for the workstation pod and one helper pod, and for
 * two home-sized volumes so a restore can create a new PVC beside the old one. No
 * LoadBalancer or NodePort services. See `namespaceQuota` in sizes.ts for the numbers.
 *
 * @example
 * buildResourceQuota({ ...spec, size: "medium", homeVolumeGi: 20 }).spec.hard
 * // { "requests.cpu": "2150m", "requests.memory": "4288Mi", "limits.cpu": "4700m",
 * //   "limits.memory": "4736Mi", pods: "2", persistentvolumeclaims: "2", "requests.storage": "40Gi", ... }
 */
export function buildResourceQuota(spec: DevspaceSpec): Built<V1ResourceQuota> {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: namespacedMeta(spec, LIMITS_NAME),
    spec: { hard: namespaceQuota(spec.size, spec.homeVolumeGi) },
  };
}
