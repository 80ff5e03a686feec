/** Real-shaped VolumeSnapshot, PVC and StatefulSet objects for the restore's unit tests. */
import { buildStatefulSet } from "../../src/devspace/resources/stateful-set.ts";
import { createDevspaceSpec } from "../../src/devspace/spec.ts";
import { buildVolumeSnapshot, HOME_CLAIM_NAME, type SnapshotKind } from "../../src/devspace/snapshots.ts";
import type { KubeObject } from "../../src/devspace/types.ts";

export interface SnapshotFixture {
  name: string;
  slug: string;
  kind: SnapshotKind;
  label?: string;
  ready?: boolean;
  createdAt?: string;
  source?: string;
  error?: string;
  deleting?: boolean;
  restoreSize?: string;
  annotations?: Record<string, string>;
}

export function snapshotObject(f: SnapshotFixture): KubeObject {
  const object = buildVolumeSnapshot({ namespace: `ds-${f.slug}`, slug: f.slug, name: f.name, kind: f.kind, label: f.label });
  object.metadata.creationTimestamp = f.createdAt ?? "2026-01-01T00:00:00Z";
  object.metadata.annotations = { ...object.metadata.annotations, ...f.annotations };
  if (f.deleting) object.metadata.deletionTimestamp = "2026-02-01T00:00:00Z";
  object.spec = { source: { persistentVolumeClaimName: f.source ?? HOME_CLAIM_NAME } };
  object.status = {
    readyToUse: f.ready ?? true,
    ...(f.ready === false ? {} : { restoreSize: f.restoreSize ?? "1Gi", creationTime: f.createdAt ?? "2026-01-01T00:00:00Z" }),
    ...(f.error ? { error: { message: f.error } } : {}),
  };
  return object;
}

export function claimObject(options: { uid: string; request?: string; storageClassName?: string; annotations?: Record<string, string>; deleting?: boolean }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: HOME_CLAIM_NAME,
      namespace: "ds-octo-cat",
      uid: options.uid,
      annotations: options.annotations ?? {},
      ...(options.deleting ? { deletionTimestamp: "2026-02-01T00:00:00Z" } : {}),
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: options.storageClassName ?? "standard",
      resources: { requests: { storage: options.request ?? "5Gi" } },
    },
  };
}

export function statefulSetObject(options: { homeVolumeGi?: number; storageClassName?: string } = {}): KubeObject {
  const spec = createDevspaceSpec({
    login: "Octo-Cat",
    userId: 42,
    form: { size: "small", homeVolumeGi: options.homeVolumeGi ?? 5 },
    home: { owner: "acme", repo: "devspaces", number: 7 },
    settings: {
      domain: "dev.example.test",
      namespacePrefix: "ds-",
      image: "ghcr.io/acme/workstation:1",
      oauthProxyImage: "quay.io/oauth2-proxy/oauth2-proxy:v7",
      ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
      ingressClassName: "nginx",
      clusterIssuer: "letsencrypt",
      ingressNamespace: "ingress-nginx",
    },
  });
  return buildStatefulSet(spec) as KubeObject;
}
