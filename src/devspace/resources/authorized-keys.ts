import type { V1ConfigMap } from "@kubernetes/client-node";
import type { DevspaceSpec } from "../types.ts";
import { AUTHORIZED_KEYS_NAME, type Built, namespacedMeta } from "./common.ts";
import { checkedLogin } from "./guards.ts";

/**
 * The owner's public SSH keys, as GitHub lists them, for sshd in the workstation (mounted at
 * /etc/devspaces/ssh/authorized_keys, read by the image's AuthorizedKeysCommand). Public keys:
 * a ConfigMap is enough. Always written, even with no keys, so the mount never dangles.
 *
 * @example
 * buildAuthorizedKeys(spec, ["ssh-ed25519 AAAA..."]).data.authorized_keys
 * // "# GitHub keys of @Octo-Cat, written by Devspaces\nssh-ed25519 AAAA...\n"
 */
export function buildAuthorizedKeys(spec: DevspaceSpec, keys: readonly string[]): Built<V1ConfigMap> {
  // One key per line; a key containing a newline could smuggle in options, so those are dropped.
  const lines = keys.map((key) => key.trim()).filter((key) => key !== "" && !/[\r\n]/.test(key));
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: namespacedMeta(spec, AUTHORIZED_KEYS_NAME),
    data: {
      authorized_keys: [`# GitHub keys of @${checkedLogin(spec.login)}, written by Devspaces`, ...lines, ""].join("\n"),
    },
  };
}
