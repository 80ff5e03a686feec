import { describe, expect, it } from "vitest";
import {
  ANNOTATION_RESTORE_ID,
  buildRestoredClaim,
  claimSource,
  largerQuantity,
  parseQuantity,
  quantityExceeds,
  restoredBy,
} from "../../src/devspace/restored-claim.ts";
import { statefulSetObject } from "../support/restore-fixtures.ts";

describe("parseQuantity", () => {
  it.each([
    ["1Gi", 2 ** 30],
    ["1073741824", 2 ** 30],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["500M", 5e8],
    ["1G", 1e9],
    ["1e9", 1e9],
    ["1E3", 1e3],
    ["2Ti", 2 * 2 ** 40],
    ["100m", 0.1],
    ["1k", 1000],
  ])("%s is %d", (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(["", "Gi", "1GB", "1 Gi", "one", "1Gii", "1.2.3"])("%j is not a quantity", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it("compares across units", () => {
    expect(largerQuantity("5Gi", "1Gi")).toBe("5Gi");
    expect(largerQuantity("1Gi", "1073741825")).toBe("1073741825");
    expect(largerQuantity("1G", "1Gi")).toBe("1Gi");
    expect(largerQuantity(undefined, "1Gi")).toBe("1Gi");
    expect(largerQuantity("5Gi", "garbage")).toBe("5Gi");
    expect(quantityExceeds("21Gi", "20Gi")).toBe(true);
    expect(quantityExceeds("20Gi", "20Gi")).toBe(false);
  });
});

describe("buildRestoredClaim", () => {
  const statefulSet = statefulSetObject({ homeVolumeGi: 5 });

  it("is the StatefulSet's home claim, filled from the snapshot, marked with the restore", () => {
    const claim = buildRestoredClaim({
      statefulSet,
      namespace: "ds-octo-cat",
      snapshotName: "snap-1",
      restoreSize: "1Gi",
      previousRequest: "5Gi",
      restoreId: "safety-9",
    });
    expect(claim).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        name: "home-workstation-0",
        namespace: "ds-octo-cat",
        // Template labels plus the selector: what the StatefulSet controller puts on its claims.
        labels: {
          "app.kubernetes.io/managed-by": "devspaces",
          "devspaces.dev/devspace": "octo-cat",
          "app.kubernetes.io/name": "workstation",
        },
        annotations: { [ANNOTATION_RESTORE_ID]: "safety-9" },
      },
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: "5Gi" } },
        dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "snap-1" },
      },
    });
    expect(restoredBy(claim)).toBe("safety-9");
    expect(claimSource(claim)).toBe("snap-1");
  });

  it("requests at least the snapshot's restoreSize, never less than the old claim had", () => {
    const size = (restoreSize: string | undefined, previousRequest: string | undefined) =>
      (buildRestoredClaim({ statefulSet, namespace: "n", snapshotName: "s", restoreSize, previousRequest, restoreId: "r" }).spec as {
        resources: { requests: { storage: string } };
      }).resources.requests.storage;
    expect(size("8Gi", "5Gi")).toBe("8Gi");
    expect(size("1Gi", "5Gi")).toBe("5Gi");
    expect(size("10737418240", "5Gi")).toBe("10737418240");
    // Without the old claim's size (it is gone and was not recorded), the template's size counts.
    expect(size("1Gi", undefined)).toBe("5Gi");
    expect(size(undefined, "7Gi")).toBe("7Gi");
  });

  it("takes the template's storage class, else the old claim's", () => {
    const classOf = (sts: typeof statefulSet, previous?: string) =>
      (buildRestoredClaim({ statefulSet: sts, namespace: "n", snapshotName: "s", previousStorageClassName: previous, restoreId: "r" }).spec as {
        storageClassName?: string;
      }).storageClassName;
    expect(classOf(statefulSetObject({ storageClassName: "fast" }), "slow")).toBe("fast");
    expect(classOf(statefulSet, "slow")).toBe("slow");
    expect(classOf(statefulSet)).toBeUndefined();
  });

  it("claimSource reads dataSourceRef as the API server fills it in", () => {
    const live = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "x" }, spec: { dataSourceRef: { kind: "VolumeSnapshot", name: "snap-2" } } };
    expect(claimSource(live)).toBe("snap-2");
    expect(claimSource({ ...live, spec: {} })).toBeUndefined();
  });
});
