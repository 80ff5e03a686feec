import type { V1Container, V1EnvVar } from "@kubernetes/client-node";
import { toKubeResources, WORKSTATION_RESOURCES } from "../sizes.ts";
import type { DevspaceSpec } from "../types.ts";
import {
  AUTHORIZED_KEYS_NAME,
  AUTHORIZED_KEYS_PATH,
  CODE_SERVER_PORT,
  HOME_PATH,
  HOME_VOLUME_NAME,
  SSH_PORT,
  WORKSTATION_NAME,
} from "./common.ts";
import { checkedLogin } from "./guards.ts";
import { restrictedContainerSecurityContext } from "./pod-security.ts";

/**
 * The developer's container: code-server on loopback (reached only through the OAuth
 * proxy sidecar) and sshd on an unprivileged port, with the home volume mounted.
 *
 * The root filesystem stays writable because developers install things; it is still
 * non-root, with no privilege escalation and no capabilities. Readiness means "sshd
 * accepts connections": code-server listens on 127.0.0.1, so the kubelet cannot probe it.
 * There is no liveness probe on purpose: restarting a workstation kills the developer's
 * running processes, and a slow sshd is not worth that.
 *
 * @example
 * buildWorkstationContainer(spec).env
 * // [{ name: "HOME", value: "/home/developer" }, { name: "CODE_SERVER_BIND_ADDR", value: "127.0.0.1:8080" },
 * //  { name: "DEVSPACE_OWNER", value: "Octo-Cat" }]
 */
export function buildWorkstationContainer(spec: DevspaceSpec): V1Container {
  // Values reach the image as environment variables, never through a shell string.
  const env: V1EnvVar[] = [
    { name: "HOME", value: HOME_PATH },
    { name: "CODE_SERVER_BIND_ADDR", value: `127.0.0.1:${CODE_SERVER_PORT}` },
    { name: "DEVSPACE_OWNER", value: checkedLogin(spec.login) },
  ];
  if (spec.dotfilesRepo) env.push({ name: "DOTFILES_REPO", value: spec.dotfilesRepo });

  return {
    name: WORKSTATION_NAME,
    image: spec.settings.image,
    env,
    ports: [{ name: "ssh", containerPort: SSH_PORT, protocol: "TCP" }],
    volumeMounts: [
      { name: HOME_VOLUME_NAME, mountPath: HOME_PATH },
      // No subPath, so key changes reach a running pod.
      { name: AUTHORIZED_KEYS_NAME, mountPath: AUTHORIZED_KEYS_PATH, readOnly: true },
    ],
    resources: toKubeResources(WORKSTATION_RESOURCES[spec.size]),
    readinessProbe: {
      tcpSocket: { port: SSH_PORT },
      initialDelaySeconds: 5,
      periodSeconds: 10,
      failureThreshold: 3,
    },
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
  };
}
