/**
 * Names, ports and labels shared by the resource builders.
 *
 * Every object in a devspace namespace has a fixed name (there is one devspace per
 * namespace), so applying the same spec twice converges instead of creating copies.
 */
import { LABEL_DEVSPACE, LABEL_MANAGED_BY, MANAGED_BY } from "../labels.ts";
import type { DevspaceSpec, KubeObject } from "../types.ts";

/**
 * A builder's output: plain JSON that is both a generic {@link KubeObject} (what the
 * Cluster port applies) and the matching @kubernetes/client-node type (so the compiler
 * checks field names and shapes).
 */
export type Built<T> = KubeObject & T;

/** Name of the StatefulSet, its Service, NetworkPolicy, Ingress and ServiceAccount. */
export const WORKSTATION_NAME = "workstation";
/** Name of the Secret holding the OAuth app credentials and the cookie secret. */
export const OAUTH_PROXY_SECRET_NAME = "oauth-proxy";
/** Name of the ResourceQuota and the LimitRange. */
export const LIMITS_NAME = "devspace";
/** Secret holding the Ingress certificate (written by cert-manager). */
export const TLS_SECRET_NAME = "workstation-tls";

/** ConfigMap with the owner's public SSH keys from GitHub, and where the image reads it. */
export const AUTHORIZED_KEYS_NAME = "ssh-authorized-keys";
export const AUTHORIZED_KEYS_PATH = "/etc/devspaces/ssh";

/** The volumeClaimTemplate name; the live PVC is `home-workstation-0`. */
export const HOME_VOLUME_NAME = "home";
export const HOME_PATH = "/home/developer";
/** The UID/GID the workstation image's developer user has. */
export const DEVELOPER_UID = 1000;

/** sshd inside the workstation, unprivileged so it can run as the developer. */
export const SSH_PORT = 2222;
/** oauth2-proxy: the only HTTP entry to the pod. */
export const PROXY_PORT = 4180;
/** code-server, bound to loopback; only the proxy in the same pod can reach it. */
export const CODE_SERVER_PORT = 8080;

export const LABEL_APP_NAME = "app.kubernetes.io/name";

/**
 * The labels every object of a devspace carries.
 *
 * @example
 * devspaceLabels(spec) // { "app.kubernetes.io/managed-by": "devspaces", "devspaces.dev/devspace": "octo-cat" }
 */
export function devspaceLabels(spec: DevspaceSpec): Record<string, string> {
  return { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_DEVSPACE]: spec.slug };
}

/**
 * The labels that select the workstation pod. Used by the StatefulSet selector (which is
 * immutable: never change this without a migration), the Service and the NetworkPolicy.
 */
export function workstationSelector(spec: DevspaceSpec): Record<string, string> {
  return { [LABEL_APP_NAME]: WORKSTATION_NAME, [LABEL_DEVSPACE]: spec.slug };
}

/** Labels for the workstation's objects: the devspace labels plus the app name. */
export function workstationLabels(spec: DevspaceSpec): Record<string, string> {
  return { ...devspaceLabels(spec), [LABEL_APP_NAME]: WORKSTATION_NAME };
}

/** `metadata` for a namespaced object of the devspace. */
export function namespacedMeta(
  spec: DevspaceSpec,
  name: string,
  labels: Record<string, string> = devspaceLabels(spec),
): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace: spec.namespace, labels };
}
