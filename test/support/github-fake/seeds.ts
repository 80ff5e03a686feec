// Seeding state directly (the way GitHub would already hold it before a test starts) and reading
// it back as small plain views for assertions.
import {
  commentsOf,
  ensureLabel,
  ensureRepo,
  ensureUser,
  findRepo,
  type IssueRecord,
  nextId,
  nextIssueNumber,
  type ReactionRecord,
  reactionsOf,
  type Store,
  timestamp,
  type UserType,
} from "./store.ts";

export type UserRef = string | { login: string; id?: number };

export type SeedIssueInput = {
  owner: string;
  repo: string;
  number?: number;
  title: string;
  body?: string | null;
  user: UserRef;
  labels?: string[];
  assignees?: string[];
  state?: "open" | "closed";
  isPullRequest?: boolean;
  createdAt?: string;
};

export type SeedCommentInput = { owner: string; repo: string; issue: number; body: string; user: UserRef; createdAt?: string };

export type SeedTeamMember = string | { login: string; id?: number; role?: "member" | "maintainer"; state?: "active" | "pending" };

export type SeedTeamInput = {
  org: string;
  slug: string;
  id: number;
  name?: string;
  description?: string | null;
  privacy?: "closed" | "secret";
  members?: SeedTeamMember[];
};

export type SeedUserInput = { login: string; id?: number; name?: string; type?: UserType; keys?: string[]; createdAt?: string };

export type SeedInstallationInput = {
  id: number;
  account: string;
  accountType?: "User" | "Organization";
  /** Names of the selected repositories; omit for "all repositories". */
  repositories?: string[];
  permissions?: Record<string, string>;
  events?: string[];
};

export type IssueView = {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  labels: string[];
  assignees: string[];
  state: "open" | "closed";
  stateReason: string | null;
  isPullRequest: boolean;
  comments: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
};

export type CommentView = { id: number; issueNumber: number; body: string; user: string; createdAt: string; updatedAt: string };

export type ReactionView = { id: number; content: string; user: string; createdAt: string };

export type ReactionTarget = { issue: number } | { comment: number };

function userLogin(store: Store, ref: UserRef): string {
  if (typeof ref === "string") return ensureUser(store, ref).login;
  return ensureUser(store, ref.login, ref.id === undefined ? {} : { id: ref.id }).login;
}

export function seedUser(store: Store, input: SeedUserInput): void {
  const user = ensureUser(store, input.login, {
    ...(input.id === undefined ? {} : { id: input.id }),
    ...(input.type === undefined ? {} : { type: input.type }),
    ...(input.createdAt === undefined ? {} : { createdAt: input.createdAt }),
  });
  if (input.id !== undefined) user.id = input.id;
  if (input.name !== undefined) user.name = input.name;
  if (input.keys) user.keys = input.keys.map((key) => ({ id: nextId(store, "key"), key }));
}

export function seedIssue(store: Store, input: SeedIssueInput): IssueView {
  const repo = ensureRepo(store, input.owner, input.repo);
  const number = input.number ?? nextIssueNumber(repo);
  if (repo.issues.has(number)) throw new Error(`github-fake: ${input.owner}/${input.repo}#${number} already exists`);
  const createdAt = input.createdAt ?? timestamp(store);
  const closed = input.state === "closed";
  const issue: IssueRecord = {
    id: nextId(store, "issue"),
    owner: repo.owner,
    repo: repo.name,
    number,
    title: input.title,
    body: input.body ?? null,
    user: userLogin(store, input.user),
    labels: (input.labels ?? []).map((name) => ensureLabel(store, repo, name).name),
    assignees: (input.assignees ?? []).map((login) => ensureUser(store, login).login),
    state: closed ? "closed" : "open",
    stateReason: closed ? "completed" : null,
    locked: false,
    isPullRequest: input.isPullRequest ?? false,
    viaApp: false,
    createdAt,
    updatedAt: createdAt,
    closedAt: closed ? createdAt : null,
    closedBy: null,
  };
  repo.issues.set(number, issue);
  return issueView(store, issue);
}

export function seedComment(store: Store, input: SeedCommentInput): CommentView {
  const issue = findRepo(store, input.owner, input.repo)?.issues.get(input.issue);
  if (!issue) throw new Error(`github-fake: seed ${input.owner}/${input.repo}#${input.issue} before commenting on it`);
  const createdAt = input.createdAt ?? timestamp(store);
  const comment = {
    id: nextId(store, "comment"),
    owner: issue.owner,
    repo: issue.repo,
    issueNumber: issue.number,
    body: input.body,
    user: userLogin(store, input.user),
    viaApp: false,
    createdAt,
    updatedAt: createdAt,
  };
  store.comments.set(comment.id, comment);
  return commentView(comment);
}

export function seedTeam(store: Store, input: SeedTeamInput): void {
  const members = (input.members ?? []).map((member) => {
    const spec = typeof member === "string" ? { login: member } : member;
    const user = ensureUser(store, spec.login, spec.id === undefined ? {} : { id: spec.id });
    return { login: user.login, role: spec.role ?? "member", state: spec.state ?? "active" } as const;
  });
  store.teams.set(`${input.org}/${input.slug}`.toLowerCase(), {
    org: input.org,
    slug: input.slug,
    id: input.id,
    name: input.name ?? input.slug,
    description: input.description ?? null,
    privacy: input.privacy ?? "closed",
    members,
  });
}

export function seedInstallation(store: Store, input: SeedInstallationInput): void {
  store.installations.set(input.id, {
    id: input.id,
    account: input.account,
    accountType: input.accountType ?? "Organization",
    repositories: input.repositories,
    permissions: input.permissions ?? { issues: "write", metadata: "read", members: "read" },
    events: input.events ?? ["issue_comment", "issues", "membership"],
    createdAt: "2024-01-02T03:04:05Z",
  });
}

export function issueView(store: Store, issue: IssueRecord): IssueView {
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    user: issue.user,
    labels: [...issue.labels],
    assignees: [...issue.assignees],
    state: issue.state,
    stateReason: issue.stateReason,
    isPullRequest: issue.isPullRequest,
    comments: commentsOf(store, issue.owner, issue.repo, issue.number).length,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
  };
}

export function commentView(comment: { id: number; issueNumber: number; body: string; user: string; createdAt: string; updatedAt: string }): CommentView {
  const { id, issueNumber, body, user, createdAt, updatedAt } = comment;
  return { id, issueNumber, body, user, createdAt, updatedAt };
}

export function reactionViews(store: Store, owner: string, repo: string, target: ReactionTarget): ReactionView[] {
  const subject = "issue" in target ? { kind: "issue" as const, owner, repo, number: target.issue } : { kind: "comment" as const, commentId: target.comment };
  return reactionsOf(store, subject).map((r: ReactionRecord) => ({ id: r.id, content: r.content, user: r.user, createdAt: r.createdAt }));
}

export function issueViews(store: Store, owner: string, repo: string): IssueView[] {
  const record = findRepo(store, owner, repo);
  return [...(record?.issues.values() ?? [])].sort((a, b) => a.number - b.number).map((issue) => issueView(store, issue));
}

export function commentViews(store: Store, owner: string, repo: string, issue: number): CommentView[] {
  return commentsOf(store, owner, repo, issue).map(commentView);
}
