// Signed, real-shaped webhook deliveries for tests. Payloads start from the community examples
// in @octokit/webhooks-examples (the first example of each event/action) and override only the
// fields our code reads, so every other field keeps the shape GitHub sends.
import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { EmitterWebhookEvent } from "@octokit/webhooks";
import { derivedId } from "./github-fake/store.ts";

type Json = Record<string, unknown>;
type ExampleSet = { name: string; examples: Json[] };

export type IssuesOpenedPayload = EmitterWebhookEvent<"issues.opened">["payload"];
export type IssueCommentCreatedPayload = EmitterWebhookEvent<"issue_comment.created">["payload"];
export type MembershipPayload = EmitterWebhookEvent<"membership.added" | "membership.removed">["payload"];

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as in the X-Hub-Signature-256 header. */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export type WebhookHeadersInput = {
  event: string;
  body: string;
  secret: string;
  deliveryId?: string;
  hookId?: number;
  appId?: number;
};

/** The headers GitHub sends with an App webhook delivery (names lower-case, as Node sees them). */
export function webhookHeaders(input: WebhookHeadersInput): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/5f2c1a7",
    "x-github-event": input.event,
    "x-github-delivery": input.deliveryId ?? randomUUID(),
    "x-github-hook-id": String(input.hookId ?? 512_345_678),
    "x-github-hook-installation-target-type": "integration",
    "x-hub-signature": `sha1=${createHmac("sha1", input.secret).update(input.body, "utf8").digest("hex")}`,
    "x-hub-signature-256": signWebhook(input.body, input.secret),
  };
  if (input.appId !== undefined) headers["x-github-hook-installation-target-id"] = String(input.appId);
  return headers;
}

let exampleSets: ExampleSet[] | undefined;

function example(event: string, action: string): Json {
  exampleSets ??= createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleSet[];
  const found = exampleSets.find((set) => set.name === event)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(found);
}

function object(value: unknown, what: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`example has no ${what} object`);
  return value as Json;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Rewrites every string inside `value` (deeply, in place for objects) with `rewrite`. */
function mapStrings<T>(value: T, rewrite: (text: string) => string): T {
  if (typeof value === "string") return rewrite(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, rewrite)) as T;
  if (value !== null && typeof value === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, rewrite);
    return out as T;
  }
  return value;
}

function legacyNodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

/** The example's user object, re-pointed at another account (all URLs follow the login). */
function retargetAccount(original: unknown, login: string, id: number, type: "User" | "Organization" | "Bot" = "User"): Json {
  const account = object(original, "account");
  const oldLogin = String(account.login);
  const oldId = String(account.id);
  const loginInPath = new RegExp(`/${escapeRegExp(oldLogin)}(?=$|[/{?#])`, "g");
  const rewritten = mapStrings(account, (text) => text.replace(loginInPath, `/${login}`).replace(`/u/${oldId}?`, `/u/${id}?`));
  return {
    ...rewritten,
    login,
    id,
    node_id: legacyNodeId(type === "Organization" ? "Organization" : type, id),
    ...("type" in account ? { type } : {}),
  };
}

/** The same id the GitHub fake gives an unseeded login, so payloads and API answers agree. */
const idFor = derivedId;

type RepoTarget = { owner: string; repo: string; ownerId?: number; ownerType?: "User" | "Organization"; repoId?: number };

function retargetRepository(payload: Json, target: RepoTarget): { fullName: string } {
  const repository = object(payload.repository, "repository");
  const oldFullName = String(repository.full_name);
  const fullName = `${target.owner}/${target.repo}`;
  const ownerType = target.ownerType ?? "Organization";
  const ownerId = target.ownerId ?? idFor(target.owner);
  // Every URL anywhere in the payload that names the example repository now names ours.
  for (const name of Object.keys(payload)) {
    payload[name] = mapStrings(payload[name], (text) => text.split(oldFullName).join(fullName));
  }
  const rewritten = object(payload.repository, "repository");
  payload.repository = {
    ...rewritten,
    id: target.repoId ?? idFor(fullName) + 800_000_000,
    node_id: legacyNodeId("Repository", target.repoId ?? idFor(fullName) + 800_000_000),
    name: target.repo,
    full_name: fullName,
    owner: retargetAccount(rewritten.owner, target.owner, ownerId, ownerType),
  };
  if (ownerType === "Organization") payload.organization = organizationObject(target.owner, ownerId);
  else delete payload.organization;
  return { fullName };
}

function organizationObject(login: string, id: number): Json {
  const org = object(example("membership", "added").organization, "organization");
  const oldLogin = String(org.login);
  const loginInPath = new RegExp(`/${escapeRegExp(oldLogin)}(?=$|[/{?#])`, "g");
  const rewritten = mapStrings(org, (text) => text.replace(loginInPath, `/${login}`).replace(`/u/${String(org.id)}?`, `/u/${id}?`));
  return { ...rewritten, login, id, node_id: legacyNodeId("Organization", id) };
}

function installationObject(id: number): Json {
  return { id, node_id: legacyNodeId("IntegrationInstallation", id) };
}

/** Label objects in the shape of the example's first label. */
function labelObjects(template: unknown, fullName: string, names: string[]): Json[] {
  const base = Array.isArray(template) && template[0] ? object(template[0], "label") : {};
  return names.map((name) => {
    const id = idFor(`${fullName}:${name}`) + 1_300_000_000;
    return {
      ...base,
      id,
      node_id: legacyNodeId("Label", id),
      url: `https://api.github.com/repos/${fullName}/labels/${encodeURIComponent(name)}`,
      name,
      color: "ededed",
      default: false,
      description: null,
    };
  });
}

type IssueTarget = {
  issueNumber: number;
  login: string;
  userId?: number;
  title?: string;
  body?: string | null;
  labels?: string[];
  isPullRequest?: boolean;
};

function retargetIssue(payload: Json, fullName: string, target: IssueTarget): void {
  const issue = object(payload.issue, "issue");
  const oldNumber = String(issue.number);
  const issuePath = new RegExp(`(${escapeRegExp(fullName)})/issues/${oldNumber}(?=$|[/{?#])`, "g");
  const rewritten = mapStrings(issue, (text) => text.replace(issuePath, `$1/issues/${target.issueNumber}`));
  const htmlUrl = `https://github.com/${fullName}/${target.isPullRequest ? "pull" : "issues"}/${target.issueNumber}`;
  const issueId = idFor(`${fullName}#${target.issueNumber}`) + 2_000_000_000;
  const updated: Json = {
    ...rewritten,
    id: issueId,
    node_id: legacyNodeId(target.isPullRequest ? "PullRequest" : "Issue", issueId),
    number: target.issueNumber,
    html_url: htmlUrl,
    user: retargetAccount(issue.user, target.login, target.userId ?? idFor(target.login)),
    labels: labelObjects(issue.labels, fullName, target.labels ?? []),
    assignee: null,
    assignees: [],
    milestone: null,
    state: "open",
    closed_at: null,
    author_association: "NONE",
  };
  if (target.title !== undefined) updated.title = target.title;
  if (target.body !== undefined) updated.body = target.body;
  if (target.isPullRequest) {
    updated.pull_request = {
      url: `https://api.github.com/repos/${fullName}/pulls/${target.issueNumber}`,
      html_url: htmlUrl,
      diff_url: `${htmlUrl}.diff`,
      patch_url: `${htmlUrl}.patch`,
      merged_at: null,
    };
  } else {
    delete updated.pull_request;
  }
  payload.issue = updated;
}

export type IssuesOpenedInput = {
  owner: string;
  repo: string;
  issueNumber: number;
  login: string;
  userId?: number;
  title?: string;
  body: string;
  labels?: string[];
  installationId: number;
  isPullRequest?: boolean;
  ownerId?: number;
  ownerType?: "User" | "Organization";
};

/** `issues` / `opened`, as the issue form submits it. */
export function issuesOpenedPayload(input: IssuesOpenedInput): IssuesOpenedPayload {
  const payload = example("issues", "opened");
  const { fullName } = retargetRepository(payload, input);
  retargetIssue(payload, fullName, { ...input, title: input.title ?? "Devspace request" });
  payload.sender = retargetAccount(payload.sender, input.login, input.userId ?? idFor(input.login));
  payload.installation = installationObject(input.installationId);
  return payload as unknown as IssuesOpenedPayload;
}

export type IssueCommentInput = {
  owner: string;
  repo: string;
  issueNumber: number;
  /** The commenter. */
  login: string;
  userId?: number;
  commentId: number;
  body: string;
  installationId: number;
  isPullRequest?: boolean;
  /** The issue's author; defaults to the commenter. */
  issueAuthor?: { login: string; id?: number };
  issueTitle?: string;
  issueBody?: string;
  issueLabels?: string[];
  ownerId?: number;
  ownerType?: "User" | "Organization";
};

/** `issue_comment` / `created`. */
export function issueCommentPayload(input: IssueCommentInput): IssueCommentCreatedPayload {
  const payload = example("issue_comment", "created");
  const { fullName } = retargetRepository(payload, input);
  const author = input.issueAuthor ?? { login: input.login, id: input.userId };
  retargetIssue(payload, fullName, {
    issueNumber: input.issueNumber,
    login: author.login,
    ...(author.id === undefined ? {} : { userId: author.id }),
    ...(input.issueTitle === undefined ? {} : { title: input.issueTitle }),
    ...(input.issueBody === undefined ? {} : { body: input.issueBody }),
    labels: input.issueLabels ?? [],
    ...(input.isPullRequest === undefined ? {} : { isPullRequest: input.isPullRequest }),
  });

  const comment = object(payload.comment, "comment");
  const oldId = String(comment.id);
  const rewritten = mapStrings(comment, (text) =>
    text
      .replace(new RegExp(`/issues/comments/${oldId}$`), `/issues/comments/${input.commentId}`)
      .replace(new RegExp(`#issuecomment-${oldId}$`), `#issuecomment-${input.commentId}`)
      .replace(/\/issues\/\d+(?=$|#)/, `/issues/${input.issueNumber}`),
  );
  const commentHtml = `https://github.com/${fullName}/${input.isPullRequest ? "pull" : "issues"}/${input.issueNumber}#issuecomment-${input.commentId}`;
  payload.comment = {
    ...rewritten,
    html_url: commentHtml,
    id: input.commentId,
    node_id: legacyNodeId("IssueComment", input.commentId),
    body: input.body,
    user: retargetAccount(comment.user, input.login, input.userId ?? idFor(input.login)),
    author_association: "NONE",
  };
  payload.sender = retargetAccount(payload.sender, input.login, input.userId ?? idFor(input.login));
  payload.installation = installationObject(input.installationId);
  return payload as unknown as IssueCommentCreatedPayload;
}

export type MembershipInput = {
  action: "added" | "removed";
  org: string;
  orgId?: number;
  teamSlug: string;
  teamId: number;
  teamName?: string;
  /** The member who was added or removed. */
  login: string;
  userId?: number;
  installationId: number;
  /** The org admin who made the change; defaults to the example's sender. */
  sender?: { login: string; id?: number };
};

/** `membership` / `added` or `removed`, scope "team". */
export function membershipPayload(input: MembershipInput): MembershipPayload {
  const payload = example("membership", input.action);
  const orgId = input.orgId ?? idFor(input.org);
  payload.member = retargetAccount(payload.member, input.login, input.userId ?? idFor(input.login));
  const team = object(payload.team, "team");
  payload.team = {
    ...team,
    id: input.teamId,
    node_id: legacyNodeId("Team", input.teamId),
    name: input.teamName ?? input.teamSlug,
    slug: input.teamSlug,
    url: `https://api.github.com/teams/${input.teamId}`,
    html_url: `https://github.com/orgs/${input.org}/teams/${input.teamSlug}`,
  };
  payload.organization = organizationObject(input.org, orgId);
  if (input.sender) {
    payload.sender = retargetAccount(payload.sender, input.sender.login, input.sender.id ?? idFor(input.sender.login));
  }
  payload.installation = installationObject(input.installationId);
  return payload as unknown as MembershipPayload;
}
