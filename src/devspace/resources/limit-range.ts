import type { V1LimitRange, V1LimitRangeItem, V1LimitRangeSpec } from "@kubernetes/client-node";
import { containerLimits } from "../sizes.ts";
import type { DevspaceSpec } from "../types.ts";
import { type Built, LIMITS_NAME, namespacedMeta } from "./common.ts";

/**
 * client-node's model calls the item's `default` field `_default` (and its serializer drops
 * a plain `default`); the builders return the wire shape the API server reads.
 */
export type LimitRangeItemJson = Omit<V1LimitRangeItem, "_default"> & { default?: Record<string, string> };

export type LimitRangeJson = Omit<V1LimitRange, "spec"> & {
  spec: Omit<V1LimitRangeSpec, "limits"> & { limits: LimitRangeItemJson[] };
};

/**
 * The namespace's LimitRange. Containers that declare no resources get small defaults
 * (the quota's `limits.*` would otherwise reject them), and no container may exceed the
 * size's workstation limits.
 *
 * @example
 * buildLimitRange({ ...spec, size: "small" }).spec.limits
 * // [{ type: "Container", default: { cpu: "500m", memory: "512Mi" },
 * //    defaultRequest: { cpu: "100m", memory: "128Mi" }, max: { cpu: "2", memory: "2Gi" } }]
 */
export function buildLimitRange(spec: DevspaceSpec): Built<LimitRangeJson> {
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: namespacedMeta(spec, LIMITS_NAME),
    spec: { limits: [{ type: "Container", ...containerLimits(spec.size) }] },
  };
}
