// The GitHub fake, driven by the real Octokit clients our code uses. These tests pin down that
// the fake (a) serves what octokit needs, (b) rejects what GitHub's description rejects, and
// (c) that the webhook helpers agree with @octokit/webhooks' own verifier.
import { createRequire } from "node:module";
import { App } from "@octokit/app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestAppCredentials, type GitHubFake, startGitHubFake } from "../support/github-fake/index.ts";
import { createRouter } from "../support/github-fake/router.ts";
import { loadDescription } from "../support/github-fake/spec.ts";
import { validateValue } from "../support/github-fake/validate.ts";
import {
  issueCommentPayload,
  issuesOpenedPayload,
  membershipPayload,
  signWebhook,
  webhookHeaders,
} from "../support/webhooks.ts";

const owner = "octo-org";
const repo = "devspaces";
const installationId = 4242;
const bot = "devspaces[bot]";
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const FakeOctokit = Octokit.defaults({ log: silent });

const creds = createTestAppCredentials();
let fake: GitHubFake;

beforeAll(async () => {
  fake = await startGitHubFake({
    appId: creds.appId,
    publicKey: creds.publicKey,
    installations: [{ id: installationId, account: owner }],
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

function createApp(options: { appId?: number; privateKey?: string } = {}) {
  return new App({
    appId: options.appId ?? creds.appId,
    privateKey: options.privateKey ?? creds.privateKeyPkcs8,
    Octokit: FakeOctokit.defaults({ baseUrl: fake.url }),
  });
}

/** An installation client the way production builds it: through @octokit/app. */
async function installationClient(): Promise<Octokit> {
  return (await createApp().getInstallationOctokit(installationId)) as unknown as Octokit;
}

/** A plain client holding an installation token, for tests that need to misbehave on purpose. */
function tokenClient(): Octokit {
  return new FakeOctokit({ baseUrl: fake.url, auth: fake.mintInstallationToken(installationId) });
}

/** Sends parameters octokit's types would refuse; the point is to watch the fake refuse them. */
function untyped(octokit: Octokit, route: string, params: Record<string, unknown>) {
  return octokit.request(route, params);
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

function seedHomeIssue(): number {
  return fake.seedIssue({ owner, repo, title: "Devspace for alice", body: "### Size\n\nmedium", user: "alice", labels: ["devspace"] }).number;
}

describe("installation auth", () => {
  it("mints an installation token from a verified app JWT, then writes as the app's bot", async () => {
    const number = seedHomeIssue();
    const octokit = await installationClient();
    const { status, data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: "Provisioning…" });

    expect(status).toBe(201);
    expect(data.user?.login).toBe(bot);
    expect(data.performed_via_github_app?.slug).toBe("devspaces");
    expect(fake.calls.map((c) => [c.method, c.operationId, c.status])).toEqual([
      ["POST", "apps/create-installation-access-token", 201],
      ["POST", "issues/create-comment", 201],
    ]);
    expect(fake.comments(owner, repo, number)).toEqual([expect.objectContaining({ body: "Provisioning…", user: bot })]);
    fake.assertNoViolations();
  });

  it("accepts the PKCS#1 key GitHub hands out", async () => {
    const app = createApp({ privateKey: creds.privateKeyPkcs1 });
    const { data } = await app.octokit.rest.apps.getRepoInstallation({ owner, repo });
    expect(data.id).toBe(installationId);
    expect(data.account && "login" in data.account ? data.account.login : undefined).toBe(owner);
    fake.assertNoViolations();
  });

  it("rejects a JWT signed with another key", async () => {
    const stranger = createTestAppCredentials({ appId: creds.appId });
    const app = createApp({ privateKey: stranger.privateKeyPkcs8 });
    expect(await statusOf(app.octokit.rest.apps.getRepoInstallation({ owner, repo }))).toBe(401);
    expect(fake.violations).toEqual([expect.objectContaining({ kind: "auth", message: expect.stringContaining("signature") })]);
  });

  it("rejects a JWT whose issuer is another app", async () => {
    const octokit = (await createApp({ appId: creds.appId + 1 }).getInstallationOctokit(installationId)) as unknown as Octokit;
    expect(await statusOf(octokit.rest.issues.get({ owner, repo, issue_number: 1 }))).toBe(401);
    expect(fake.calls.map((c) => c.operationId)).toEqual(["apps/create-installation-access-token"]);
    expect(fake.violations[0]?.message).toContain("'Issuer' claim");
  });

  it("keeps app JWTs and installation tokens to their own endpoints", async () => {
    const { token: jwt } = (await createApp().octokit.auth({ type: "app" })) as { token: string };
    const asApp = new FakeOctokit({ baseUrl: fake.url, auth: jwt });
    expect(await statusOf(asApp.rest.issues.listForRepo({ owner, repo }))).toBe(403);
    expect(await statusOf(tokenClient().rest.apps.createInstallationAccessToken({ installation_id: installationId }))).toBe(401);
    expect(fake.violations.map((v) => [v.kind, v.operationId])).toEqual([
      ["auth", "issues/list-for-repo"],
      ["auth", "apps/create-installation-access-token"],
    ]);
  });

  it("treats a request without credentials as a violation", async () => {
    fake.seedUser({ login: "alice" });
    const anonymous = new FakeOctokit({ baseUrl: fake.url });
    expect(await statusOf(anonymous.rest.users.getByUsername({ username: "alice" }))).toBe(401);
    expect(() => fake.assertNoViolations()).toThrow(/\[auth\] GET \/users\/alice/);
  });

  it("answers 404 (as GitHub does) when a token reaches outside its installation", async () => {
    fake.seedIssue({ owner: "elsewhere", repo, title: "not ours", user: "mallory" });
    expect(await statusOf(tokenClient().rest.issues.get({ owner: "elsewhere", repo, issue_number: 1 }))).toBe(404);
    expect(await statusOf(createApp().octokit.rest.apps.getRepoInstallation({ owner: "elsewhere", repo }))).toBe(404);
    fake.assertNoViolations();
  });
});

describe("request validation against the description", () => {
  it("rejects a comment whose body is a number", async () => {
    const number = seedHomeIssue();
    const octokit = tokenClient();
    const status = await statusOf(
      untyped(octokit, "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: number, body: 123 }),
    );
    expect(status).toBe(422);
    expect(fake.violations).toEqual([
      expect.objectContaining({
        kind: "invalid-request",
        operationId: "issues/create-comment",
        details: ["body.body: expected string, got integer 123"],
      }),
    ]);
    expect(fake.comments(owner, repo, number)).toEqual([]);
    expect(() => fake.assertNoViolations()).toThrow(/issues\/create-comment[\s\S]*body\.body: expected string/);
  });

  it("rejects a reaction outside the enum", async () => {
    const number = seedHomeIssue();
    const comment = fake.seedComment({ owner, repo, issue: number, body: "/stop", user: "alice" });
    const octokit = tokenClient();
    const status = await statusOf(
      untyped(octokit, "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { owner, repo, comment_id: comment.id, content: "party" }),
    );
    expect(status).toBe(422);
    expect(fake.violations[0]?.details[0]).toMatch(/^body\.content: "party" is not one of "\+1", "-1"/);
    expect(fake.reactions(owner, repo, { comment: comment.id })).toEqual([]);
  });

  it.each([
    ["a missing required property", { body: "no title" }, 'body: is missing required property "title"'],
    ["an unknown property where additionalProperties is false", { title: "t", issue_field_values: [{ field_id: 1, value: "x", colour: "red" }] }, "body.issue_field_values[0].colour: is not allowed"],
    ["a value matching no oneOf branch", { title: "t", labels: [7] }, "body.labels[0]: matches none of the 2 oneOf alternatives"],
    ["a wrong type inside an array", { title: "t", assignees: ["alice", 3] }, "body.assignees[1]: expected string"],
  ])("rejects %s", async (_name, body, detail) => {
    const octokit = tokenClient();
    expect(await statusOf(untyped(octokit, "POST /repos/{owner}/{repo}/issues", { owner, repo, ...body }))).toBe(422);
    expect(fake.violations[0]?.details.join("\n")).toContain(detail);
    expect(fake.issues(owner, repo)).toEqual([]);
  });

  it("honours nullable: body may be null, state may not", async () => {
    const number = seedHomeIssue();
    const octokit = tokenClient();
    const cleared = await octokit.rest.issues.update({ owner, repo, issue_number: number, body: null });
    expect(cleared.data.body).toBeNull();
    fake.assertNoViolations();
    const status = await statusOf(
      untyped(octokit, "PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: number, state: null }),
    );
    expect(status).toBe(422);
    expect(fake.violations[0]?.details).toEqual(["body.state: is null, but the schema is not nullable (type string)"]);
  });

  it("checks query parameters: enums, and names the operation does not take", async () => {
    const octokit = tokenClient();
    expect(await statusOf(untyped(octokit, "GET /repos/{owner}/{repo}/issues", { owner, repo, state: "bogus" }))).toBe(422);
    expect(await statusOf(untyped(octokit, "GET /repos/{owner}/{repo}/issues", { owner, repo, lables: "devspace" }))).toBe(422);
    expect(await statusOf(untyped(octokit, "GET /repos/{owner}/{repo}/issues", { owner, repo, per_page: "many" }))).toBe(422);
    expect(fake.violations.map((v) => v.details[0])).toEqual([
      'query.state: "bogus" is not one of "open", "closed", "all"',
      "query.lables: is not a parameter of this operation (GitHub would silently ignore it)",
      'query.per_page: expected integer, got string "many"',
    ]);
  });

  it("checks path parameter types", async () => {
    const octokit = tokenClient();
    expect(await statusOf(untyped(octokit, "GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: "abc" }))).toBe(422);
    expect(fake.violations[0]?.details).toEqual(['path.issue_number: expected integer, got string "abc"']);
  });

  it("answers 404 for paths and methods the description does not have", async () => {
    const octokit = tokenClient();
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/devspaces", { owner, repo }))).toBe(404);
    expect(await statusOf(octokit.request("DELETE /users/{username}", { username: "alice" }))).toBe(404);
    // The legacy id-based team routes are not in the description either.
    expect(await statusOf(octokit.request("GET /organizations/{org_id}/team/{team_id}/members", { org_id: 1, team_id: 2 }))).toBe(404);
    expect(fake.violations.map((v) => [v.kind, v.status])).toEqual([
      ["unknown-route", 404],
      ["unknown-route", 404],
      ["unknown-route", 404],
    ]);
    expect(fake.violations[1]?.message).toContain("allowed: GET");
  });

  it("answers 501 for a valid operation the fake does not implement", async () => {
    expect(await statusOf(tokenClient().rest.repos.get({ owner, repo }))).toBe(501);
    expect(fake.violations).toEqual([expect.objectContaining({ kind: "not-implemented", operationId: "repos/get", status: 501 })]);
  });

  it("prefers literal path segments: /issues/comments/{id} is not /issues/{issue_number}", async () => {
    const number = seedHomeIssue();
    const comment = fake.seedComment({ owner, repo, issue: number, body: "hi", user: "alice" });
    const { data } = await tokenClient().rest.issues.getComment({ owner, repo, comment_id: comment.id });
    expect(data.body).toBe("hi");
    expect(fake.calls.map((c) => c.operationId)).toEqual(["issues/get-comment"]);
    fake.assertNoViolations();
  });

  it("resolves literal-vs-template ambiguity the same way whatever the description's order", () => {
    const operation = (operationId: string) => ({ operationId, responses: {} });
    const tiny = {
      openapi: "3.0.3",
      info: { version: "0", title: "tiny" },
      components: {},
      paths: { "/a/{id}": { get: operation("by-id") }, "/a/b": { get: operation("literal") } },
    };
    const router = createRouter(tiny);
    const id = (path: string) => {
      const match = router.match("GET", path);
      return match.kind === "matched" ? match.operation.operationId : match.kind;
    };
    expect([id("/a/b"), id("/a/7"), id("/a/"), id("/a/b/c")]).toEqual(["literal", "by-id", "unknown-path", "unknown-path"]);
  });

  it("answers 400 to malformed JSON", async () => {
    const number = seedHomeIssue();
    const response = await fetch(`${fake.url}/repos/${owner}/${repo}/issues/${number}/comments`, {
      method: "POST",
      headers: { authorization: `token ${fake.mintInstallationToken(installationId)}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(fake.violations[0]?.kind).toBe("malformed-json");
  });
});

describe("issues", () => {
  it("creates an issue with labels, a Location header and the app as author", async () => {
    const octokit = await installationClient();
    const { data, headers, status } = await octokit.rest.issues.create({ owner, repo, title: "Devspace for bob", body: "b", labels: ["devspace", { name: "size/large" }] });
    expect(status).toBe(201);
    expect(headers.location).toBe(`${fake.url}/repos/${owner}/${repo}/issues/1`);
    expect(data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["devspace", "size/large"]);
    expect(data.user?.login).toBe(bot);
    expect(fake.issues(owner, repo)).toEqual([expect.objectContaining({ number: 1, title: "Devspace for bob", user: bot, state: "open" })]);
    fake.assertNoViolations();
  });

  it("filters by labels (all must match), state, creator and assignee", async () => {
    fake.seedIssue({ owner, repo, title: "a", user: "alice", labels: ["devspace", "size/small"] });
    fake.seedIssue({ owner, repo, title: "b", user: "bob", labels: ["devspace"], assignees: ["carol"] });
    fake.seedIssue({ owner, repo, title: "c", user: "alice", labels: ["bug"], state: "closed" });
    fake.seedIssue({ owner, repo, title: "d", user: "alice", labels: ["DevSpace"], state: "closed" });
    const octokit = tokenClient();
    const titles = async (query: Record<string, string>) =>
      (await octokit.rest.issues.listForRepo({ owner, repo, ...query })).data.map((issue) => issue.title).sort();

    expect(await titles({})).toEqual(["a", "b"]);
    expect(await titles({ labels: "devspace,size/small" })).toEqual(["a"]);
    expect(await titles({ labels: "devspace", state: "all" })).toEqual(["a", "b", "d"]);
    expect(await titles({ state: "closed", creator: "ALICE" })).toEqual(["c", "d"]);
    expect(await titles({ assignee: "none" })).toEqual(["a"]);
    expect(await titles({ assignee: "*" })).toEqual(["b"]);
    expect(await titles({ assignee: "carol" })).toEqual(["b"]);
    fake.assertNoViolations();
  });

  it("updates state, labels and body the way GitHub does", async () => {
    const number = seedHomeIssue();
    const octokit = tokenClient();
    const closed = await octokit.rest.issues.update({ owner, repo, issue_number: number, state: "closed", labels: ["archived"] });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "completed", closed_by: { login: bot } });
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fake.issues(owner, repo)[0]?.labels).toEqual(["archived"]);

    const reopened = await octokit.rest.issues.update({ owner, repo, issue_number: number, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    fake.assertNoViolations();
  });

  it("adds labels without duplicating existing ones", async () => {
    const number = seedHomeIssue();
    const { data } = await tokenClient().rest.issues.addLabels({ owner, repo, issue_number: number, labels: ["DEVSPACE", "running"] });
    expect(data.map((label) => label.name)).toEqual(["devspace", "running"]);
    fake.assertNoViolations();
  });

  it("answers 404 for a missing issue without calling it a violation", async () => {
    expect(await statusOf(tokenClient().rest.issues.get({ owner, repo, issue_number: 99 }))).toBe(404);
    fake.assertNoViolations();
  });
});

describe("comments and pagination", () => {
  it("pages through 75 comments with octokit.paginate and Link headers", async () => {
    const number = seedHomeIssue();
    const seeded = Array.from({ length: 75 }, (_, i) => fake.seedComment({ owner, repo, issue: number, body: `comment ${i}`, user: "alice" }).id);
    const octokit = tokenClient();

    const first = await octokit.rest.issues.listComments({ owner, repo, issue_number: number, per_page: 20 });
    expect(first.data).toHaveLength(20);
    expect(first.headers.link).toBe(
      `<${fake.url}/repos/${owner}/${repo}/issues/${number}/comments?per_page=20&page=2>; rel="next", ` +
        `<${fake.url}/repos/${owner}/${repo}/issues/${number}/comments?per_page=20&page=4>; rel="last"`,
    );

    fake.reset();
    fake.seedIssue({ owner, repo, number, title: "again", user: "alice" });
    const again = Array.from({ length: 75 }, (_, i) => fake.seedComment({ owner, repo, issue: number, body: `c${i}`, user: "alice" }).id);
    expect(again).toEqual(seeded);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 20 });
    expect(all.map((comment) => comment.id)).toEqual(seeded);
    expect(fake.calls.map((call) => call.query.page ?? "1")).toEqual(["1", "2", "3", "4"]);
    fake.assertNoViolations();
  });

  it("paginates issue lists too", async () => {
    for (let i = 0; i < 25; i++) fake.seedIssue({ owner, repo, title: `issue ${i}`, user: "alice", labels: ["devspace"] });
    const octokit = tokenClient();
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: "devspace", per_page: 10, direction: "asc" });
    expect(all.map((issue) => issue.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(fake.calls).toHaveLength(3);
    fake.assertNoViolations();
  });

  it("edits a comment in place and keeps comment ids repository-scoped", async () => {
    const number = seedHomeIssue();
    const octokit = tokenClient();
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: "<!-- devspaces:status -->\nPending" });
    expect(created.data.id).toBeGreaterThan(2 ** 31);
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: "<!-- devspaces:status -->\nReady" });
    expect(fake.comments(owner, repo, number).map((c) => c.body)).toEqual(["<!-- devspaces:status -->\nReady"]);
    expect(await statusOf(octokit.rest.issues.getComment({ owner, repo: "other", comment_id: created.data.id }))).toBe(404);
    expect(fake.writes().map((c) => c.operationId)).toEqual(["issues/create-comment", "issues/update-comment"]);
    fake.assertNoViolations();
  });
});

describe("reactions", () => {
  it("creates a reaction once (201) and returns the same one on repeat (200)", async () => {
    const number = seedHomeIssue();
    const comment = fake.seedComment({ owner, repo, issue: number, body: "/snapshot", user: "alice" });
    const octokit = tokenClient();
    const first = await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content: "eyes" });
    const second = await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content: "eyes" });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.data.id).toBe(first.data.id);
    expect(fake.reactions(owner, repo, { comment: comment.id })).toEqual([expect.objectContaining({ content: "eyes", user: bot })]);

    const read = await octokit.rest.issues.getComment({ owner, repo, comment_id: comment.id });
    expect(read.data.reactions).toMatchObject({ total_count: 1, eyes: 1 });

    await octokit.rest.reactions.createForIssue({ owner, repo, issue_number: number, content: "rocket" });
    expect(fake.reactions(owner, repo, { issue: number }).map((r) => r.content)).toEqual(["rocket"]);
    fake.assertNoViolations();
  });
});

describe("teams and users", () => {
  beforeEach(() => {
    fake.seedTeam({
      org: owner,
      slug: "devspace-users",
      id: 5_551_212,
      name: "Devspace users",
      members: ["alice", { login: "bob", role: "maintainer" }, { login: "carol", state: "pending" }],
    });
    fake.seedTeam({ org: owner, slug: "admins", id: 77, members: ["bob"] });
  });

  it("reports team membership, role and state", async () => {
    const octokit = tokenClient();
    const bob = await octokit.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "devspace-users", username: "BOB" });
    expect(bob.data).toMatchObject({ role: "maintainer", state: "active" });
    const carol = await octokit.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "devspace-users", username: "carol" });
    expect(carol.data.state).toBe("pending");
    expect(await statusOf(octokit.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "devspace-users", username: "mallory" }))).toBe(404);
    fake.assertNoViolations();
  });

  it("lists active members (with role filter) and maps team ids to slugs", async () => {
    const octokit = tokenClient();
    const members = await octokit.paginate(octokit.rest.teams.listMembersInOrg, { org: owner, team_slug: "devspace-users" });
    expect(members.map((m) => m.login)).toEqual(["alice", "bob"]);
    const maintainers = await octokit.rest.teams.listMembersInOrg({ org: owner, team_slug: "devspace-users", role: "maintainer" });
    expect(maintainers.data.map((m) => m.login)).toEqual(["bob"]);
    const teams = await octokit.rest.teams.list({ org: owner });
    expect(teams.data.map((t) => [t.id, t.slug])).toEqual([
      [77, "admins"],
      [5_551_212, "devspace-users"],
    ]);
    fake.assertNoViolations();
  });

  it("serves user profiles and public keys", async () => {
    fake.seedUser({ login: "dana", id: 9_000_001, name: "Dana", keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDana dana@laptop"] });
    const octokit = tokenClient();
    const user = await octokit.rest.users.getByUsername({ username: "dana" });
    expect(user.data).toMatchObject({ login: "dana", id: 9_000_001, name: "Dana", type: "User" });
    const keys = await octokit.rest.users.listPublicKeysForUser({ username: "dana" });
    expect(keys.data.map((k) => k.key)).toEqual(["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDana dana@laptop"]);
    expect(await statusOf(octokit.rest.users.getByUsername({ username: "nobody" }))).toBe(404);
    fake.assertNoViolations();
  });
});

describe("fault injection", () => {
  it("fails the next matching call with 502 so retries can be tested", async () => {
    const number = seedHomeIssue();
    fake.failNext("issues/create-comment", 502);
    const Retrying = FakeOctokit.plugin(retry);
    const octokit = new Retrying({ baseUrl: fake.url, auth: fake.mintInstallationToken(installationId), retry: { retryAfterBaseValue: 1 } });
    const { status } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: "hi" });
    expect(status).toBe(201);
    expect(fake.calls.map((c) => [c.status, c.injected])).toEqual([
      [502, true],
      [201, false],
    ]);
    expect(fake.comments(owner, repo, number)).toHaveLength(1);
    fake.assertNoViolations();
  });

  it("sends a secondary rate limit that plugin-throttling understands", async () => {
    const number = seedHomeIssue();
    fake.failNext(`GET /repos/{owner}/{repo}/issues/{issue_number}`, 403, 1, { retryAfter: 1 });
    const plain = tokenClient();
    const error = await plain.rest.issues.get({ owner, repo, issue_number: number }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, response: { headers: { "retry-after": "1" } } });
    expect(String((error as Error).message)).toMatch(/secondary rate limit/);

    fake.failNext({ method: "GET", path: `/repos/${owner}/${repo}/issues/${number}` }, 403, 2, { retryAfter: 1 });
    const seen: number[] = [];
    const Throttled = FakeOctokit.plugin(throttling);
    const throttled = new Throttled({
      baseUrl: fake.url,
      auth: fake.mintInstallationToken(installationId),
      throttle: {
        retryAfterBaseValue: 1,
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(retryAfter);
          return true;
        },
      },
    });
    const { status } = await throttled.rest.issues.get({ owner, repo, issue_number: number });
    expect(status).toBe(200);
    expect(seen).toEqual([1, 1]);
    fake.assertNoViolations();
  });

  it("does not spend a fault on a request that is itself invalid", async () => {
    const number = seedHomeIssue();
    fake.failNext((call) => call.operationId === "issues/create-comment", 500);
    const octokit = tokenClient();
    const invalid = { owner, repo, issue_number: number, body: 1 };
    expect(await statusOf(untyped(octokit, "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", invalid))).toBe(422);
    expect(await statusOf(octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: "ok" }))).toBe(500);
    expect(await statusOf(octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: "ok" }))).toBe(200);
  });
});

describe("the validator itself", () => {
  const doc = loadDescription();

  it("flags a response missing a required field, so the fake's own shapes are checked", async () => {
    const number = seedHomeIssue();
    const { data } = await tokenClient().rest.issues.get({ owner, repo, issue_number: number });
    const schema = { $ref: "#/components/schemas/issue" };
    expect(validateValue(doc, schema, data, "response", "response")).toEqual([]);
    const { node_id: _dropped, ...withoutNodeId } = data;
    expect(validateValue(doc, schema, withoutNodeId, "response", "response")).toEqual([
      { path: "response", message: 'is missing required property "node_id"' },
    ]);
  });

  it("requires exactly one oneOf branch and honours a discriminator", () => {
    expect(validateValue(doc, { oneOf: [{ type: "number" }, { type: "integer" }] }, 3, "v", "request")).toEqual([
      { path: "v", message: "matches 2 oneOf alternatives; exactly one is allowed" },
    ]);
    const userSchema = doc.paths["/users/{username}"]?.get?.responses["200"]?.content?.["application/json"]?.schema;
    expect(userSchema?.discriminator?.propertyName).toBe("user_view_type");
    const issues = validateValue(doc, userSchema ?? {}, { user_view_type: "public" }, "u", "response");
    expect(issues[0]?.message).toBe('is missing required property "avatar_url"');
  });

  it("accepts the description's own request example for every operation the fake implements", () => {
    const checked: string[] = [];
    for (const item of Object.values(doc.paths)) {
      for (const operation of [item.post, item.patch]) {
        const media = operation?.requestBody?.content?.["application/json"] as { schema?: object; examples?: Record<string, { value?: unknown }> } | undefined;
        const example = media?.examples?.default?.value;
        if (!operation || !media?.schema || example === undefined) continue;
        if (!/^(issues|reactions)\/(create|update|add-labels|create-comment|update-comment|create-for-issue|create-for-issue-comment)$/.test(operation.operationId)) continue;
        expect(validateValue(doc, media.schema, example, "body", "request"), operation.operationId).toEqual([]);
        checked.push(operation.operationId);
      }
    }
    expect(checked.sort()).toEqual([
      "issues/add-labels",
      "issues/create",
      "issues/create-comment",
      "issues/update",
      "issues/update-comment",
      "reactions/create-for-issue",
      "reactions/create-for-issue-comment",
    ]);
  });
});

describe("webhook helpers", () => {
  const secret = "It's a Secret to Everybody";

  it("signs exactly like @octokit/webhooks verifies", async () => {
    const webhooks = new Webhooks({ secret });
    const body = JSON.stringify(issuesOpenedPayload({ owner, repo, issueNumber: 3, login: "alice", body: "hi", installationId }));
    const signature = signWebhook(body, secret);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await webhooks.verify(body, signature)).toBe(true);
    expect(await webhooks.verify(`${body} `, signature)).toBe(false);
    expect(await webhooks.verify(body, signWebhook(body, "another secret"))).toBe(false);
  });

  it("matches the test vector in GitHub's webhook-validation docs", () => {
    expect(signWebhook("Hello, World!", secret)).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  });

  it("signs the exact bytes, whitespace included", async () => {
    const webhooks = new Webhooks({ secret });
    const body = ` ${JSON.stringify({ zen: "Design for failure." }, null, 2)}\n`;
    expect(await webhooks.verify(body, signWebhook(body, secret))).toBe(true);
    expect(await webhooks.verify(body.trim(), signWebhook(body, secret))).toBe(false);
  });

  it("builds an issues.opened delivery that @octokit/webhooks accepts end to end", async () => {
    const payload = issuesOpenedPayload({
      owner,
      repo,
      issueNumber: 12,
      login: "alice",
      userId: 1_234,
      title: "Devspace for alice",
      body: "### Size\n\nlarge",
      labels: ["devspace"],
      installationId,
    });
    expect(payload).toMatchObject({
      action: "opened",
      installation: { id: installationId },
      sender: { login: "alice", id: 1_234 },
      repository: { full_name: `${owner}/${repo}`, owner: { login: owner, type: "Organization" } },
      organization: { login: owner },
      issue: {
        number: 12,
        title: "Devspace for alice",
        body: "### Size\n\nlarge",
        user: { login: "alice", id: 1_234, html_url: "https://github.com/alice" },
        labels: [{ name: "devspace" }],
        html_url: `https://github.com/${owner}/${repo}/issues/12`,
        url: `https://api.github.com/repos/${owner}/${repo}/issues/12`,
      },
    });
    expect(payload.issue).not.toHaveProperty("pull_request");
    expect(JSON.stringify(payload)).not.toMatch(/Hello-World|Codertocat/);

    const body = JSON.stringify(payload);
    const headers = webhookHeaders({ event: "issues", deliveryId: "d-1", body, secret });
    const webhooks = new Webhooks({ secret });
    const received: unknown[] = [];
    webhooks.on("issues.opened", ({ id, payload: got }) => {
      received.push([id, got.issue.number]);
    });
    await webhooks.verifyAndReceive({
      id: headers["x-github-delivery"] ?? "",
      name: headers["x-github-event"] ?? "",
      payload: body,
      signature: headers["x-hub-signature-256"] ?? "",
    });
    expect(received).toEqual([["d-1", 12]]);
  });

  it("keeps every field of the upstream examples", () => {
    type Example = { name: string; examples: Array<Record<string, unknown>> };
    const sets = createRequire(import.meta.url)("@octokit/webhooks-examples") as Example[];
    const upstream = (name: string, action: string) => sets.find((s) => s.name === name)?.examples.find((e) => e.action === action) ?? {};
    const keysOf = (value: unknown) => Object.keys(value as object).sort();
    const missing = (example: unknown, built: unknown) => keysOf(example).filter((k) => !keysOf(built).includes(k));

    const opened = issuesOpenedPayload({ owner, repo, issueNumber: 4, login: "bob", body: "b", installationId });
    const openedExample = upstream("issues", "opened");
    expect(missing(openedExample, opened)).toEqual([]);
    expect(missing(openedExample.issue, opened.issue)).toEqual([]);
    expect(missing(openedExample.repository, opened.repository)).toEqual([]);
    expect(missing(openedExample.sender, opened.sender)).toEqual([]);

    const commented = issueCommentPayload({ owner, repo, issueNumber: 4, login: "bob", commentId: 3_000_000_001, body: "/stop", installationId });
    const commentExample = upstream("issue_comment", "created");
    expect(missing(commentExample, commented)).toEqual([]);
    expect(missing(commentExample.comment, commented.comment)).toEqual([]);
    expect(missing(commentExample.issue, commented.issue)).toEqual([]);

    const added = membershipPayload({ action: "added", org: owner, teamSlug: "t", teamId: 1, login: "bob", installationId });
    const addedExample = upstream("membership", "added");
    expect(missing(addedExample, added)).toEqual([]);
    expect(missing(addedExample.team, added.team)).toEqual([]);
    expect(missing(addedExample.member, added.member)).toEqual([]);
  });

  it("builds issue_comment.created, on issues and on pull requests", () => {
    const payload = issueCommentPayload({
      owner,
      repo,
      issueNumber: 4,
      login: "bob",
      userId: 77,
      commentId: 3_000_000_001,
      body: "/snapshot nightly",
      installationId,
      issueAuthor: { login: "alice", id: 1_234 },
    });
    expect(payload).toMatchObject({
      action: "created",
      comment: {
        id: 3_000_000_001,
        body: "/snapshot nightly",
        user: { login: "bob", id: 77 },
        url: `https://api.github.com/repos/${owner}/${repo}/issues/comments/3000000001`,
        html_url: `https://github.com/${owner}/${repo}/issues/4#issuecomment-3000000001`,
        issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/4`,
      },
      issue: { number: 4, user: { login: "alice", id: 1_234 } },
      sender: { login: "bob", id: 77 },
      installation: { id: installationId },
    });
    const onPull = issueCommentPayload({ owner, repo, issueNumber: 5, login: "bob", commentId: 1, body: "/help", installationId, isPullRequest: true });
    expect(onPull.issue.pull_request?.html_url).toBe(`https://github.com/${owner}/${repo}/pull/5`);
    expect(onPull.comment.html_url).toBe(`https://github.com/${owner}/${repo}/pull/5#issuecomment-1`);
  });

  it("builds membership added and removed", () => {
    for (const action of ["added", "removed"] as const) {
      const payload = membershipPayload({ action, org: owner, teamSlug: "devspace-users", teamId: 5_551_212, login: "carol", userId: 99, installationId });
      expect(payload).toMatchObject({
        action,
        scope: "team",
        member: { login: "carol", id: 99, url: "https://api.github.com/users/carol" },
        team: { id: 5_551_212, slug: "devspace-users", html_url: `https://github.com/orgs/${owner}/teams/devspace-users` },
        organization: { login: owner, url: `https://api.github.com/orgs/${owner}` },
        installation: { id: installationId },
      });
    }
  });

  it("produces the headers GitHub sends", () => {
    const body = '{"zen":"Keep it logically awesome."}';
    const headers = webhookHeaders({ event: "ping", deliveryId: "abc", body, secret });
    expect(headers).toMatchObject({
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": "abc",
      "x-hub-signature-256": signWebhook(body, secret),
    });
    expect(headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
  });
});

describe("webhooks and the fake agree", () => {
  it("gives an unseeded login the same id in payloads and in API answers", async () => {
    const payload = issuesOpenedPayload({ owner, repo, issueNumber: 1, login: "erin", body: "b", installationId });
    fake.seedIssue({ owner, repo, number: 1, title: "t", user: "erin" });
    const { data } = await tokenClient().rest.users.getByUsername({ username: "erin" });
    expect(data.id).toBe(payload.sender.id);
    fake.assertNoViolations();
  });
});
