/**
 * Is the workstation Ready, and if not, what is it stuck on? Pure: it reads the StatefulSet,
 * its pod, its home claim and recent events, and answers in plain words.
 */
import type { KubeObject } from "./types.ts";

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface ReadinessInput {
  statefulSet?: KubeObject;
  pod?: KubeObject;
  homeClaim?: KubeObject;
  /** Events in the devspace namespace, any order. */
  events: KubeObject[];
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export function assessReadiness({ statefulSet, pod, homeClaim, events }: ReadinessInput): Readiness {
  if (!statefulSet) return { ready: false, reason: "the workstation StatefulSet does not exist yet" };
  const spec = statefulSet.spec as { replicas?: number } | undefined;
  const status = (statefulSet.status ?? {}) as {
    observedGeneration?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
  };
  const generation = statefulSet.metadata.generation as number | undefined;
  const replicas = spec?.replicas ?? 1;
  // Zero replicas is "stopped", never "ready"; and status must describe the current spec.
  const current = generation !== undefined && status.observedGeneration === generation;
  if (replicas > 0 && current && (status.readyReplicas ?? 0) >= replicas && (status.updatedReplicas ?? 0) >= replicas) {
    return { ready: true };
  }
  if (replicas === 0) return { ready: false, reason: "the workstation is scaled to zero (stopped)" };
  return { ready: false, reason: diagnose(statefulSet, pod, homeClaim, events) };
}

function diagnose(statefulSet: KubeObject, pod: KubeObject | undefined, claim: KubeObject | undefined, events: KubeObject[]): string {
  const claimPhase = (claim?.status as { phase?: string } | undefined)?.phase;
  if (claim && claimPhase !== "Bound") {
    const why = latestEvent(events, "PersistentVolumeClaim", claim.metadata.name);
    return `the home volume claim is ${claimPhase ?? "Pending"}${why ? `: ${why}` : " (no storage has been provisioned for it yet)"}`;
  }
  if (!pod) {
    const why = latestEvent(events, "StatefulSet", statefulSet.metadata.name, "Warning");
    return why ? `no workstation pod could be created: ${why}` : "the workstation pod has not been created yet";
  }
  const podStatus = (pod.status ?? {}) as {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: Array<{
      name: string;
      image?: string;
      ready?: boolean;
      restartCount?: number;
      state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string } };
      lastState?: { terminated?: { exitCode?: number; reason?: string } };
    }>;
  };
  const scheduled = podStatus.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") {
    return `the workstation pod cannot be scheduled: ${scheduled.message ?? scheduled.reason ?? "no node fits it"}`;
  }
  for (const container of podStatus.containerStatuses ?? []) {
    const waiting = container.state?.waiting;
    if (waiting?.reason === "ImagePullBackOff" || waiting?.reason === "ErrImagePull" || waiting?.reason === "InvalidImageName") {
      return `the image ${container.image ?? ""} for "${container.name}" cannot be pulled (${waiting.reason})${waiting.message ? `: ${waiting.message}` : ""}`;
    }
    if (waiting?.reason === "CrashLoopBackOff") {
      const exit = container.lastState?.terminated?.exitCode;
      return `the "${container.name}" container keeps crashing${exit !== undefined ? ` (exit code ${exit})` : ""}`;
    }
    if (waiting?.reason === "CreateContainerConfigError") {
      return `the "${container.name}" container cannot start: ${waiting.message ?? waiting.reason}`;
    }
  }
  const notReady = (podStatus.containerStatuses ?? []).filter((c) => !c.ready).map((c) => c.name);
  const phase = podStatus.phase ?? "Pending";
  if (notReady.length > 0) return `the workstation pod is ${phase}; not ready yet: ${notReady.join(", ")}`;
  return `the workstation pod is ${phase} and not Ready yet`;
}

/** The newest event's message about one object, optionally of one type (Warning/Normal). */
function latestEvent(events: KubeObject[], kind: string, name: string, type?: string): string | undefined {
  const about = events.filter((e) => {
    const involved = e.involvedObject as { kind?: string; name?: string } | undefined;
    return involved?.kind === kind && involved.name === name && (!type || e.type === type);
  });
  about.sort((a, b) => eventTime(b) - eventTime(a));
  return about[0]?.message as string | undefined;
}

function eventTime(event: KubeObject): number {
  const stamp = (event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp) as string | undefined;
  return stamp ? Date.parse(stamp) : 0;
}
