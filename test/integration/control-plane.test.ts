/**
 * Proves the test control plane does what the product's integration tests rely on: a real
 * API server with PodSecurity, controllers that turn a StatefulSet into a Ready pod with a
 * Bound PVC, VolumeSnapshots that become ready, PVCs restored from them, and namespaces that
 * finish deleting. Each step builds on the previous one, in one fresh namespace.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1PersistentVolumeClaim,
  type V1Pod,
  type V1StatefulSet,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const cluster = inject("cluster");
const kc = new KubeConfig();
kc.loadFromFile(cluster.kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);

const namespace = `cp-test-${Date.now().toString(36)}`;
const SNAPSHOTS = { group: "snapshot.storage.k8s.io", version: "v1" } as const;

interface VolumeSnapshot {
  metadata: { name: string; uid: string };
  spec: { source: { persistentVolumeClaimName?: string }; volumeSnapshotClassName?: string };
  status?: { readyToUse?: boolean; restoreSize?: string; boundVolumeSnapshotContentName?: string; creationTime?: string };
}

type Poll<T> = { ok: true; value: T } | { ok: false; seen: unknown };
const done = <T>(value: T): Poll<T> => ({ ok: true, value });
const notYet = (seen: unknown): Poll<never> => ({ ok: false, seen });

/** Polls `probe` until it is done; on timeout, says what was awaited and what was last seen. */
async function eventually<T>(what: string, probe: () => Promise<Poll<T>>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = "nothing yet";
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result.ok) return result.value;
      last = result.seen;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s. Last seen: ${JSON.stringify(last, null, 2)}`);
}

const isNotFound = (error: unknown) => error instanceof ApiException && error.code === 404;

function restrictedStatefulSet(): V1StatefulSet {
  const labels = { app: "workstation" };
  return {
    metadata: { name: "workstation", namespace },
    spec: {
      serviceName: "workstation",
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "main",
              image: "registry.invalid/workstation:test",
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "home", mountPath: "/home/dev" }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "home" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } },
        },
      ],
    },
  };
}

const podReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

async function waitForBound(name: string): Promise<V1PersistentVolumeClaim> {
  return eventually(`PVC ${namespace}/${name} Bound`, async () => {
    const pvc = await core.readNamespacedPersistentVolumeClaim({ name, namespace });
    return pvc.status?.phase === "Bound" ? done(pvc) : notYet(pvc.status);
  });
}

describe("the test control plane", () => {
  beforeAll(async () => {
    await core.createNamespace({
      body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
    });
  });

  afterAll(async () => {
    // Only matters when a test failed before the deletion test ran.
    await core.deleteNamespace({ name: namespace }).catch(() => {});
  });

  it("enforces the restricted Pod Security profile", async () => {
    const privileged: V1Pod = {
      metadata: { name: "privileged", namespace },
      spec: { containers: [{ name: "main", image: "registry.invalid/x", securityContext: { privileged: true } }] },
    };
    const error = await core.createNamespacedPod({ namespace, body: privileged }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, "a privileged pod was admitted into a restricted namespace").toBeInstanceOf(ApiException);
    expect((error as ApiException<string>).code).toBe(403);
    expect(String((error as ApiException<string>).body)).toContain("violates PodSecurity");
  });

  it("runs a restricted StatefulSet to a Ready pod with a Bound PVC", async () => {
    await apps.createNamespacedStatefulSet({ namespace, body: restrictedStatefulSet() });

    const pod = await eventually(`pod ${namespace}/workstation-0 Ready`, async () => {
      const p = await core.readNamespacedPod({ name: "workstation-0", namespace });
      return podReady(p) ? done(p) : notYet({ phase: p.status?.phase, conditions: p.status?.conditions, node: p.spec?.nodeName });
    });
    expect(pod.spec?.nodeName).toBeTruthy();

    const pvc = await waitForBound("home-workstation-0");
    expect(pvc.spec?.storageClassName, "the default StorageClass was not applied").toBe("kwok-volume");
    expect(pvc.spec?.volumeName).toBeTruthy();

    await eventually(`StatefulSet ${namespace}/workstation reporting 1 ready replica for its generation`, async () => {
      const sts = await apps.readNamespacedStatefulSet({ name: "workstation", namespace });
      const current = sts.status?.observedGeneration === sts.metadata?.generation;
      return current && sts.status?.readyReplicas === 1 ? done(sts) : notYet({ generation: sts.metadata?.generation, status: sts.status });
    });
  });

  it("turns a VolumeSnapshot of that PVC readyToUse with a restoreSize", async () => {
    await custom.createNamespacedCustomObject({
      ...SNAPSHOTS,
      namespace,
      plural: "volumesnapshots",
      body: {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshot",
        metadata: { name: "home-snap" },
        spec: { source: { persistentVolumeClaimName: "home-workstation-0" } },
      },
    });

    const snapshot = await eventually(`VolumeSnapshot ${namespace}/home-snap readyToUse`, async () => {
      const s = (await custom.getNamespacedCustomObject({ ...SNAPSHOTS, namespace, plural: "volumesnapshots", name: "home-snap" })) as VolumeSnapshot;
      return s.status?.readyToUse === true ? done(s) : notYet(s.status ?? "no status");
    });
    expect(snapshot.status?.restoreSize).toBeTruthy();
    expect(snapshot.status?.creationTime).toBeTruthy();
    expect(snapshot.spec.volumeSnapshotClassName, "the default VolumeSnapshotClass was not filled in").toBe("kwok-snapshots");

    const contentName = snapshot.status?.boundVolumeSnapshotContentName;
    expect(contentName).toBeTruthy();
    const content = (await custom.getClusterCustomObject({ ...SNAPSHOTS, plural: "volumesnapshotcontents", name: contentName! })) as {
      spec: { volumeSnapshotRef: { uid: string } };
      status?: { readyToUse?: boolean };
    };
    expect(content.spec.volumeSnapshotRef.uid).toBe(snapshot.metadata.uid);
    expect(content.status?.readyToUse).toBe(true);
  });

  it("binds a PVC restored from that VolumeSnapshot", async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: "home-restored" },
        spec: {
          accessModes: ["ReadWriteOnce"],
          resources: { requests: { storage: "5Gi" } },
          dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "home-snap" },
        },
      },
    });
    const pvc = await waitForBound("home-restored");
    // The API server keeps a dataSource only for kinds it accepts; make sure ours survived.
    expect(pvc.spec?.dataSource).toMatchObject({ apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "home-snap" });
  });

  it("finishes deleting the namespace, snapshots and volumes included", async () => {
    const snapshot = (await custom.getNamespacedCustomObject({ ...SNAPSHOTS, namespace, plural: "volumesnapshots", name: "home-snap" })) as VolumeSnapshot;
    const contentName = snapshot.status!.boundVolumeSnapshotContentName!;
    const volumes = await Promise.all(
      ["home-workstation-0", "home-restored"].map(async (name) => (await core.readNamespacedPersistentVolumeClaim({ name, namespace })).spec!.volumeName!),
    );

    await core.deleteNamespace({ name: namespace });
    // The namespace controller waits 5 s before it starts and backs off while finalizers run.
    await eventually(
      `namespace ${namespace} gone`,
      async () => {
        try {
          const ns = await core.readNamespace({ name: namespace });
          return notYet(ns.status);
        } catch (error) {
          if (isNotFound(error)) return done(true);
          throw error;
        }
      },
      90_000,
    );

    const gone = async (read: () => Promise<unknown>) =>
      read().then(
        () => false,
        (error: unknown) => isNotFound(error),
      );
    await eventually(`VolumeSnapshotContent ${contentName} and PVs ${volumes.join(", ")} deleted`, async () => {
      const states = await Promise.all([
        gone(() => custom.getClusterCustomObject({ ...SNAPSHOTS, plural: "volumesnapshotcontents", name: contentName })),
        ...volumes.map((name) => gone(() => core.readPersistentVolume({ name }))),
      ]);
      return states.every(Boolean) ? done(true) : notYet(states);
    });
  }, 120_000);
});
