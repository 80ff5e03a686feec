/**
 * Workers entry. The fetch handler is the shared hono app; long work runs in a Cloudflare
 * Workflow whose instance id is the webhook's delivery id, so a redelivery is a no-op.
 * The API server is reached with a bearer token through a publicly trusted endpoint.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { createApp } from "./app.ts";
import { boundCluster, KUBE_MAX_IN_FLIGHT } from "./cluster/bounded-cluster.ts";
import { connectWithToken } from "./cluster/connect-token.ts";
import { type AppConfig, loadConfig } from "./config.ts";
import { backupRunId, formatSlot } from "./devspace/retention.ts";
import { DevspaceError } from "./errors.ts";
import { createOctokitGitHub } from "./github/octokit-github.ts";
import { createSignatureVerifier } from "./github/verify-signature.ts";
import type { Logger, OperationDeps } from "./operations/deps.ts";
import type { ActionableIntent } from "./operations/intent.ts";
import { runIntent } from "./operations/run-intent.ts";
import type { Step } from "./runner/step.ts";

const log: Logger = (message, extra) => console.log(JSON.stringify({ message, ...extra }));

/** Config and clients, built once per isolate (bindings do not change while it lives). */
let cached: { env: Env; config: AppConfig; deps: OperationDeps } | undefined;
function depsFor(env: Env): OperationDeps {
  if (cached?.env !== env) {
    const vars = env as unknown as Record<string, unknown>;
    const config = loadConfig(vars);
    const cluster = boundCluster(
      connectWithToken({ server: requireVar(vars, "KUBE_API_URL"), token: requireVar(vars, "KUBE_TOKEN") }),
      KUBE_MAX_IN_FLIGHT,
    );
    const github = createOctokitGitHub(config.github);
    cached = { env, config, deps: { cluster, github, githubForRepository: github.forRepository, config, log } };
  }
  return cached.deps;
}

function requireVar(vars: Record<string, unknown>, name: string): string {
  const value = vars[name];
  if (typeof value !== "string" || value === "") throw new Error(`Devspaces configuration is invalid:\n  - ${name}: required`);
  return value;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const deps = depsFor(env);
    const app = createApp({
      verifySignature: createSignatureVerifier(deps.config.github.webhookSecret),
      route: { label: deps.config.label, onboardingTeamIds: deps.config.onboarding.teamIds },
      runner: {
        async start(id, params) {
          try {
            await env.OPERATIONS.create({ id, params });
            return "started";
          } catch (error) {
            // An instance with this id exists: GitHub redelivered the same event.
            if (/already exists|duplicate/i.test(String(error))) return "duplicate";
            throw error;
          }
        },
      },
      log,
    });
    return app.fetch(request, env, ctx);
  },

  /** Cron Trigger (wrangler.toml `[triggers] crons`): one Workflow per slot backs up every devspace. */
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    depsFor(env); // a bad configuration fails here, by name, rather than inside the Workflow
    const slot = formatSlot(new Date(controller.scheduledTime));
    const params: ActionableIntent = { kind: "scheduled-backup", slot };
    try {
      await env.OPERATIONS.create({ id: backupRunId(slot), params });
      log("scheduled backup started", { slot, cron: controller.cron });
    } catch (error) {
      // The same slot fired twice (a retried trigger): its Workflow is already running.
      if (!/already exists|duplicate/i.test(String(error))) throw error;
      log("scheduled backup already started", { slot });
    }
  },
} satisfies ExportedHandler<Env>;

export class OperationsWorkflow extends WorkflowEntrypoint<Env, ActionableIntent> {
  override async run(event: WorkflowEvent<ActionableIntent>, step: WorkflowStep): Promise<void> {
    await runIntent(event.payload, workflowStep(step), depsFor(this.env), event.instanceId);
  }
}

/**
 * Our Step over a Workflow step. Workflows retry thrown errors and then rethrow a plain Error,
 * losing our error type; so an expected, non-retryable failure leaves the step as a value and
 * is rethrown outside, and the message of an exhausted retry is kept.
 */
function workflowStep(step: WorkflowStep): Step {
  return {
    async do<T>(name: string, fn: () => Promise<T>): Promise<T> {
      type Outcome = { value: T } | { failure: { code: string; message: string } };
      let outcome: Outcome;
      try {
        outcome = (await step.do(name, { retries: { limit: 4, delay: "2 seconds", backoff: "exponential" } }, async () => {
          try {
            return { value: await fn() } as Rpc.Serializable<Outcome>;
          } catch (error) {
            if (error instanceof DevspaceError && !error.retryable) {
              return { failure: { code: error.code, message: error.message } } as Rpc.Serializable<Outcome>;
            }
            throw error;
          }
        })) as Outcome;
      } catch (error) {
        throw new DevspaceError("step.exhausted", (error as Error).message, { cause: error });
      }
      if ("failure" in outcome) throw new DevspaceError(outcome.failure.code, outcome.failure.message);
      return outcome.value;
    },
    sleep: (name, ms) => step.sleep(name, ms),
  };
}
