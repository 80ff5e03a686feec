// Issues: create, list (with GitHub's filters), get, update and add labels.
import { fields, type Handler, type HandlerInput, int, notFound, str } from "../handler.ts";
import { paginate } from "../pagination.ts";
import { issueShape, labelShape } from "../shapes.ts";
import {
  ensureLabel,
  ensureRepo,
  ensureUser,
  findIssue,
  findRepo,
  type IssueRecord,
  key,
  nextId,
  nextIssueNumber,
  commentsOf,
  timestamp,
} from "../store.ts";

/** Label entries may be names or `{ name }` objects. */
export function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (typeof entry === "string" ? entry : fields(entry).name))
    .filter((name): name is string => typeof name === "string" && name !== "");
}

function assigneeLogins(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (typeof entry === "string" ? entry : fields(entry).login))
    .filter((login): login is string => typeof login === "string" && login !== "");
}

function setLabels({ ctx, path }: HandlerInput, issue: IssueRecord, names: string[]): void {
  const repo = ensureRepo(ctx.store, str(path.owner), str(path.repo));
  const canonical = names.map((name) => ensureLabel(ctx.store, repo, name).name);
  issue.labels = [...new Map(canonical.map((name) => [name.toLowerCase(), name])).values()];
}

const create: Handler = (input) => {
  const { ctx, path, body, actor, principal } = input;
  const request = fields(body);
  const repo = ensureRepo(ctx.store, str(path.owner), str(path.repo));
  const now = timestamp(ctx.store);
  const assignees = "assignees" in request
    ? assigneeLogins(request.assignees)
    : typeof request.assignee === "string"
      ? [request.assignee]
      : [];
  for (const login of assignees) ensureUser(ctx.store, login);
  const issue: IssueRecord = {
    id: nextId(ctx.store, "issue"),
    owner: repo.owner,
    repo: repo.name,
    number: nextIssueNumber(repo),
    title: String(request.title),
    body: typeof request.body === "string" ? request.body : null,
    user: actor,
    labels: [],
    assignees,
    state: "open",
    stateReason: null,
    locked: false,
    isPullRequest: false,
    viaApp: principal.kind !== "app",
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
  };
  setLabels(input, issue, labelNames(request.labels));
  repo.issues.set(issue.number, issue);
  const shape = issueShape(ctx, issue);
  return { status: 201, body: shape, headers: { location: String(shape.url) } };
};

function matchesFilters(issue: IssueRecord, query: Record<string, unknown>, ctxStore: HandlerInput["ctx"]["store"]): boolean {
  const state = typeof query.state === "string" ? query.state : "open";
  if (state !== "all" && issue.state !== state) return false;
  if (typeof query.labels === "string" && query.labels !== "") {
    const wanted = query.labels.split(",").map((label) => label.trim().toLowerCase()).filter(Boolean);
    const have = new Set(issue.labels.map((label) => label.toLowerCase()));
    if (!wanted.every((label) => have.has(label))) return false;
  }
  if (typeof query.creator === "string" && key(query.creator) !== key(issue.user)) return false;
  if (typeof query.assignee === "string") {
    if (query.assignee === "none" ? issue.assignees.length > 0 : query.assignee === "*" ? issue.assignees.length === 0 : !issue.assignees.some((login) => key(login) === key(String(query.assignee)))) {
      return false;
    }
  }
  if (typeof query.mentioned === "string") {
    const mention = `@${query.mentioned.toLowerCase()}`;
    const texts = [issue.body ?? "", ...commentsOf(ctxStore, issue.owner, issue.repo, issue.number).map((c) => c.body)];
    if (!texts.some((text) => text.toLowerCase().includes(mention))) return false;
  }
  // Milestones are not modelled: every issue has none.
  if (typeof query.milestone === "string" && query.milestone !== "none") return false;
  if (typeof query.since === "string" && Date.parse(issue.updatedAt) < Date.parse(query.since)) return false;
  return true;
}

const list: Handler = ({ ctx, path, query, url }) => {
  const repo = findRepo(ctx.store, str(path.owner), str(path.repo));
  const issues = [...(repo?.issues.values() ?? [])].filter((issue) => matchesFilters(issue, query, ctx.store));
  const sort = typeof query.sort === "string" ? query.sort : "created";
  const sign = query.direction === "asc" ? 1 : -1;
  const sortKey = (issue: IssueRecord): number =>
    sort === "updated"
      ? Date.parse(issue.updatedAt)
      : sort === "comments"
        ? commentsOf(ctx.store, issue.owner, issue.repo, issue.number).length
        : Date.parse(issue.createdAt);
  issues.sort((a, b) => sign * (sortKey(a) - sortKey(b) || a.number - b.number));
  const page = paginate(issues, query, url);
  return {
    status: 200,
    body: page.items.map((issue) => issueShape(ctx, issue)),
    headers: page.headers,
  };
};

const get: Handler = ({ ctx, path }) => {
  const issue = findIssue(ctx.store, str(path.owner), str(path.repo), int(path.issue_number));
  return issue ? { status: 200, body: issueShape(ctx, issue) } : notFound();
};

const update: Handler = (input) => {
  const { ctx, path, body, actor } = input;
  const issue = findIssue(ctx.store, str(path.owner), str(path.repo), int(path.issue_number));
  if (!issue) return notFound();
  const request = fields(body);
  const now = timestamp(ctx.store);
  if ("title" in request && request.title !== null) issue.title = String(request.title);
  if ("body" in request) issue.body = typeof request.body === "string" ? request.body : null;
  if ("labels" in request) setLabels(input, issue, labelNames(request.labels));
  if ("assignees" in request) issue.assignees = assigneeLogins(request.assignees);
  else if ("assignee" in request) issue.assignees = typeof request.assignee === "string" ? [request.assignee] : [];
  for (const login of issue.assignees) ensureUser(ctx.store, login);
  const reason = request.state_reason as IssueRecord["stateReason"] | undefined;
  if (request.state === "closed" && issue.state === "open") {
    issue.state = "closed";
    issue.closedAt = now;
    issue.closedBy = actor;
    issue.stateReason = reason ?? "completed";
  } else if (request.state === "open" && issue.state === "closed") {
    issue.state = "open";
    issue.closedAt = null;
    issue.closedBy = null;
    issue.stateReason = "reopened";
  }
  issue.updatedAt = now;
  return { status: 200, body: issueShape(ctx, issue) };
};

const addLabels: Handler = (input) => {
  const { ctx, path, body } = input;
  const owner = str(path.owner);
  const repoName = str(path.repo);
  const issue = findIssue(ctx.store, owner, repoName, int(path.issue_number));
  if (!issue) return notFound();
  setLabels(input, issue, [...issue.labels, ...labelNames(fields(body).labels)]);
  issue.updatedAt = timestamp(ctx.store);
  const repo = ensureRepo(ctx.store, owner, repoName);
  const labels = issue.labels.map((name) => labelShape(ctx, issue.owner, issue.repo, ensureLabel(ctx.store, repo, name)));
  return { status: 200, body: labels };
};

export const issueHandlers: Record<string, Handler> = {
  "issues/create": create,
  "issues/list-for-repo": list,
  "issues/get": get,
  "issues/update": update,
  "issues/add-labels": addLabels,
};
