import type { V1Service } from "@kubernetes/client-node";
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
 * The in-cluster Service in front of the workstation pod: `http` (80) goes to the OAuth
 * proxy, `ssh` (22) to sshd. It is ClusterIP only; the Ingress is the public way in, and
 * the StatefulSet uses this Service as its governing service.
 *
 * @example
 * buildService(spec).spec.ports
 * // [{ name: "http", protocol: "TCP", port: 80, targetPort: 4180 },
 * //  { name: "ssh", protocol: "TCP", port: 22, targetPort: 2222 }]
 */
export function buildService(spec: DevspaceSpec): Built<V1Service> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: namespacedMeta(spec, WORKSTATION_NAME, workstationLabels(spec)),
    spec: {
      type: "ClusterIP",
      selector: workstationSelector(spec),
      ports: [
        { name: "http", protocol: "TCP", port: 80, targetPort: PROXY_PORT },
        { name: "ssh", protocol: "TCP", port: 22, targetPort: SSH_PORT },
      ],
    },
  };
}
