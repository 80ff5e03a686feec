import type { V1PodSecurityContext, V1SecurityContext } from "@kubernetes/client-node";
import { DEVELOPER_UID } from "./common.ts";

/**
 * Pod-level settings for the Pod Security "restricted" profile: a fixed non-root user,
 * the runtime's default seccomp profile, and a group-owned home volume. The ownership
 * walk over the home volume only happens when its root does not already match, so a
 * large home does not slow every restart.
 */
export function restrictedPodSecurityContext(): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: DEVELOPER_UID,
    runAsGroup: DEVELOPER_UID,
    fsGroup: DEVELOPER_UID,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * Container-level settings for the "restricted" profile: no privilege escalation
 * (setuid binaries such as sudo do nothing), every capability dropped, non-root.
 */
export function restrictedContainerSecurityContext(options: { readOnlyRootFilesystem: boolean }): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    runAsNonRoot: true,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
  };
}
