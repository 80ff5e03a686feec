/**
 * A checker for the Kubernetes Pod Security Standards "restricted" profile (which includes
 * "baseline"), applied to a pod spec as plain JSON. It returns one message per violation,
 * so a test can assert `toEqual([])` and see everything that is wrong at once.
 *
 * It covers the controls a builder can get wrong: host namespaces, host paths and ports,
 * privileged containers, capabilities, privilege escalation, non-root, seccomp, AppArmor,
 * SELinux, /proc mount, sysctls, Windows host processes and the allowed volume types.
 * The API server's own admission stays the authority; this is the fast, offline check.
 */
import type { V1Container, V1PodSpec, V1SecurityContext } from "@kubernetes/client-node";

// Volume types the restricted profile allows.
const ALLOWED_VOLUME_TYPES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);
const VOLUME_NON_SOURCE_FIELDS = new Set(["name"]);
const ALLOWED_ADDED_CAPABILITIES = new Set(["NET_BIND_SERVICE"]);
const ALLOWED_SECCOMP = new Set(["RuntimeDefault", "Localhost"]);
const ALLOWED_APPARMOR = new Set(["RuntimeDefault", "Localhost"]);
const ALLOWED_SELINUX_TYPES = new Set(["container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

interface NamedContainer {
  where: string;
  container: Pick<V1Container, "name" | "ports" | "securityContext">;
}

function allContainers(pod: V1PodSpec): NamedContainer[] {
  const containers: NamedContainer[] = [];
  for (const c of pod.initContainers ?? []) containers.push({ where: `initContainer ${c.name}`, container: c });
  for (const c of pod.containers ?? []) containers.push({ where: `container ${c.name}`, container: c });
  for (const c of pod.ephemeralContainers ?? []) containers.push({ where: `ephemeralContainer ${c.name}`, container: c });
  return containers;
}

/**
 * Returns the ways `pod` breaks the "restricted" profile; an empty list means it passes.
 *
 * @example
 * expect(checkRestrictedPod(statefulSet.spec.template.spec)).toEqual([]);
 */
export function checkRestrictedPod(pod: V1PodSpec): string[] {
  const problems: string[] = [];
  const podSecurity = pod.securityContext ?? {};

  if (pod.hostNetwork) problems.push("pod: hostNetwork is true");
  if (pod.hostPID) problems.push("pod: hostPID is true");
  if (pod.hostIPC) problems.push("pod: hostIPC is true");
  if (podSecurity.runAsUser === 0) problems.push("pod: runAsUser is 0");
  if (podSecurity.runAsNonRoot === false) problems.push("pod: runAsNonRoot is false");
  if (podSecurity.windowsOptions?.hostProcess) problems.push("pod: windowsOptions.hostProcess is true");
  checkSeLinux("pod", podSecurity.seLinuxOptions, problems);
  const podSeccomp = podSecurity.seccompProfile?.type;
  if (podSeccomp !== undefined && !ALLOWED_SECCOMP.has(podSeccomp)) problems.push(`pod: seccomp ${podSeccomp}`);
  const podAppArmor = podSecurity.appArmorProfile?.type;
  if (podAppArmor !== undefined && !ALLOWED_APPARMOR.has(podAppArmor)) problems.push(`pod: AppArmor ${podAppArmor}`);
  for (const sysctl of podSecurity.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name)) problems.push(`pod: unsafe sysctl ${sysctl.name}`);
  }

  for (const volume of pod.volumes ?? []) {
    const sources = Object.keys(volume).filter(
      (key) => !VOLUME_NON_SOURCE_FIELDS.has(key) && volume[key as keyof typeof volume] !== undefined,
    );
    for (const source of sources) {
      if (!ALLOWED_VOLUME_TYPES.has(source)) problems.push(`volume ${volume.name}: type ${source} is not allowed`);
    }
  }

  for (const { where, container } of allContainers(pod)) {
    const sc: V1SecurityContext = container.securityContext ?? {};
    if (sc.privileged) problems.push(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities do not drop ALL`);
    for (const added of sc.capabilities?.add ?? []) {
      if (!ALLOWED_ADDED_CAPABILITIES.has(added)) problems.push(`${where}: adds capability ${added}`);
    }
    const runAsNonRoot = sc.runAsNonRoot ?? podSecurity.runAsNonRoot;
    if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) problems.push(`${where}: runAsUser is 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp === undefined || !ALLOWED_SECCOMP.has(seccomp)) {
      problems.push(`${where}: seccomp profile is ${seccomp ?? "unset"}`);
    }
    const appArmor = sc.appArmorProfile?.type;
    if (appArmor !== undefined && !ALLOWED_APPARMOR.has(appArmor)) problems.push(`${where}: AppArmor ${appArmor}`);
    checkSeLinux(where, sc.seLinuxOptions, problems);
    if (sc.procMount !== undefined && sc.procMount !== "Default") problems.push(`${where}: procMount ${sc.procMount}`);
    if (sc.windowsOptions?.hostProcess) problems.push(`${where}: windowsOptions.hostProcess is true`);
    for (const port of container.ports ?? []) {
      if (port.hostPort) problems.push(`${where}: hostPort ${port.hostPort}`);
    }
  }
  return problems;
}

function checkSeLinux(
  where: string,
  options: { type?: string; user?: string; role?: string } | undefined,
  problems: string[],
): void {
  if (!options) return;
  if (options.type !== undefined && !ALLOWED_SELINUX_TYPES.has(options.type)) {
    problems.push(`${where}: SELinux type ${options.type}`);
  }
  if (options.user) problems.push(`${where}: SELinux user is set`);
  if (options.role) problems.push(`${where}: SELinux role is set`);
}
