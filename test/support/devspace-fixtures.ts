/**
 * Shortcuts for integration tests: provision a devspace through a real signed webhook, and
 * post comments on its issue the way GitHub delivers them.
 */
import { randomUUID } from "node:crypto";
import { renderIssueFormBody } from "../../src/github/issue-form.ts";
import { type DevspacesUnderTest, INSTALLATION_ID, ORG, REPO } from "./devspaces-under-test.ts";
import { issueCommentPayload, issuesOpenedPayload } from "./webhooks.ts";

export interface TestDevspace {
  login: string;
  userId: number;
  issueNumber: number;
  namespace: string;
}

// Test files share one control plane, and a devspace is found by its home issue: each file
// starts its issue numbers somewhere else so no two files' devspaces claim the same issue.
let nextIssueNumber = 10_000 + Math.floor(Math.random() * 900_000);

/** Opens a Request devspace issue and waits until the devspace is provisioned. */
export async function provisionDevspace(sut: DevspacesUnderTest, login: string, userId: number): Promise<TestDevspace> {
  const issueNumber = nextIssueNumber++;
  const body = renderIssueFormBody({ size: "small", homeVolumeGi: "2", acknowledgement: [true] });
  sut.github.seedIssue({ owner: ORG, repo: REPO, number: issueNumber, title: "Request devspace", body, user: { login, id: userId }, labels: ["devspace"] });
  const payload = issuesOpenedPayload({ owner: ORG, repo: REPO, issueNumber, login, userId, body, labels: ["devspace"], installationId: INSTALLATION_ID });
  const response = await sut.send("issues", payload);
  if (response.status !== 202) throw new Error(`provision webhook answered ${response.status}`);
  await sut.idle();
  return { login, userId, issueNumber, namespace: `ds-${login.toLowerCase()}` };
}

export interface CommentOptions {
  /** Who comments; the owner by default. */
  author?: { login: string; id: number; type?: "User" | "Bot" };
  action?: "created" | "edited" | "deleted";
  isPullRequest?: boolean;
  deliveryId?: string;
  labels?: string[];
}

/** Seeds the comment in the GitHub fake (so reactions land on it) and delivers its webhook. */
export async function comment(sut: DevspacesUnderTest, devspace: TestDevspace, body: string, options: CommentOptions = {}) {
  const author = options.author ?? { login: devspace.login, id: devspace.userId };
  const seeded = sut.github.seedComment({ owner: ORG, repo: REPO, issue: devspace.issueNumber, body, user: { login: author.login, id: author.id } });
  const payload = issueCommentPayload({
    owner: ORG,
    repo: REPO,
    issueNumber: devspace.issueNumber,
    login: author.login,
    userId: author.id,
    commentId: seeded.id,
    body,
    installationId: INSTALLATION_ID,
    issueAuthor: { login: devspace.login, id: devspace.userId },
    issueLabels: options.labels ?? ["devspace"],
    isPullRequest: options.isPullRequest,
  }) as unknown as Record<string, Record<string, unknown>>;
  if (options.action) (payload as Record<string, unknown>).action = options.action;
  if (author.type === "Bot") {
    payload.sender!.type = "Bot";
    (payload.comment!.user as Record<string, unknown>).type = "Bot";
  }
  const deliveryId = options.deliveryId ?? randomUUID();
  const response = await sut.send("issue_comment", payload, { deliveryId });
  return { response, commentId: seeded.id, deliveryId, payload };
}

/** Comments on the devspace's issue that Devspaces wrote, excluding the status comment. */
export function replies(sut: DevspacesUnderTest, devspace: TestDevspace) {
  return sut.github
    .comments(ORG, REPO, devspace.issueNumber)
    .filter((c) => c.user.endsWith("[bot]") && !c.body.includes("<!-- devspaces:status:"));
}

export function reactionsOn(sut: DevspacesUnderTest, commentId: number): string[] {
  return sut.github.reactions(ORG, REPO, { comment: commentId }).map((r) => r.content);
}
