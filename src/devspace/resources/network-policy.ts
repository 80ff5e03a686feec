import type {
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicySpec,
} from "@kubernetes/client-node";
import type { DevspaceSpec } from "../types.ts";
import {
  type Built,
  namespacedMeta,
  PROXY_PORT,
  SSH_PORT,
  WORKSTATION_NAME,
  workstationLabels,
  workstationSelector,
} from "./common.ts";

/**
 * client-node's model calls the rule's `from` field `_from` (and its serializer drops a
 * plain `from`); the builders return the wire shape the API server reads.
 */
export type NetworkPolicyIngressRuleJson = Omit<V1NetworkPolicyIngressRule, "_from"> & {
  from?: V1NetworkPolicyPeer[];
};

export type NetworkPolicyJson = Omit<V1NetworkPolicy, "spec"> & {
  spec: Omit<V1NetworkPolicySpec, "ingress"> & { ingress: NetworkPolicyIngressRuleJson[] };
};

/**
 * The workstation pod's ingress firewall: only the ingress controller's namespace may
 * connect, and only to the OAuth proxy (4180) and sshd (2222). Everything else,
 * including other devspaces, is denied because the policy selects the pod and lists no
 * other source. code-server (8080) is bound to loopback and is never a network target.
 *
 * Egress is intentionally not restricted (policyTypes has only Ingress): developers need
 * the internet for packages, git and registries.
 *
 * @example
 * buildNetworkPolicy(spec).spec.ingress
 * // [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
 * //    ports: [{ protocol: "TCP", port: 4180 }] },
 * //  { from: [same], ports: [{ protocol: "TCP", port: 2222 }] }]
 */
export function buildNetworkPolicy(spec: DevspaceSpec): Built<NetworkPolicyJson> {
  // A fresh object per rule so the serialized YAML has no anchors/aliases.
  const fromIngressController = (): V1NetworkPolicyPeer[] => [
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": spec.settings.ingressNamespace } } },
  ];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: namespacedMeta(spec, WORKSTATION_NAME, workstationLabels(spec)),
    spec: {
      podSelector: { matchLabels: workstationSelector(spec) },
      policyTypes: ["Ingress"],
      ingress: [
        { from: fromIngressController(), ports: [{ protocol: "TCP", port: PROXY_PORT }] },
        { from: fromIngressController(), ports: [{ protocol: "TCP", port: SSH_PORT }] },
      ],
    },
  };
}
