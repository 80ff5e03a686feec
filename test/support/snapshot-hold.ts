/**
 * Keeps chosen VolumeSnapshots "not ready", as a snapshot-controller that is slow or stuck
 * would. A ValidatingAdmissionPolicy denies every update to them, so kwok's snapshot stage
 * cannot mark them ready (it fails and waits for the next change). `release()` removes the
 * policy and touches each held snapshot, which makes kwok play the stage again.
 *
 * Held: snapshots labelled `devspaces.test/hold=not-ready`, and those with the given names.
 */
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import type { TestCluster } from "../cluster/types.ts";

export const HOLD_LABEL = "devspaces.test/hold";

export interface SnapshotHold {
  release(): Promise<void>;
}

let holds = 0;

export async function holdSnapshots(cluster: TestCluster, namespace: string, names: string[] = []): Promise<SnapshotHold> {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const api = KubernetesObjectApi.makeApiClient(kc);
  const id = `devspaces-test-hold-${process.pid}-${++holds}`;
  const probe = { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: id, namespace } };
  const policy = { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name: id } };
  const binding = { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicyBinding", metadata: { name: id } };
  const held = [...names, id].map((n) => `'${n}'`).join(", ");

  // An object to try updates on, to know when the policy is in force (and when it no longer is).
  await api.create({ ...probe, spec: { source: { persistentVolumeClaimName: "hold-probe" } } } as never);
  await api.create({
    ...policy,
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
        resourceRules: [
          { apiGroups: ["snapshot.storage.k8s.io"], apiVersions: ["*"], operations: ["UPDATE"], resources: ["volumesnapshots", "volumesnapshots/status"] },
        ],
      },
      matchConditions: [
        {
          name: "held",
          expression: `object.metadata.name in [${held}] || (has(object.metadata.labels) && '${HOLD_LABEL}' in object.metadata.labels)`,
        },
      ],
      validations: [{ expression: "false", message: "held not ready by a test" }],
    },
  } as never);
  await api.create({ ...binding, spec: { policyName: id, validationActions: ["Deny"] } } as never);

  const probeUpdateDenied = async () => {
    try {
      await api.patch(
        { ...probe, metadata: { ...probe.metadata, annotations: { "devspaces.test/probe": String(Date.now()) } } } as never,
        undefined,
        "All",
        undefined,
        undefined,
        PatchStrategy.MergePatch,
      );
      return false;
    } catch (error) {
      if (String((error as { body?: unknown }).body ?? error).includes("held not ready by a test")) return true;
      throw error;
    }
  };
  await until(probeUpdateDenied, true);

  return {
    async release() {
      await api.delete(binding as never).catch(() => undefined);
      await api.delete(policy as never).catch(() => undefined);
      await until(probeUpdateDenied, false);
      await api.delete(probe as never).catch(() => undefined);
      // Poke every held snapshot so kwok plays its stage again.
      const list = await api.list("snapshot.storage.k8s.io/v1", "VolumeSnapshot", namespace);
      for (const item of list.items) {
        const name = item.metadata?.name ?? "";
        if (!names.includes(name) && !(item.metadata?.labels && HOLD_LABEL in item.metadata.labels)) continue;
        await api.patch(
          { ...probe, metadata: { name, namespace, annotations: { "devspaces.test/released": String(Date.now()) } } } as never,
          undefined,
          undefined,
          undefined,
          undefined,
          PatchStrategy.MergePatch,
        );
      }
    },
  };
}

async function until(check: () => Promise<boolean>, want: boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await check()) !== want) {
    if (Date.now() > deadline) throw new Error(`snapshot-hold: the admission policy did not ${want ? "take effect" : "go away"}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
