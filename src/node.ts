/**
 * Node entry: `npm start`. Credentials come from KUBECONFIG (or ~/.kube/config, or the pod's
 * service account in a cluster); long work runs in-process after the response.
 */
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { boundCluster, KUBE_MAX_IN_FLIGHT } from "./cluster/bounded-cluster.ts";
import { connectWithKubeConfig } from "./cluster/connect-kubeconfig.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createOctokitGitHub } from "./github/octokit-github.ts";
import { createSignatureVerifier } from "./github/verify-signature.ts";
import type { Logger, OperationDeps } from "./operations/deps.ts";
import type { ActionableIntent } from "./operations/intent.ts";
import { runIntent } from "./operations/run-intent.ts";
import { startBackupSchedule } from "./runner/backup-schedule.ts";
import { createInProcessRunner } from "./runner/in-process.ts";

export interface NodeServerOptions {
  env: Record<string, string | undefined>;
  port: number;
  hostname?: string;
  log?: Logger;
}

export function startNodeServer(options: NodeServerOptions) {
  const log: Logger = options.log ?? ((message, extra) => console.log(JSON.stringify({ message, ...extra })));
  const config = loadConfig(options.env);
  // Every run of a burst shares this process: their Kubernetes requests are capped together.
  const cluster = boundCluster(connectWithKubeConfig(options.env.KUBECONFIG), KUBE_MAX_IN_FLIGHT);
  const github = createOctokitGitHub(config.github);
  const deps: OperationDeps = { cluster, github, githubForRepository: github.forRepository, config, log };
  const runner = createInProcessRunner<ActionableIntent>(
    (intent, step, id) => runIntent(intent, step, deps, id),
    { log },
  );
  const backups = startBackupSchedule({ intervalMinutes: config.backup.intervalMinutes, runner, log });
  const app = createApp({
    verifySignature: createSignatureVerifier(config.github.webhookSecret),
    route: { label: config.label, onboardingTeamIds: config.onboarding.teamIds },
    runner,
    log,
  });
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => {
    listening = resolve;
  });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? "0.0.0.0" }, (info) =>
    listening(info.port),
  );
  return {
    server,
    runner,
    /** What operations run with (tests call an operation directly, e.g. a backup of a chosen slot). */
    deps,
    /** The bound port (useful with port 0). */
    port,
    /** Stops accepting requests, then lets running operations finish. */
    async close() {
      backups.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.idle();
    },
  };
}

if (import.meta.main) {
  try {
    const port = Number(process.env.PORT ?? 8787);
    const running = startNodeServer({ env: process.env, port });
    console.log(`devspaces listening on :${await running.port}`);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void running.close().then(() => process.exit(0)));
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
