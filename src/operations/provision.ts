/**
 * Provision: lock the devspace, check it is ours to (re)build, apply every object with
 * server-side apply, wait for Ready, and keep the status comment current. Each step is
 * idempotent, so a redelivered or relabelled request converges on one devspace.
 */
import { acquireLock, BusyError, releaseLock } from "../cluster/lease-lock.ts";
import { ANNOTATION_HOME_ISSUE } from "../devspace/labels.ts";
import { checkNamespaceOwner } from "../devspace/naming.ts";
import { deriveCookieSecret } from "../devspace/oauth-cookie.ts";
import { buildDevspaceObjects } from "../devspace/resources/index.ts";
import { createDevspaceSpec } from "../devspace/spec.ts";
import type { DevspaceSpec, KubeObject } from "../devspace/types.ts";
import { DevspaceError, describeError } from "../errors.ts";
import { statusMarker } from "../github/markers.ts";
import type { GitHub } from "../github/port.ts";
import { type DevspaceState, renderStatus } from "../github/render-status.ts";
import type { Step } from "../runner/step.ts";
import { clearArchive } from "./archive.ts";
import type { OperationDeps } from "./deps.ts";
import { setDevspaceState } from "./devspace-state.ts";
import type { ProvisionIntent } from "./intent.ts";
import { waitUntilReady } from "./wait-ready.ts";

const LOCK_WAIT_MS = 120_000;

export async function provision(intent: ProvisionIntent, step: Step, deps: OperationDeps, runId: string): Promise<void> {
  const { cluster, config } = deps;
  const github = deps.github(intent.installationId);
  const spec = createDevspaceSpec({
    login: intent.login,
    userId: intent.userId,
    form: intent.form,
    home: intent.issue,
    settings: config.settings,
  });
  const holder = { id: runId, operation: `provision (${formatIssue(spec)})` };
  const lockOptions = { namespace: config.systemNamespace, ttlSeconds: config.lockTtlSeconds };
  const showStatus = (state: DevspaceState, detail?: string) =>
    step.do(`status-${state}`, () => upsertStatus(github, spec, state, detail, deps.now?.() ?? new Date()));

  // A relabel while a provision runs waits its turn rather than failing.
  let locked: Awaited<ReturnType<typeof waitForLock>>;
  try {
    locked = await step.do("lock", () => waitForLock(() => acquireLock(cluster, spec.slug, holder, lockOptions)));
  } catch (error) {
    // Not even the lock could be taken (the API server refused or was unreachable): say so.
    deps.log("provision could not start", { slug: spec.slug, error: String(error) });
    await showStatus("failed", describeError(error));
    return;
  }
  if (!locked.ok) {
    await step.do("reply-busy", () => github.createComment(intent.issue, locked.message));
    return;
  }
  try {
    await step.do("check-ownership", () => checkOwnership(deps, spec));
    if (!intent.firstStatusWhenDone) await showStatus("provisioning", "Creating your workstation and its home volume.");
    const authorizedKeys = await step.do("fetch-ssh-keys", () => github.userPublicKeys(spec.login));
    await step.do("apply", () => applyDevspace(deps, spec, authorizedKeys));
    await waitUntilReady(step, cluster, spec.namespace, config.readyTimeoutMs);
    await step.do("mark-ready", () => setDevspaceState(cluster, spec.namespace, "ready"));
    await showStatus("ready");
  } catch (error) {
    deps.log("provision failed", { slug: spec.slug, error: String(error), cause: String((error as Error).cause) });
    const message = describeError(error);
    // Ownership problems are not this devspace's failure: leave its state alone.
    if (!(error instanceof DevspaceError && error.code.startsWith("devspace.owned"))) {
      await step.do("mark-failed", () => setDevspaceState(cluster, spec.namespace, "failed").catch(() => undefined));
      await showStatus("failed", message);
    } else {
      await step.do("reply-refused", () => github.createComment(intent.issue, message));
    }
  } finally {
    await step.do("unlock", () => releaseLock(cluster, spec.slug, holder, lockOptions));
  }
}

async function waitForLock(acquire: () => Promise<void>): Promise<{ ok: true } | { ok: false; message: string }> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 1000; ; delay = Math.min(delay * 2, 15_000)) {
    try {
      await acquire();
      return { ok: true };
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
      if (Date.now() + delay > deadline) return { ok: false, message: error.message };
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The namespace is ours to (re)build only if it is new, or already belongs to this login and
 * this issue. A slug collision or a second request issue from the same person changes nothing.
 */
async function checkOwnership({ cluster }: OperationDeps, spec: DevspaceSpec): Promise<void> {
  const existing = await cluster.get<KubeObject>({ apiVersion: "v1", kind: "Namespace", name: spec.namespace });
  if (!existing) return;
  const annotations = existing.metadata.annotations ?? {};
  const owner = checkNamespaceOwner(annotations, { login: spec.login, userId: spec.userId });
  if (owner.owner === "unknown") {
    throw new DevspaceError(
      "devspace.owned_by_other",
      `The namespace \`${spec.namespace}\` already exists and was not created by Devspaces, so nothing was changed. Ask the platform team to look at it.`,
    );
  }
  if (owner.owner === "someone-else") {
    throw new DevspaceError(
      "devspace.owned_by_other",
      `The devspace name \`${spec.slug}\` already belongs to another GitHub account${owner.login ? ` (@${owner.login})` : ""}, so nothing was changed. Ask the platform team to resolve the clash.`,
    );
  }
  const homeIssue = annotations[ANNOTATION_HOME_ISSUE];
  if (homeIssue && homeIssue !== formatIssue(spec)) {
    throw new DevspaceError(
      "devspace.owned_elsewhere",
      `@${spec.login} already has a devspace, managed in ${homeIssue}. Use that issue for commands; nothing was changed here.`,
    );
  }
}

async function applyDevspace({ cluster, config }: OperationDeps, spec: DevspaceSpec, authorizedKeys: string[]): Promise<void> {
  const cookieSecret = await deriveCookieSecret(config.oauth.cookieKey, spec.slug);
  const objects = buildDevspaceObjects(spec, {
    clientId: config.oauth.clientId,
    clientSecret: config.oauth.clientSecret,
    cookieSecret,
  }, { authorizedKeys });
  // In order: the namespace must exist before anything inside it.
  for (const object of objects) await cluster.apply(object);
  // Provisioning an archived devspace within its grace period brings it back.
  await clearArchive({ cluster }, spec.namespace);
  await setDevspaceState(cluster, spec.namespace, "provisioning");
}

async function upsertStatus(github: GitHub, spec: DevspaceSpec, state: DevspaceState, detail: string | undefined, now: Date) {
  return github.upsertComment(
    spec.home,
    statusMarker(spec.slug),
    renderStatus({
      slug: spec.slug,
      login: spec.login,
      state,
      url: `https://${spec.host}`,
      namespace: spec.namespace,
      size: spec.size,
      homeVolume: `${spec.homeVolumeGi}Gi`,
      detail,
      updatedAt: now,
    }),
  );
}

function formatIssue(spec: DevspaceSpec): string {
  return `${spec.home.owner}/${spec.home.repo}#${spec.home.number}`;
}
