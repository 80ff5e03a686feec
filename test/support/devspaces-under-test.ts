/**
 * The system under test, wired as in production but local: the Node app (real hono server,
 * real Octokit, real client-node) against the real test control plane, with the GitHub fake
 * as the only stand-in. Tests send signed webhooks and look at the cluster and the fake.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNodeServer } from "../../src/node.ts";
import type { OperationDeps } from "../../src/operations/deps.ts";
import type { TestCluster } from "../cluster/types.ts";
import { createTestAppCredentials, type GitHubFake, startGitHubFake, type TestAppCredentials } from "./github-fake/index.ts";
import { installProvisionerIdentity } from "./provisioner-identity.ts";
import { webhookHeaders } from "./webhooks.ts";

export const WEBHOOK_SECRET = "test-webhook-secret-0123456789";
export const INSTALLATION_ID = 4242;
export const ORG = "acme";
export const REPO = "devspaces";

export interface DevspacesUnderTest {
  url: string;
  github: GitHubFake;
  /** What the app's operations run with, for calling one directly (a backup of a chosen slot). */
  deps: OperationDeps;
  logs: Array<{ message: string; extra?: Record<string, unknown> }>;
  /** Posts a signed webhook (or a deliberately mis-signed one, with `signature`). */
  send(event: string, payload: unknown, options?: { deliveryId?: string; signature?: string | null }): Promise<Response>;
  /** Resolves when every operation started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The configuration both runtimes get in tests; the key is PKCS#1, as GitHub hands it out. */
export function testAppEnv(credentials: TestAppCredentials, githubUrl: string): Record<string, string> {
  return {
    GITHUB_APP_ID: String(credentials.appId),
    GITHUB_APP_PRIVATE_KEY: credentials.privateKeyPkcs1,
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GITHUB_API_URL: githubUrl,
    DEVSPACES_DOMAIN: "dev.example.test",
    DEVSPACES_IMAGE: "ghcr.io/acme/devspaces-workstation:test",
    OAUTH_CLIENT_ID: "test-client-id",
    OAUTH_CLIENT_SECRET: "test-client-secret",
    OAUTH_COOKIE_KEY: "test-cookie-master-key-0123456789abcdef",
    DEVSPACES_READY_TIMEOUT_SECONDS: "90",
  };
}

export async function startDevspaces(cluster: TestCluster, env: Record<string, string> = {}): Promise<DevspacesUnderTest> {
  const credentials = createTestAppCredentials();
  const github = await startGitHubFake({
    appId: credentials.appId,
    publicKey: credentials.publicKey,
    installations: [{ id: INSTALLATION_ID, account: ORG, accountType: "Organization" }],
  });
  const identity = installProvisionerIdentity(cluster, mkdtempSync(join(tmpdir(), "devspaces-sut-")));
  const logs: DevspacesUnderTest["logs"] = [];
  const running = startNodeServer({
    port: 0,
    hostname: "127.0.0.1",
    log: (message, extra) => logs.push({ message, extra }),
    env: {
      ...testAppEnv(credentials, github.url),
      // Tests start backups themselves, with chosen slots; no timer runs one mid-test.
      DEVSPACES_BACKUP_INTERVAL_MINUTES: "0",
      KUBECONFIG: identity.kubeconfigPath,
      ...env,
    },
  });
  const url = `http://127.0.0.1:${await running.port}`;
  return {
    url,
    github,
    deps: running.deps,
    logs,
    async send(event, payload, options = {}) {
      const body = JSON.stringify(payload);
      const headers = webhookHeaders({ event, body, secret: WEBHOOK_SECRET, deliveryId: options.deliveryId ?? randomUUID() });
      if (options.signature === null) delete headers["x-hub-signature-256"];
      else if (options.signature !== undefined) headers["x-hub-signature-256"] = options.signature;
      return fetch(`${url}/webhooks/github`, { method: "POST", headers, body });
    },
    idle: () => running.runner.idle(),
    async close() {
      await running.close();
      await github.close();
    },
  };
}
