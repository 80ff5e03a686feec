/**
 * The cluster-scoped objects every test run starts with: the default StorageClass served by
 * kwok's volume stages, the default VolumeSnapshotClass served by our snapshot stages, and one
 * fake Node for the scheduler to place pods on (kwok manages every node).
 */
import type { KubeObject } from "./api.ts";

export const STORAGE_CLASS = "kwok-volume";
export const SNAPSHOT_CLASS = "kwok-snapshots";
export const VOLUME_DRIVER = "kwok.x-k8s.io/volume";
export const NODE_NAME = "kwok-node-0";

export const storageClass: KubeObject = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name: STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
  provisioner: VOLUME_DRIVER,
  reclaimPolicy: "Delete",
  volumeBindingMode: "Immediate",
  allowVolumeExpansion: true,
};

export const snapshotClass: KubeObject = {
  apiVersion: "snapshot.storage.k8s.io/v1",
  kind: "VolumeSnapshotClass",
  metadata: { name: SNAPSHOT_CLASS, annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" } },
  driver: VOLUME_DRIVER,
  deletionPolicy: "Delete",
};

// No taint: product pods carry no kwok toleration, and this node is the only one there is.
export const node: KubeObject = {
  apiVersion: "v1",
  kind: "Node",
  metadata: {
    name: NODE_NAME,
    labels: {
      "kubernetes.io/hostname": NODE_NAME,
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      type: "kwok",
    },
    annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
  },
  spec: {},
};
