/** Writes kubeconfig files: one per identity, both pointing at the test CA by path. */
import { writeFile } from "node:fs/promises";
import { stringify } from "yaml";

export type KubeconfigUser = { token: string } | { clientCertificate: string; clientKey: string };

export async function writeKubeconfig(path: string, server: string, caPath: string, user: KubeconfigUser): Promise<void> {
  const credentials =
    "token" in user ? { token: user.token } : { "client-certificate": user.clientCertificate, "client-key": user.clientKey };
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "devspaces-test", cluster: { server, "certificate-authority": caPath } }],
    users: [{ name: "admin", user: credentials }],
    contexts: [{ name: "devspaces-test", context: { cluster: "devspaces-test", user: "admin", namespace: "default" } }],
    "current-context": "devspaces-test",
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
