// startGitHubFake(): a local GitHub REST API for tests. Every request is checked against GitHub's
// published OpenAPI description; a small set of operations is implemented with in-memory state.
import type { KeyObject } from "node:crypto";
import type { AuthSettings } from "./auth.ts";
import { type CallMatcher, createFaults, type FaultOptions } from "./faults.ts";
import { handlers } from "./handlers/index.ts";
import { mintToken } from "./handlers/installations.ts";
import type { PipelineDeps } from "./pipeline.ts";
import { createRecorder, formatViolations, type RecordedCall, type Violation } from "./recorder.ts";
import { createRouter } from "./router.ts";
import {
  type CommentView,
  commentViews,
  type IssueView,
  issueViews,
  type ReactionTarget,
  type ReactionView,
  reactionViews,
  type SeedCommentInput,
  type SeedInstallationInput,
  type SeedIssueInput,
  type SeedTeamInput,
  type SeedUserInput,
  seedComment,
  seedInstallation,
  seedIssue,
  seedTeam,
  seedUser,
} from "./seeds.ts";
import { listen } from "./server.ts";
import type { AppInfo, ShapeContext } from "./shapes.ts";
import { type DescriptionName, loadDescription } from "./spec.ts";
import { clearStore, createStore, derivedId } from "./store.ts";

export type { TestAppCredentials } from "./credentials.ts";
export { createTestAppCredentials } from "./credentials.ts";
export type { CallMatcher, FaultOptions } from "./faults.ts";
export type { RecordedCall, Violation, ViolationKind } from "./recorder.ts";
export type {
  CommentView,
  IssueView,
  ReactionTarget,
  ReactionView,
  SeedCommentInput,
  SeedInstallationInput,
  SeedIssueInput,
  SeedTeamInput,
  SeedUserInput,
} from "./seeds.ts";

export type GitHubFakeOptions = {
  /** Expected `iss` of app JWTs. When omitted any issuer is accepted. */
  appId?: number;
  /** When given, app JWT signatures are verified against it. */
  publicKey?: string | KeyObject;
  /** The app's slug; its bot user `<slug>[bot]` authors writes. Default "devspaces". */
  appSlug?: string;
  /** Login of the org that owns the app. Default "devspaces-dev". */
  appOwner?: string;
  installations?: SeedInstallationInput[];
  /** Extra tokens accepted as installation tokens (not scoped to an installation). */
  tokens?: string[];
  /** Which description to check against. Default "api.github.com". */
  description?: DescriptionName;
  /** Clock for timestamps and token expiry. Default: the real clock. */
  now?: () => Date;
};

export type GitHubFake = {
  /** Base URL to hand to Octokit as `baseUrl`. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly calls: readonly RecordedCall[];
  readonly violations: readonly Violation[];
  /** Calls with a method other than GET. */
  writes(): RecordedCall[];
  /** Throws, listing every violation, when there is at least one. */
  assertNoViolations(): void;
  /** Clears calls, violations, pending faults and all seeded or created data. Installations and issued tokens survive. */
  reset(): void;
  close(): Promise<void>;
  /** The next `times` matching (valid) requests get `status` instead of being handled. */
  failNext(matcher: CallMatcher, status: number, times?: number, options?: FaultOptions): void;
  seedIssue(input: SeedIssueInput): IssueView;
  seedComment(input: SeedCommentInput): CommentView;
  seedTeam(input: SeedTeamInput): void;
  seedUser(input: SeedUserInput): void;
  seedInstallation(input: SeedInstallationInput): void;
  /** An installation token for clients that do not go through @octokit/auth-app. */
  mintInstallationToken(installationId: number): string;
  issues(owner: string, repo: string): IssueView[];
  comments(owner: string, repo: string, issue: number): CommentView[];
  reactions(owner: string, repo: string, target: ReactionTarget): ReactionView[];
};

/**
 * @example
 * const app = createTestAppCredentials();
 * const fake = await startGitHubFake({ appId: app.appId, publicKey: app.publicKey,
 *   installations: [{ id: 42, account: "octo-org" }] });
 * const octokit = await new App({ appId: app.appId, privateKey: app.privateKeyPkcs8,
 *   Octokit: Octokit.defaults({ baseUrl: fake.url }) }).getInstallationOctokit(42);
 */
export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const doc = loadDescription(options.description);
  const now = options.now ?? (() => new Date());
  const store = createStore(now);
  const recorder = createRecorder();
  const faults = createFaults(now);
  for (const installation of options.installations ?? []) seedInstallation(store, installation);

  const slug = options.appSlug ?? "devspaces";
  const appId = options.appId ?? 1_234_567;
  const app: AppInfo = {
    id: appId,
    slug,
    name: slug,
    clientId: `Iv23li${String(appId).padStart(14, "0")}`,
    owner: options.appOwner ?? "devspaces-dev",
    botLogin: `${slug}[bot]`,
    botId: 190_000_000 + (derivedId(slug) % 10_000_000),
    createdAt: "2024-01-02T03:04:05Z",
  };
  const auth: AuthSettings = {
    ...(options.appId === undefined ? {} : { appId: options.appId }),
    ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    staticTokens: new Set(options.tokens ?? []),
  };

  let ctx: ShapeContext | undefined;
  const deps: PipelineDeps = {
    doc,
    router: createRouter(doc),
    handlers,
    auth,
    faults,
    recorder,
    ctx: () => {
      if (!ctx) throw new Error("github-fake: request before the server was listening");
      return ctx;
    },
  };
  const running = await listen(deps);
  ctx = { store, api: running.url, web: "https://github.com", app };
  const ensureBot = () => seedUser(store, { login: app.botLogin, id: app.botId, type: "Bot" });
  ensureBot();

  return {
    url: running.url,
    get calls() {
      return recorder.calls;
    },
    get violations() {
      return recorder.violations;
    },
    writes: () => recorder.calls.filter((call) => call.method !== "GET"),
    assertNoViolations() {
      if (recorder.violations.length > 0) throw new Error(formatViolations(recorder.violations));
    },
    reset() {
      recorder.clear();
      faults.clear();
      clearStore(store);
      ensureBot();
    },
    close: () => running.close(),
    failNext(matcher, status, times = 1, faultOptions = {}) {
      faults.add(matcher, status, times, faultOptions);
    },
    seedIssue: (input) => seedIssue(store, input),
    seedComment: (input) => seedComment(store, input),
    seedTeam: (input) => seedTeam(store, input),
    seedUser: (input) => seedUser(store, input),
    seedInstallation: (input) => seedInstallation(store, input),
    mintInstallationToken(installationId) {
      const installation = store.installations.get(installationId);
      if (!installation) throw new Error(`github-fake: no installation ${installationId}; seed it first`);
      return mintToken(store, installation);
    },
    issues: (owner, repo) => issueViews(store, owner, repo),
    comments: (owner, repo, issue) => commentViews(store, owner, repo, issue),
    reactions: (owner, repo, target) => reactionViews(store, owner, repo, target),
  };
}
