import type { V1ServiceAccount } from "@kubernetes/client-node";
import type { DevspaceSpec } from "../types.ts";
import { type Built, namespacedMeta, WORKSTATION_NAME } from "./common.ts";

/**
 * The workstation's own ServiceAccount. It has no RBAC bindings and its token is never
 * mounted: a developer's shell gets no Kubernetes API credentials from the platform.
 *
 * @example
 * buildServiceAccount(spec)
 * // { apiVersion: "v1", kind: "ServiceAccount",
 * //   metadata: { name: "workstation", namespace: "ds-octo-cat", labels: {...} },
 * //   automountServiceAccountToken: false }
 */
export function buildServiceAccount(spec: DevspaceSpec): Built<V1ServiceAccount> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: namespacedMeta(spec, WORKSTATION_NAME),
    automountServiceAccountToken: false,
  };
}
