// The fake's in-memory state. Logins, owners and org names are matched case-insensitively,
// as on GitHub; records keep the spelling they were created with.

export type UserType = "User" | "Bot" | "Organization";

export type KeyRecord = { id: number; key: string };

export type UserRecord = { login: string; id: number; type: UserType; name: string | null; keys: KeyRecord[]; createdAt: string };

export type LabelRecord = { id: number; name: string; color: string; description: string | null; isDefault: boolean };

export type IssueRecord = {
  id: number;
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  user: string;
  labels: string[];
  assignees: string[];
  state: "open" | "closed";
  stateReason: "completed" | "reopened" | "not_planned" | "duplicate" | null;
  locked: boolean;
  isPullRequest: boolean;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
};

export type CommentRecord = {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export type ReactionSubject =
  | { kind: "issue"; owner: string; repo: string; number: number }
  | { kind: "comment"; commentId: number };

export type ReactionRecord = { id: number; subject: ReactionSubject; content: ReactionContent; user: string; createdAt: string };

export type RepoRecord = {
  owner: string;
  name: string;
  id: number;
  issues: Map<number, IssueRecord>;
  labels: Map<string, LabelRecord>;
  createdAt: string;
};

export type TeamMemberRecord = { login: string; role: "member" | "maintainer"; state: "active" | "pending" };

export type TeamRecord = {
  org: string;
  slug: string;
  id: number;
  name: string;
  description: string | null;
  privacy: "closed" | "secret";
  members: TeamMemberRecord[];
};

export type InstallationRecord = {
  id: number;
  account: string;
  accountType: "User" | "Organization";
  /** Repository names the installation may reach; undefined means all. */
  repositories: string[] | undefined;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
};

export type TokenRecord = {
  token: string;
  installationId: number;
  expiresAt: string;
  repositories: string[] | undefined;
  permissions: Record<string, string>;
};

type Sequence = "issue" | "comment" | "reaction" | "label" | "repo" | "key";

/** Starting points chosen to look like present-day GitHub ids; comment ids exceed 2^31. */
const sequenceStarts: Record<Sequence, number> = {
  issue: 3_100_000_000,
  comment: 2_900_000_000,
  reaction: 290_000_000,
  label: 7_800_000_000,
  repo: 880_000_000,
  key: 110_000_000,
};

export type Store = {
  users: Map<string, UserRecord>;
  repos: Map<string, RepoRecord>;
  comments: Map<number, CommentRecord>;
  reactions: ReactionRecord[];
  teams: Map<string, TeamRecord>;
  installations: Map<number, InstallationRecord>;
  tokens: Map<string, TokenRecord>;
  sequences: Record<Sequence, number>;
  now: () => Date;
};

export function createStore(now: () => Date): Store {
  return {
    users: new Map(),
    repos: new Map(),
    comments: new Map(),
    reactions: [],
    teams: new Map(),
    installations: new Map(),
    tokens: new Map(),
    sequences: { ...sequenceStarts },
    now,
  };
}

/** Forgets everything except installations and the tokens already handed out. */
export function clearStore(store: Store): void {
  store.users.clear();
  store.repos.clear();
  store.comments.clear();
  store.reactions.length = 0;
  store.teams.clear();
  store.sequences = { ...sequenceStarts };
}

export function nextId(store: Store, sequence: Sequence): number {
  store.sequences[sequence] += 1;
  return store.sequences[sequence];
}

/** GitHub timestamps have second precision. */
export function timestamp(store: Store): string {
  return `${store.now().toISOString().slice(0, 19)}Z`;
}

export const key = (...parts: string[]): string => parts.join("/").toLowerCase();

/** A stable, plausible id for a login that was never seeded explicitly. */
export function derivedId(login: string): number {
  let hash = 0x811c9dc5;
  for (const char of login.toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 10_000_000 + (hash % 150_000_000);
}

export function ensureUser(store: Store, login: string, init: Partial<Omit<UserRecord, "login">> = {}): UserRecord {
  const existing = store.users.get(key(login));
  if (existing) return existing;
  const user: UserRecord = {
    login,
    id: init.id ?? derivedId(login),
    type: init.type ?? (login.endsWith("[bot]") ? "Bot" : "User"),
    name: init.name ?? null,
    keys: init.keys ?? [],
    createdAt: init.createdAt ?? "2015-03-04T05:06:07Z",
  };
  store.users.set(key(login), user);
  return user;
}

export function findRepo(store: Store, owner: string, repo: string): RepoRecord | undefined {
  return store.repos.get(key(owner, repo));
}

export function ensureRepo(store: Store, owner: string, name: string): RepoRecord {
  const existing = findRepo(store, owner, name);
  if (existing) return existing;
  const repo: RepoRecord = {
    owner,
    name,
    id: nextId(store, "repo"),
    issues: new Map(),
    labels: new Map(),
    createdAt: timestamp(store),
  };
  store.repos.set(key(owner, name), repo);
  return repo;
}

/** GitHub creates unknown labels on the fly when an app with issues:write applies them. */
export function ensureLabel(store: Store, repo: RepoRecord, name: string): LabelRecord {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing) return existing;
  const label: LabelRecord = { id: nextId(store, "label"), name, color: "ededed", description: null, isDefault: false };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

export function findIssue(store: Store, owner: string, repo: string, number: number): IssueRecord | undefined {
  return findRepo(store, owner, repo)?.issues.get(number);
}

export function nextIssueNumber(repo: RepoRecord): number {
  let max = 0;
  for (const number of repo.issues.keys()) max = Math.max(max, number);
  return max + 1;
}

export function commentsOf(store: Store, owner: string, repo: string, issueNumber: number): CommentRecord[] {
  return [...store.comments.values()]
    .filter(
      (c) => key(c.owner, c.repo) === key(owner, repo) && c.issueNumber === issueNumber,
    )
    .sort((a, b) => a.id - b.id);
}

export function reactionsOf(store: Store, subject: ReactionSubject): ReactionRecord[] {
  return store.reactions.filter((r) => sameSubject(r.subject, subject));
}

export function sameSubject(a: ReactionSubject, b: ReactionSubject): boolean {
  if (a.kind === "comment" && b.kind === "comment") return a.commentId === b.commentId;
  if (a.kind === "issue" && b.kind === "issue") {
    return key(a.owner, a.repo) === key(b.owner, b.repo) && a.number === b.number;
  }
  return false;
}

export function findTeam(store: Store, org: string, slug: string): TeamRecord | undefined {
  return store.teams.get(key(org, slug));
}
