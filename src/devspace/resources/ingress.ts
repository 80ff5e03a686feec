import type { V1Ingress } from "@kubernetes/client-node";
import type { DevspaceSpec } from "../types.ts";
import { type Built, namespacedMeta, TLS_SECRET_NAME, WORKSTATION_NAME, workstationLabels } from "./common.ts";
import { checkedHost } from "./guards.ts";

/**
 * The public entry: `https://<host>/` routed to the Service's `http` port (the OAuth
 * proxy). cert-manager issues the certificate into `workstation-tls` using the
 * configured ClusterIssuer.
 *
 * @example
 * buildIngress(spec).spec
 * // { ingressClassName: "nginx", tls: [{ hosts: ["octo-cat.dev.example.com"], secretName: "workstation-tls" }],
 * //   rules: [{ host: "octo-cat.dev.example.com", http: { paths: [{ path: "/", pathType: "Prefix",
 * //     backend: { service: { name: "workstation", port: { name: "http" } } } }] } }] }
 */
export function buildIngress(spec: DevspaceSpec): Built<V1Ingress> {
  const host = checkedHost(spec.host);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      ...namespacedMeta(spec, WORKSTATION_NAME, workstationLabels(spec)),
      annotations: { "cert-manager.io/cluster-issuer": spec.settings.clusterIssuer },
    },
    spec: {
      ingressClassName: spec.settings.ingressClassName,
      tls: [{ hosts: [host], secretName: TLS_SECRET_NAME }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: WORKSTATION_NAME, port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    },
  };
}
