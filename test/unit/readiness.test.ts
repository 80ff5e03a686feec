import { describe, expect, it } from "vitest";
import { assessReadiness } from "../../src/devspace/readiness.ts";
import type { KubeObject } from "../../src/devspace/types.ts";

const statefulSet = (status: Record<string, unknown>, replicas = 1, generation = 2): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "workstation", namespace: "ds-a", generation },
  spec: { replicas },
  status,
});
const readyStatus = { observedGeneration: 2, readyReplicas: 1, updatedReplicas: 1, replicas: 1 };
const event = (kind: string, name: string, message: string, type = "Warning", at = "2026-12-01T10:00:00Z"): KubeObject => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: `${name}.${at}`, namespace: "ds-a" },
  involvedObject: { kind, name },
  type,
  message,
  lastTimestamp: at,
});
const claim = (phase: string): KubeObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "home-workstation-0" },
  status: { phase },
});
const pod = (status: Record<string, unknown>): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "workstation-0" }, status });

describe("assessReadiness", () => {
  it("is ready when the current generation reports the replica ready and updated", () => {
    expect(assessReadiness({ statefulSet: statefulSet(readyStatus), homeClaim: claim("Bound"), events: [] })).toEqual({ ready: true });
  });

  it.each([
    ["a stale generation", statefulSet({ ...readyStatus, observedGeneration: 1 })],
    ["zero ready replicas", statefulSet({ ...readyStatus, readyReplicas: 0 })],
    ["an old revision", statefulSet({ ...readyStatus, updatedReplicas: 0 })],
    ["no status at all", statefulSet({})],
  ])("is not ready with %s", (_name, sts) => {
    expect(assessReadiness({ statefulSet: sts, events: [] }).ready).toBe(false);
  });

  it("never counts zero replicas as ready", () => {
    const result = assessReadiness({ statefulSet: statefulSet({ observedGeneration: 2, readyReplicas: 0 }, 0), events: [] });
    expect(result).toEqual({ ready: false, reason: "the workstation is scaled to zero (stopped)" });
  });

  it("says when the StatefulSet is missing", () => {
    expect(assessReadiness({ events: [] })).toMatchObject({ ready: false, reason: expect.stringMatching(/does not exist/) });
  });

  it("names a pending home claim with the newest event about it", () => {
    const result = assessReadiness({
      statefulSet: statefulSet({ observedGeneration: 2 }),
      homeClaim: claim("Pending"),
      events: [
        event("PersistentVolumeClaim", "home-workstation-0", "old news", "Warning", "2026-12-01T09:00:00Z"),
        event("PersistentVolumeClaim", "home-workstation-0", 'storageclass.storage.k8s.io "fast" not found'),
      ],
    });
    expect(result).toEqual({
      ready: false,
      reason: 'the home volume claim is Pending: storageclass.storage.k8s.io "fast" not found',
    });
  });

  it("explains a pod that could not be created, from the StatefulSet's warning", () => {
    const result = assessReadiness({
      statefulSet: statefulSet({ observedGeneration: 2 }),
      homeClaim: claim("Bound"),
      events: [event("StatefulSet", "workstation", 'pods "workstation-0" is forbidden: violates PodSecurity "restricted:latest"')],
    });
    expect(result).toMatchObject({ reason: expect.stringMatching(/^no workstation pod could be created: pods .* forbidden/) });
  });

  it("explains an unschedulable pod", () => {
    const result = assessReadiness({
      statefulSet: statefulSet({ observedGeneration: 2 }),
      homeClaim: claim("Bound"),
      pod: pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", message: "0/1 nodes are available: 1 Insufficient cpu." }] }),
      events: [],
    });
    expect(result).toMatchObject({ reason: "the workstation pod cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu." });
  });

  it("explains an image that cannot be pulled", () => {
    const result = assessReadiness({
      statefulSet: statefulSet({ observedGeneration: 2 }),
      homeClaim: claim("Bound"),
      pod: pod({
        phase: "Pending",
        conditions: [{ type: "PodScheduled", status: "True" }],
        containerStatuses: [
          { name: "workstation", image: "ghcr.io/acme/ws:nope", ready: false, state: { waiting: { reason: "ImagePullBackOff", message: "not found" } } },
        ],
      }),
      events: [],
    });
    expect(result).toMatchObject({ reason: expect.stringMatching(/image ghcr.io\/acme\/ws:nope .* cannot be pulled \(ImagePullBackOff\): not found/) });
  });

  it("explains a crash loop with the exit code", () => {
    const result = assessReadiness({
      statefulSet: statefulSet({ observedGeneration: 2 }),
      homeClaim: claim("Bound"),
      pod: pod({
        phase: "Running",
        containerStatuses: [
          { name: "oauth-proxy", ready: false, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1 } } },
        ],
      }),
      events: [],
    });
    expect(result).toMatchObject({ reason: 'the "oauth-proxy" container keeps crashing (exit code 1)' });
  });
});
