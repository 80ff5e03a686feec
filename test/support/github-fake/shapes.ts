// Turns store records into JSON shaped like GitHub's responses. Every body the fake sends is
// also validated against the description's response schema (see server.ts), so a missing
// required field here shows up as a violation rather than as a surprise in production.
import {
  type CommentRecord,
  derivedId,
  ensureUser,
  findRepo,
  type InstallationRecord,
  type IssueRecord,
  type LabelRecord,
  type ReactionRecord,
  type ReactionSubject,
  reactionsOf,
  commentsOf,
  type Store,
  type TeamMemberRecord,
  type TeamRecord,
  type UserRecord,
} from "./store.ts";

export type Json = Record<string, unknown>;

export type AppInfo = {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  owner: string;
  botLogin: string;
  botId: number;
  createdAt: string;
};

export type ShapeContext = { store: Store; api: string; web: string; app: AppInfo };

/** GitHub's legacy global node id: base64("0" + len(type) + ":" + type + id). */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

export function userShape(ctx: ShapeContext, user: UserRecord): Json {
  const api = `${ctx.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === "Organization" ? "Organization" : user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/${user.type === "Bot" ? "in" : "u"}/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: user.type === "Bot" ? `${ctx.web}/apps/${ctx.app.slug}` : `${ctx.web}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function userByLogin(ctx: ShapeContext, login: string): Json {
  return userShape(ctx, ensureUser(ctx.store, login));
}

/** GET /users/{username}: the "public-user" view. */
export function publicUserShape(ctx: ShapeContext, user: UserRecord): Json {
  return {
    ...userShape(ctx, user),
    name: user.name,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}

export function appShape(ctx: ShapeContext): Json {
  return {
    id: ctx.app.id,
    slug: ctx.app.slug,
    client_id: ctx.app.clientId,
    node_id: nodeId("Integration", ctx.app.id),
    owner: userShape(ctx, ensureUser(ctx.store, ctx.app.owner, { type: "Organization" })),
    name: ctx.app.name,
    description: "Developer workstations on Kubernetes, driven from GitHub issues.",
    external_url: `${ctx.web}/${ctx.app.owner}`,
    html_url: `${ctx.web}/apps/${ctx.app.slug}`,
    created_at: ctx.app.createdAt,
    updated_at: ctx.app.createdAt,
    permissions: { issues: "write", metadata: "read", members: "read" },
    events: ["issue_comment", "issues", "membership"],
  };
}

function authorAssociation(owner: string, login: string): string {
  return owner.toLowerCase() === login.toLowerCase() ? "OWNER" : "NONE";
}

export function labelShape(ctx: ShapeContext, owner: string, repo: string, label: LabelRecord): Json {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${ctx.api}/repos/${owner}/${repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.isDefault,
    description: label.description,
  };
}

export function reactionRollup(ctx: ShapeContext, url: string, subject: ReactionSubject): Json {
  const counts: Json = { url, total_count: 0 };
  for (const content of ["+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"]) counts[content] = 0;
  for (const reaction of reactionsOf(ctx.store, subject)) {
    counts[reaction.content] = (counts[reaction.content] as number) + 1;
    counts.total_count = (counts.total_count as number) + 1;
  }
  return counts;
}

export function issueShape(ctx: ShapeContext, issue: IssueRecord): Json {
  const repoApi = `${ctx.api}/repos/${issue.owner}/${issue.repo}`;
  const url = `${repoApi}/issues/${issue.number}`;
  const htmlUrl = `${ctx.web}/${issue.owner}/${issue.repo}/${issue.isPullRequest ? "pull" : "issues"}/${issue.number}`;
  const repoRecord = findRepo(ctx.store, issue.owner, issue.repo);
  const labels = issue.labels.map((name) => {
    const label = repoRecord?.labels.get(name.toLowerCase());
    return label ? labelShape(ctx, issue.owner, issue.repo, label) : undefined;
  });
  const assignees = issue.assignees.map((login) => userByLogin(ctx, login));
  const shape: Json = {
    url,
    repository_url: repoApi,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: htmlUrl,
    id: issue.id,
    node_id: nodeId(issue.isPullRequest ? "PullRequest" : "Issue", issue.id),
    number: issue.number,
    title: issue.title,
    user: userByLogin(ctx, issue.user),
    labels: labels.filter((label) => label !== undefined),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: commentsOf(ctx.store, issue.owner, issue.repo, issue.number).length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(issue.owner, issue.user),
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    body: issue.body,
    closed_by: issue.closedBy ? userByLogin(ctx, issue.closedBy) : null,
    reactions: reactionRollup(ctx, `${url}/reactions`, {
      kind: "issue",
      owner: issue.owner,
      repo: issue.repo,
      number: issue.number,
    }),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: issue.viaApp ? appShape(ctx) : null,
    state_reason: issue.stateReason,
  };
  if (issue.isPullRequest) {
    shape.draft = false;
    shape.pull_request = {
      url: `${repoApi}/pulls/${issue.number}`,
      html_url: htmlUrl,
      diff_url: `${htmlUrl}.diff`,
      patch_url: `${htmlUrl}.patch`,
      merged_at: null,
    };
  }
  return shape;
}

export function commentShape(ctx: ShapeContext, comment: CommentRecord): Json {
  const repoApi = `${ctx.api}/repos/${comment.owner}/${comment.repo}`;
  const url = `${repoApi}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${ctx.web}/${comment.owner}/${comment.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApi}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    user: userByLogin(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(comment.owner, comment.user),
    body: comment.body,
    reactions: reactionRollup(ctx, `${url}/reactions`, { kind: "comment", commentId: comment.id }),
    performed_via_github_app: comment.viaApp ? appShape(ctx) : null,
  };
}

export function reactionShape(ctx: ShapeContext, reaction: ReactionRecord): Json {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: userByLogin(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

function teamApi(ctx: ShapeContext, team: TeamRecord): string {
  return `${ctx.api}/organizations/${derivedId(team.org)}/team/${team.id}`;
}

export function teamShape(ctx: ShapeContext, team: TeamRecord): Json {
  const api = teamApi(ctx, team);
  return {
    name: team.name,
    id: team.id,
    node_id: nodeId("Team", team.id),
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: "notifications_enabled",
    url: api,
    html_url: `${ctx.web}/orgs/${team.org}/teams/${team.slug}`,
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    permission: "pull",
    parent: null,
    type: "organization",
    organization_id: derivedId(team.org),
  };
}

export function teamMembershipShape(ctx: ShapeContext, team: TeamRecord, member: TeamMemberRecord): Json {
  return { url: `${teamApi(ctx, team)}/memberships/${member.login}`, role: member.role, state: member.state };
}

export function installationShape(ctx: ShapeContext, installation: InstallationRecord): Json {
  const account = ensureUser(ctx.store, installation.account, { type: installation.accountType });
  const settings =
    installation.accountType === "Organization"
      ? `${ctx.web}/organizations/${installation.account}/settings/installations/${installation.id}`
      : `${ctx.web}/settings/installations/${installation.id}`;
  return {
    id: installation.id,
    client_id: ctx.app.clientId,
    account: userShape(ctx, account),
    repository_selection: installation.repositories ? "selected" : "all",
    access_tokens_url: `${ctx.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.api}/installation/repositories`,
    html_url: settings,
    app_id: ctx.app.id,
    app_slug: ctx.app.slug,
    target_id: account.id,
    target_type: installation.accountType,
    permissions: installation.permissions,
    events: installation.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

