/**
 * The system under test for the worker project: the real Worker bundle running in workerd under
 * `wrangler dev --local`, against the real test control plane and the GitHub fake.
 *
 * The bundle is the deploy artifact: `wrangler deploy --dry-run --outdir` builds src/worker.ts
 * with wrangler.toml's aliases, and `wrangler dev <bundle> --no-bundle -c wrangler.toml` runs
 * exactly that file with wrangler.toml's bindings. Building first also freezes the code under
 * test: `wrangler dev` watches its sources and would rebuild mid-test when anyone edits src/.
 *
 * The Worker reaches the API server through test/support/kube-proxy.ts (workerd cannot trust
 * the test CA) with the provisioner ServiceAccount's token, so the RBAC in manifests/ is what
 * authorises it. Config goes in through an env file, as `.dev.vars` would carry it in
 * development; the private key is PKCS#1, as GitHub hands it out, so the pure PKCS#1 → PKCS#8
 * conversion in src/github/private-key.ts is exercised inside workerd.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { TestCluster } from "../cluster/types.ts";
import { INSTALLATION_ID, ORG, testAppEnv, WEBHOOK_SECRET } from "./devspaces-under-test.ts";
import { createTestAppCredentials, type GitHubFake, startGitHubFake } from "./github-fake/index.ts";
import { type KubeProxy, startKubeProxy } from "./kube-proxy.ts";
import { installProvisionerIdentity } from "./provisioner-identity.ts";
import { webhookHeaders } from "./webhooks.ts";

export { INSTALLATION_ID, ORG, REPO, WEBHOOK_SECRET } from "./devspaces-under-test.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export interface WorkerUnderTest {
  url: string;
  github: GitHubFake;
  kubeProxy: KubeProxy;
  /** The ServiceAccount token the Worker was given (never the admin's). */
  kubeToken: string;
  /** wrangler's and workerd's output so far (the Worker's console.log lines included). */
  output(): string;
  /** The built Worker script (one ES module), as it would be uploaded. */
  bundle: { path: string; rawBytes: number; gzipBytes: number; buildMs: number };
  /** Milliseconds from spawning `wrangler dev` until /healthz answered. */
  bootMs: number;
  /** Posts a signed webhook (or a deliberately mis-signed one, with `signature`). */
  send(event: string, payload: unknown, options?: { deliveryId?: string; signature?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** Extra or overriding Worker variables. */
  vars?: Record<string, string>;
  /** Which PEM encoding of the App key to hand the Worker. Default "pkcs1". */
  privateKey?: "pkcs1" | "pkcs8";
  /** How long to wait for /healthz. Default 90 s (the first bundle takes a few seconds). */
  bootTimeoutMs?: number;
}

export async function startWorker(cluster: TestCluster, options: WorkerOptions = {}): Promise<WorkerUnderTest> {
  const stateDir = mkdtempSync(join(tmpdir(), "devspaces-worker-"));
  const credentials = createTestAppCredentials();
  const github = await startGitHubFake({
    appId: credentials.appId,
    publicKey: credentials.publicKey,
    installations: [{ id: INSTALLATION_ID, account: ORG, accountType: "Organization" }],
  });
  const identity = installProvisionerIdentity(cluster, stateDir);
  const kubeProxy = await startKubeProxy({ server: cluster.server, caPath: cluster.caPath });

  const vars: Record<string, string> = {
    ...testAppEnv(credentials, github.url),
    ...(options.privateKey === "pkcs8" ? { GITHUB_APP_PRIVATE_KEY: credentials.privateKeyPkcs8 } : {}),
    KUBE_API_URL: kubeProxy.url,
    KUBE_TOKEN: identity.token,
    ...options.vars,
  };
  // An env file rather than --var flags: the PEM key spans lines, and secrets stay out of `ps`.
  // With --env-file, wrangler ignores any .dev.vars in the repository.
  const envFile = join(stateDir, "worker.env");
  writeFileSync(envFile, toDotEnv(vars), { mode: 0o600 });

  const wranglerEnv = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
    // An edit to wrangler.toml during the run must not reload the Worker under test.
    WRANGLER_CI_DISABLE_CONFIG_WATCHING: "true",
    // Keep wrangler's own log files out of the user's home.
    WRANGLER_LOG_PATH: join(stateDir, "wrangler-logs"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    CI: "1",
  };
  let bundle: WorkerUnderTest["bundle"];
  try {
    bundle = buildBundle(join(stateDir, "bundle"), wranglerEnv);
  } catch (error) {
    await kubeProxy.close();
    await github.close();
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  const inspectorPort = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "--eval",
      GUARDIAN,
      String(process.pid),
      process.execPath,
      WRANGLER,
      "dev",
      bundle.path,
      "--no-bundle",
      "--config",
      join(REPO_ROOT, "wrangler.toml"),
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      // Not inside the bundle's directory: with --no-bundle wrangler watches that directory,
      // and state written there would reload the Worker in a loop.
      "--persist-to",
      join(stateDir, "wrangler-state"),
      "--env-file",
      envFile,
      "--show-interactive-dev-session=false",
      // "log", not "info": the Worker's console.log lines are what explain a failed run.
      "--log-level",
      "log",
    ],
    {
      cwd: REPO_ROOT,
      // Its own process group (the guardian leads it), so close() can stop wrangler and the
      // workerd it spawned together.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: wranglerEnv,
    },
  );
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    // Keep the tail: enough to explain a failure, bounded for long runs.
    if (output.length > 400_000) output = output.slice(-200_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcessGroup(child, exited);
    await kubeProxy.close().catch(() => {});
    await github.close().catch(() => {});
    rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForHealthz(url, exited, options.bootTimeoutMs ?? 90_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const bootMs = Math.round(performance.now() - started);

  return {
    url,
    github,
    kubeProxy,
    kubeToken: identity.token,
    output: () => output,
    bundle,
    bootMs,
    async send(event, payload, sendOptions = {}) {
      const body = JSON.stringify(payload);
      const headers = webhookHeaders({ event, body, secret: WEBHOOK_SECRET, deliveryId: sendOptions.deliveryId ?? randomUUID() });
      if (sendOptions.signature === null) delete headers["x-hub-signature-256"];
      else if (sendOptions.signature !== undefined) headers["x-hub-signature-256"] = sendOptions.signature;
      return fetch(`${url}/webhooks/github`, { method: "POST", headers, body });
    },
    close: stop,
  };
}

/**
 * Runs wrangler as its child and leads the process group. If the test process dies without
 * calling close() (Ctrl-C reaches vitest's process group, not ours; or a SIGKILL), it kills the
 * group, so no wrangler or workerd outlives the run. Arguments: parent pid, then the command.
 */
const GUARDIAN = `
import { spawn } from "node:child_process";
const [parent, command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: "inherit" });
const killGroup = () => { try { process.kill(-process.pid, "SIGKILL"); } catch {} };
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => { child.kill(s); setTimeout(killGroup, 5000).unref(); });
setInterval(() => { try { process.kill(Number(parent), 0); } catch { killGroup(); } }, 500);
`;

/** `wrangler deploy --dry-run`: bundles as for an upload, offline, without deploying. */
function buildBundle(outDir: string, env: NodeJS.ProcessEnv): WorkerUnderTest["bundle"] {
  const started = performance.now();
  const build = spawnSync(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", outDir], {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (build.status !== 0) {
    throw new Error(`wrangler deploy --dry-run failed (${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
  }
  const path = join(outDir, "worker.js");
  const script = readFileSync(path);
  return { path, rawBytes: script.length, gzipBytes: gzipSync(script).length, buildMs: Math.round(performance.now() - started) };
}

/** dotenv syntax: double-quoted, with backslashes, quotes and newlines escaped (dotenv expands \n). */
function toDotEnv(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`not an env var name: ${name}`);
      if (/["\\$`]/.test(value)) throw new Error(`${name}: value needs quoting this helper does not do`);
      return `${name}="${value.replaceAll("\r", "").replaceAll("\n", "\\n")}"`;
    })
    .join("\n");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function waitForHealthz(url: string, exited: Promise<number | null>, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`wrangler dev exited (${exitCode}) before the Worker answered /healthz:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String((error as Error).cause ?? error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Worker did not answer ${url}/healthz within ${timeoutMs} ms (last: ${last}):\n${output()}`);
}

/** SIGTERM to the whole group (wrangler and workerd), then SIGKILL if it lingers. */
async function stopProcessGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killGroup(child.pid, "SIGKILL"); // workerd may outlive a crashed wrangler
    return;
  }
  killGroup(child.pid, "SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5_000))]);
  // Also when wrangler exited: a workerd left in the group must not outlive the test.
  killGroup(child.pid, "SIGKILL");
  if (timedOut) await exited;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
