/**
 * The GitHub port: what operations need from GitHub, in our words. The adapter
 * (octokit-github.ts) uses an installation token; unit tests use a recording fake.
 *
 * @example
 *   await github.upsertComment(issue, statusMarker(slug), renderStatus(view));
 */
import type { HomeIssue } from "../devspace/types.ts";

export type Reaction = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface FoundComment {
  id: number;
  body: string;
  /** ISO time of the last edit (or creation). */
  updatedAt: string;
}

/** An open issue as the reconciler reads it. */
export interface ListedIssue {
  number: number;
  title: string;
  body: string;
  /** Who opened it: a request issue belongs to its author. */
  author: { login: string; id: number; type: string };
  /** A home issue (opened by the App) belongs to its assignee. */
  assignees: Array<{ login: string; id: number }>;
  /** ISO time. */
  createdAt: string;
  /** How many comments it has (0 means we never answered it). */
  comments: number;
}

export interface TeamMember {
  login: string;
  id: number;
  type: string;
}

export interface GitHub {
  /** The first comment on the issue whose body contains `marker`. */
  findComment(issue: HomeIssue, marker: string): Promise<FoundComment | undefined>;
  /** Edits the one comment on the issue whose body contains `marker`, or creates it. Returns its id. */
  upsertComment(issue: HomeIssue, marker: string, body: string): Promise<number>;
  createComment(issue: HomeIssue, body: string): Promise<number>;
  /** Reacts to a comment, or to the issue itself when commentId is undefined. */
  addReaction(issue: HomeIssue, commentId: number | undefined, content: Reaction): Promise<void>;
  /** Opens an issue; returns its number. */
  createIssue(owner: string, repo: string, issue: { title: string; body: string; labels: string[]; assignees: string[] }): Promise<number>;
  /** The user's public SSH keys (empty when the user has none or does not exist). */
  userPublicKeys(login: string): Promise<string[]>;
  /** Whether `login` is an active member of the team (GitHub counts child teams' members too). */
  isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /** Every open issue (not pull request) carrying `label` (and assigned to `assignee`, if given), oldest first. */
  listOpenIssues(owner: string, repo: string, filter: { label: string; assignee?: string }): Promise<ListedIssue[]>;
  /**
   * The organisation's teams, id and slug (`GET /orgs/{org}/teams`): how a configured team id
   * becomes the slug the team endpoints take. Slugs change on rename; ids do not.
   */
  listTeams(org: string): Promise<Array<{ id: number; slug: string }>>;
  /** Active members of the team (GitHub counts child teams' members too). */
  listTeamMembers(org: string, teamSlug: string): Promise<TeamMember[]>;
  /**
   * The oldest issue, open or closed, that carries `label` and whose body contains `marker`:
   * how the App finds an issue of its own (the reconciler's tracking issue) again.
   */
  findIssueByMarker(owner: string, repo: string, filter: { label: string; marker: string }): Promise<{ number: number; title: string; body: string; state: "open" | "closed" } | undefined>;
  /** Edits an issue's title, body or state. */
  updateIssue(owner: string, repo: string, number: number, changes: { title?: string; body?: string; state?: "open" | "closed" }): Promise<void>;
}

/** One GitHub client per App installation (tokens are per installation). */
export type GitHubForInstallation = (installationId: number) => GitHub;

/**
 * The client for a repository, through the App installation that covers it: for work no
 * webhook started (scheduled backups), so no installation id came with it.
 *
 * @example
 *   const github = await githubForRepository(record.home.owner, record.home.repo);
 */
export type GitHubForRepository = (owner: string, repo: string) => Promise<GitHub>;
