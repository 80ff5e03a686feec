/**
 * The GitHub port over @octokit/app installation tokens, with throttling and retry so bursts
 * (team onboarding) back off instead of tripping GitHub's secondary rate limits.
 */
import { App } from "@octokit/app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { HomeIssue } from "../devspace/types.ts";
import { DevspaceError } from "../errors.ts";
import type { GitHub, GitHubForInstallation, GitHubForRepository, ListedIssue, Reaction } from "./port.ts";

const DevspacesOctokit = Octokit.plugin(throttling, retry);
type DevspacesOctokit = InstanceType<typeof DevspacesOctokit>;

export interface GitHubAppCredentials {
  appId: number;
  /** PKCS#8 PEM (config.ts converts PKCS#1). */
  privateKeyPkcs8: string;
  apiUrl: string;
}

/** A repository's installation id is looked up again after this, in case the App was reinstalled. */
const INSTALLATION_CACHE_MS = 60 * 60 * 1000;

export function createOctokitGitHub(
  credentials: GitHubAppCredentials,
): GitHubForInstallation & { forRepository: GitHubForRepository } {
  const app = new App({
    appId: credentials.appId,
    privateKey: credentials.privateKeyPkcs8,
    Octokit: DevspacesOctokit.defaults({
      baseUrl: credentials.apiUrl,
      userAgent: "devspaces",
      throttle: {
        // Primary limit: wait and retry a few times. Secondary: GitHub says when to come back.
        onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 3,
        onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 3,
      },
    }),
  });
  const clients = new Map<number, Promise<DevspacesOctokit>>();
  const octokitFor = (installationId: number) => {
    let client = clients.get(installationId);
    if (!client) {
      client = app.getInstallationOctokit(installationId) as Promise<DevspacesOctokit>;
      clients.set(installationId, client);
      client.catch(() => clients.delete(installationId));
    }
    return client;
  };
  const forInstallation: GitHubForInstallation = (installationId) => createGitHubPort(() => octokitFor(installationId));

  // GET /repos/{owner}/{repo}/installation, authenticated as the App (JWT); cached per repository.
  const installations = new Map<string, { id: Promise<number>; at: number }>();
  const forRepository: GitHubForRepository = async (owner, repo) => {
    const key = `${owner}/${repo}`.toLowerCase();
    let entry = installations.get(key);
    if (!entry || Date.now() - entry.at > INSTALLATION_CACHE_MS) {
      const id = app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner, repo }).then(
        (response) => response.data.id,
        (error: unknown) => {
          if ((error as { status?: number }).status === 404) {
            throw new DevspaceError("github.not_installed", `The Devspaces GitHub App is not installed on ${owner}/${repo}.`);
          }
          throw error;
        },
      );
      const created = { id, at: Date.now() };
      entry = created;
      installations.set(key, created);
      id.catch(() => {
        if (installations.get(key) === created) installations.delete(key);
      });
    }
    return forInstallation(await entry.id);
  };
  return Object.assign(forInstallation, { forRepository });
}

function createGitHubPort(octokit: () => Promise<DevspacesOctokit>): GitHub {
  const where = (issue: HomeIssue) => ({ owner: issue.owner, repo: issue.repo, issue_number: issue.number });
  const port: GitHub = {
    async findComment(issue, marker) {
      const client = await octokit();
      // Newest first would be cheaper, but the issue-comments list only sorts ascending.
      for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
        ...where(issue),
        per_page: 100,
      })) {
        const found = page.data.find((comment) => comment.body?.includes(marker));
        if (found) return { id: found.id, body: found.body ?? "", updatedAt: found.updated_at };
      }
      return undefined;
    },

    async upsertComment(issue, marker, body) {
      const existing = await port.findComment(issue, marker);
      const client = await octokit();
      if (existing) {
        if (existing.body !== body) {
          await client.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing.id, body });
        }
        return existing.id;
      }
      const created = await client.rest.issues.createComment({ ...where(issue), body });
      return created.data.id;
    },

    async createComment(issue, body) {
      const client = await octokit();
      const created = await client.rest.issues.createComment({ ...where(issue), body });
      return created.data.id;
    },

    async addReaction(issue, commentId, content: Reaction) {
      const client = await octokit();
      if (commentId === undefined) {
        await client.rest.reactions.createForIssue({ ...where(issue), content });
      } else {
        await client.rest.reactions.createForIssueComment({
          owner: issue.owner,
          repo: issue.repo,
          comment_id: commentId,
          content,
        });
      }
    },

    async createIssue(owner, repo, issue) {
      const client = await octokit();
      const created = await client.rest.issues.create({ owner, repo, ...issue });
      return created.data.number;
    },

    async userPublicKeys(login) {
      const client = await octokit();
      try {
        const keys = await client.paginate(client.rest.users.listPublicKeysForUser, { username: login, per_page: 100 });
        return keys.map((k) => k.key);
      } catch (error) {
        if ((error as { status?: number }).status === 404) return [];
        throw error;
      }
    },

    async isTeamMember(org, teamSlug, login) {
      const client = await octokit();
      try {
        const { data } = await client.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login });
        return data.state === "active";
      } catch (error) {
        if ((error as { status?: number }).status === 404) return false;
        throw error;
      }
    },

    async listOpenIssues(owner, repo, filter) {
      const client = await octokit();
      const issues = await client.paginate(client.rest.issues.listForRepo, {
        owner,
        repo,
        state: "open",
        labels: filter.label,
        ...(filter.assignee ? { assignee: filter.assignee } : {}),
        sort: "created",
        direction: "asc",
        per_page: 100,
      });
      return issues
        .filter((i) => !i.pull_request)
        .map(
          (i): ListedIssue => ({
            number: i.number,
            title: i.title,
            body: i.body ?? "",
            author: { login: i.user?.login ?? "", id: i.user?.id ?? 0, type: i.user?.type ?? "User" },
            assignees: (i.assignees ?? []).map((a) => ({ login: a.login, id: a.id })),
            createdAt: i.created_at,
            comments: i.comments,
          }),
        );
    },

    async listTeams(org) {
      const client = await octokit();
      const teams = await client.paginate(client.rest.teams.list, { org, per_page: 100 });
      return teams.map((t) => ({ id: t.id, slug: t.slug }));
    },

    async listTeamMembers(org, teamSlug) {
      const client = await octokit();
      const members = await client.paginate(client.rest.teams.listMembersInOrg, { org, team_slug: teamSlug, per_page: 100 });
      return members.map((m) => ({ login: m.login, id: m.id, type: m.type }));
    },

    async findIssueByMarker(owner, repo, filter) {
      const client = await octokit();
      for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, {
        owner,
        repo,
        state: "all",
        labels: filter.label,
        sort: "created",
        direction: "asc",
        per_page: 100,
      })) {
        const found = page.data.find((i) => !i.pull_request && i.body?.includes(filter.marker));
        if (found) return { number: found.number, title: found.title, body: found.body ?? "", state: found.state === "closed" ? "closed" : "open" };
      }
      return undefined;
    },

    async updateIssue(owner, repo, number, changes) {
      const client = await octokit();
      await client.rest.issues.update({ owner, repo, issue_number: number, ...changes });
    },
  };
  return port;
}
