import type { V1StatefulSet } from "@kubernetes/client-node";
import { LABEL_DEVSPACE, LABEL_MANAGED_BY, MANAGED_BY } from "../labels.ts";
import type { DevspaceSpec } from "../types.ts";
import {
  AUTHORIZED_KEYS_NAME,
  type Built,
  HOME_VOLUME_NAME,
  namespacedMeta,
  WORKSTATION_NAME,
  workstationLabels,
  workstationSelector,
} from "./common.ts";
import { buildOauthProxyContainer } from "./oauth-proxy-container.ts";
import { restrictedPodSecurityContext } from "./pod-security.ts";
import { buildWorkstationContainer } from "./workstation-container.ts";

export interface StatefulSetOptions {
  /** 1 (running, the default) or 0 (stopped; the home volume stays). */
  replicas?: 0 | 1;
}

/**
 * The workstation: one pod (`workstation-0`) with the developer's container and the OAuth
 * proxy sidecar, and one home volume (`home-workstation-0`) that survives the pod.
 *
 * PVCs are retained both when the StatefulSet is deleted and when it is scaled down, so
 * stopping or re-creating a devspace never loses the home directory; deleting the data
 * is a separate, explicit step. The pod follows Pod Security "restricted": no service
 * account token, no service links, no host namespaces or host paths.
 *
 * Kubernetes does not allow changing `volumeClaimTemplates` in place, so a different
 * home size or storage class for an existing devspace has to be handled on the PVC.
 *
 * @example
 * const sts = buildStatefulSet(spec);
 * sts.spec.template.spec.containers.map((c) => c.name); // ["workstation", "oauth-proxy"]
 * sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage; // "20Gi"
 * buildStatefulSet(spec, { replicas: 0 }).spec.replicas; // 0 (stopped)
 */
export function buildStatefulSet(spec: DevspaceSpec, options: StatefulSetOptions = {}): Built<V1StatefulSet> {
  const { storageClassName } = spec.settings;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: namespacedMeta(spec, WORKSTATION_NAME, workstationLabels(spec)),
    spec: {
      replicas: options.replicas ?? 1,
      serviceName: WORKSTATION_NAME,
      selector: { matchLabels: workstationSelector(spec) },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: {
          labels: workstationLabels(spec),
          annotations: { "kubectl.kubernetes.io/default-container": WORKSTATION_NAME },
        },
        spec: {
          serviceAccountName: WORKSTATION_NAME,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 30,
          securityContext: restrictedPodSecurityContext(),
          containers: [buildWorkstationContainer(spec), buildOauthProxyContainer(spec)],
          volumes: [{ name: AUTHORIZED_KEYS_NAME, configMap: { name: AUTHORIZED_KEYS_NAME } }],
        },
      },
      volumeClaimTemplates: [
        {
          // Spelled out rather than shared: volumeClaimTemplates are immutable, so adding a
          // label here would make every existing StatefulSet fail to re-apply.
          metadata: { name: HOME_VOLUME_NAME, labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_DEVSPACE]: spec.slug } },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(storageClassName ? { storageClassName } : {}),
            resources: { requests: { storage: `${spec.homeVolumeGi}Gi` } },
          },
        },
      ],
    },
  };
}
