/**
 * Runs a comment command: acknowledge (👀), find the devspace, authorise, take the devspace's
 * lock, run the handler, reply, refresh the status comment, and react with the outcome (🚀/😕).
 * Unauthorised senders get a polite refusal and nothing changes.
 */
import { renderHelp } from "../commands/render-help.ts";
import { findCommand } from "../commands/registry.ts";
import { acquireLock, releaseLock } from "../cluster/lease-lock.ts";
import type { DevspaceRecord } from "../devspace/record.ts";
import { describeError } from "../errors.ts";
import type { GitHub } from "../github/port.ts";
import type { Step } from "../runner/step.ts";
import { authorize } from "./authorize.ts";
import type { CommandHandler } from "./command-context.ts";
import type { OperationDeps } from "./deps.ts";
import { readRecord } from "./devspace-state.ts";
import { recordedState, refreshStatus } from "./devspace-status.ts";
import { deleteDevspace } from "./delete.ts";
import { findDevspaceByIssue } from "./find-devspace.ts";
import type { CommandIntent } from "./intent.ts";
import { restoreSnapshot } from "./restore.ts";
import { takeSnapshot } from "./snapshot.ts";
import { startWorkstation } from "./start.ts";
import { stopWorkstation } from "./stop.ts";

/** Handlers of the commands that act on a devspace; /help needs none. */
const HANDLERS: Record<string, CommandHandler> = {
  status: async () => undefined,
  snapshot: takeSnapshot,
  restore: restoreSnapshot,
  stop: stopWorkstation,
  start: startWorkstation,
  delete: deleteDevspace,
};

export async function runCommand(intent: CommandIntent, step: Step, deps: OperationDeps, runId: string): Promise<void> {
  const github = deps.github(intent.installationId);
  const reply = (name: string, body: string) => step.do(`reply-${name}`, () => github.createComment(intent.issue, body));
  const react = (content: "eyes" | "rocket" | "confused") =>
    step.do(`react-${content}`, () => github.addReaction(intent.issue, intent.commentId, content));

  await react("eyes");
  const record = await step.do("find-devspace", () => findDevspaceByIssue(deps.cluster, intent.issue));
  const allowed = await step.do("authorize", () => authorize(deps, github, record, intent.sender));
  if (!allowed.ok) {
    await reply("refused", allowed.message);
    await react("confused");
    return;
  }

  const { decision } = intent;
  if (decision.kind === "unknown") {
    const hint = decision.suggestion ? `Did you mean \`/${decision.suggestion}\`? ` : "";
    await reply("unknown", `\`/${decision.word}\` is not a Devspaces command. ${hint}\n\n${renderHelp()}`);
    await react("confused");
    return;
  }
  if (decision.kind === "invalid") {
    await reply("invalid", `${decision.message}\n\nUsage: \`${findCommand(decision.name)?.usage ?? `/${decision.name}`}\``);
    await react("confused");
    return;
  }
  if (decision.name === "help") {
    await reply("help", renderHelp());
    await react("rocket");
    return;
  }
  const handler = HANDLERS[decision.name];
  if (!record || !handler) {
    await reply("no-devspace", `No devspace belongs to this issue, so there is nothing to run \`/${decision.name}\` on.`);
    await react("confused");
    return;
  }

  const holder = { id: runId, operation: `/${decision.name} (comment ${intent.commentId})` };
  const lockOptions = { namespace: deps.config.systemNamespace, ttlSeconds: deps.config.lockTtlSeconds };
  try {
    await step.do("lock", () => acquireLock(deps.cluster, record.slug, holder, lockOptions));
  } catch (error) {
    await reply("busy", describeError(error));
    await react("confused");
    return;
  }
  try {
    const message = await handler({ intent, args: decision.args, record, step, deps, github, runId });
    if (message) await reply("outcome", message);
    await step.do("refresh-status", () => refreshFromCluster(deps, github, record));
    await react("rocket");
  } catch (error) {
    deps.log("command failed", { command: decision.name, slug: record.slug, error: String(error) });
    // Refusals and failures alike: the message says what happened and whether anything changed.
    await reply("failed", `⚠️ \`/${decision.name}\`: ${describeError(error)}`);
    await step.do("refresh-status-after-failure", () => refreshFromCluster(deps, github, record).catch(() => undefined));
    await react("confused");
  } finally {
    await step.do("unlock", () => releaseLock(deps.cluster, record.slug, holder, lockOptions));
  }
}

/** The handler may have changed the devspace's state: read it again before showing it. */
async function refreshFromCluster(deps: OperationDeps, github: GitHub, record: DevspaceRecord): Promise<void> {
  const fresh = (await readRecord(deps.cluster, record.namespace)) ?? record;
  await refreshStatus(deps, github, fresh, recordedState(fresh));
}
