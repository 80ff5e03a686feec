/**
 * Pure builders from a {@link DevspaceSpec} to the Kubernetes objects of one devspace.
 * No I/O: the Cluster port applies what these return.
 */
import type { DevspaceSpec, KubeObject } from "../types.ts";
import { buildAuthorizedKeys } from "./authorized-keys.ts";
import { buildIngress } from "./ingress.ts";
import { buildLimitRange } from "./limit-range.ts";
import { buildNamespace } from "./namespace.ts";
import { buildNetworkPolicy } from "./network-policy.ts";
import { buildOauthProxySecret, type OauthProxySecrets } from "./oauth-proxy-secret.ts";
import { buildResourceQuota } from "./resource-quota.ts";
import { buildService } from "./service.ts";
import { buildServiceAccount } from "./service-account.ts";
import { buildStatefulSet, type StatefulSetOptions } from "./stateful-set.ts";

export { buildAuthorizedKeys } from "./authorized-keys.ts";
export * from "./common.ts";
export { buildIngress } from "./ingress.ts";
export { buildLimitRange, type LimitRangeItemJson, type LimitRangeJson } from "./limit-range.ts";
export { buildNamespace } from "./namespace.ts";
export { buildNetworkPolicy, type NetworkPolicyIngressRuleJson, type NetworkPolicyJson } from "./network-policy.ts";
export { buildOauthProxyContainer } from "./oauth-proxy-container.ts";
export { buildOauthProxySecret, OAUTH_PROXY_SECRET_KEYS, type OauthProxySecrets } from "./oauth-proxy-secret.ts";
export { buildResourceQuota } from "./resource-quota.ts";
export { buildService } from "./service.ts";
export { buildServiceAccount } from "./service-account.ts";
export { buildStatefulSet, type StatefulSetOptions } from "./stateful-set.ts";
export { buildWorkstationContainer } from "./workstation-container.ts";

/**
 * Every object of a devspace, in the order to apply them: the Namespace first (everything
 * else lives in it), then identity and credentials, then the quota and limits (so they are
 * in force before any pod exists), the firewall before anything listens, and the Ingress
 * last so the public route appears only once its backend is defined.
 *
 * @example
 * buildDevspaceObjects(spec, secrets).map((o) => o.kind);
 * // ["Namespace", "ServiceAccount", "Secret", "ConfigMap", "ResourceQuota", "LimitRange",
 * //  "NetworkPolicy", "Service", "StatefulSet", "Ingress"]
 */
export function buildDevspaceObjects(
  spec: DevspaceSpec,
  secrets: OauthProxySecrets,
  options: StatefulSetOptions & { authorizedKeys?: readonly string[] } = {},
): KubeObject[] {
  return [
    buildNamespace(spec),
    buildServiceAccount(spec),
    buildOauthProxySecret(spec, secrets),
    buildAuthorizedKeys(spec, options.authorizedKeys ?? []),
    buildResourceQuota(spec),
    buildLimitRange(spec),
    buildNetworkPolicy(spec),
    buildService(spec),
    buildStatefulSet(spec, options),
    buildIngress(spec),
  ];
}
