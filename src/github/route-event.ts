/**
 * Turns a verified webhook into an Intent. Pure and fast: it runs before the 202.
 * zod narrows only the slice of each payload we read; everything else is ignored.
 */
import { z } from "zod";
import { parseCommand } from "../commands/parse-command.ts";
import type { HomeIssue } from "../devspace/types.ts";
import type { Intent } from "../operations/intent.ts";
import { FORM_ERRORS_MARKER } from "./markers.ts";
import { parseIssueForm } from "./issue-form.ts";
import { renderFormErrors } from "./render-form-errors.ts";

const Account = z.object({ login: z.string().min(1), id: z.number().int(), type: z.string().optional() });

const IssuesEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    body: z.string().nullable().optional(),
    user: Account,
    labels: z.array(z.object({ name: z.string() })).optional().default([]),
    pull_request: z.unknown().optional(),
  }),
  label: z.object({ name: z.string() }).optional(),
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
  installation: z.object({ id: z.number().int().positive() }),
  sender: Account,
});

const IssueCommentEvent = z.object({
  action: z.string(),
  comment: z.object({ id: z.number().int().positive(), body: z.string().nullable().optional(), user: Account }),
  issue: z.object({
    number: z.number().int().positive(),
    labels: z.array(z.object({ name: z.string() })).optional().default([]),
    pull_request: z.unknown().optional(),
  }),
  repository: z.object({ name: z.string().min(1), owner: z.object({ login: z.string().min(1) }) }),
  installation: z.object({ id: z.number().int().positive() }),
  sender: Account,
});

const MembershipEvent = z.object({
  action: z.string(),
  scope: z.string(),
  member: Account,
  team: z.object({ id: z.number().int().positive(), slug: z.string().min(1).optional(), deleted: z.boolean().optional() }),
  organization: z.object({ login: z.string().min(1) }),
  installation: z.object({ id: z.number().int().positive() }),
});

export interface RouteOptions {
  /** The label the issue form applies. */
  label: string;
  /** Team ids whose members are onboarded automatically; empty turns onboarding off. */
  onboardingTeamIds?: readonly number[];
}

export type RouteResult = { ok: true; intent: Intent } | { ok: false; status: 400; message: string };

export function routeEvent(event: string, payload: unknown, options: RouteOptions): RouteResult {
  switch (event) {
    case "issues":
      return routeIssues(payload, options);
    case "issue_comment":
      return routeIssueComment(payload, options);
    case "membership":
      return routeMembership(payload, options);
    default:
      return ignore(`event "${event}" is not handled`);
  }
}

function routeIssues(payload: unknown, options: RouteOptions): RouteResult {
  const action = (payload as { action?: unknown } | null)?.action;
  if (action !== "opened" && action !== "labeled") return ignore(`issues.${String(action)} is not handled`);
  const parsed = IssuesEvent.safeParse(payload);
  if (!parsed.success) return { ok: false, status: 400, message: `Unexpected issues payload: ${summarise(parsed.error)}` };
  const { issue, label, repository, installation, sender } = parsed.data;

  if (issue.pull_request !== undefined) return ignore("pull requests never provision");
  if (sender.type === "Bot" || issue.user.type === "Bot") return ignore("issues opened by bots never provision");
  const requested =
    action === "opened" ? issue.labels.some((l) => l.name === options.label) : label?.name === options.label;
  if (!requested) return ignore(`the issue does not carry the "${options.label}" label`);

  const home: HomeIssue = { owner: repository.owner.login, repo: repository.name, number: issue.number };
  const form = parseIssueForm(issue.body ?? "");
  if (!form.ok) {
    return {
      ok: true,
      intent: {
        kind: "reply",
        installationId: installation.id,
        issue: home,
        marker: FORM_ERRORS_MARKER,
        body: `${FORM_ERRORS_MARKER}\n${renderFormErrors(form.errors)}`,
      },
    };
  }
  return {
    ok: true,
    intent: {
      kind: "provision",
      installationId: installation.id,
      issue: home,
      login: issue.user.login,
      userId: issue.user.id,
      form: form.value,
    },
  };
}

/**
 * Only a new comment by a human on a devspace issue can act. Edits and deletions never do (an
 * edit must not replay a /restore), nor bots (our own replies quote commands), nor PRs.
 */
function routeIssueComment(payload: unknown, options: RouteOptions): RouteResult {
  const action = (payload as { action?: unknown } | null)?.action;
  if (action !== "created") return ignore(`issue_comment.${String(action)} never acts`);
  const parsed = IssueCommentEvent.safeParse(payload);
  if (!parsed.success) return { ok: false, status: 400, message: `Unexpected issue_comment payload: ${summarise(parsed.error)}` };
  const { comment, issue, repository, installation, sender } = parsed.data;
  if (issue.pull_request !== undefined) return ignore("comments on pull requests never act");
  if (sender.type === "Bot" || comment.user.type === "Bot") return ignore("comments by bots never act");
  if (!issue.labels.some((l) => l.name === options.label)) return ignore(`the issue does not carry the "${options.label}" label`);
  const decision = parseCommand(comment.body ?? "");
  if (decision.kind === "ignore") return ignore("the comment holds no command");
  return {
    ok: true,
    intent: {
      kind: "command",
      installationId: installation.id,
      issue: { owner: repository.owner.login, repo: repository.name, number: issue.number },
      commentId: comment.id,
      sender: { login: sender.login, id: sender.id },
      decision,
    },
  };
}

/**
 * Team membership drives onboarding. Matched on team id, because slugs change on rename; a
 * deleted team's payload has no slug and is ignored, as are teams that are not configured.
 */
function routeMembership(payload: unknown, options: RouteOptions): RouteResult {
  const action = (payload as { action?: unknown } | null)?.action;
  if (action !== "added" && action !== "removed") return ignore(`membership.${String(action)} is not handled`);
  const parsed = MembershipEvent.safeParse(payload);
  if (!parsed.success) return { ok: false, status: 400, message: `Unexpected membership payload: ${summarise(parsed.error)}` };
  const { scope, member, team, organization, installation } = parsed.data;
  if (scope !== "team") return ignore(`membership scope "${scope}" is not handled`);
  if (team.deleted || !team.slug) return ignore("the team was deleted");
  if (!(options.onboardingTeamIds ?? []).includes(team.id)) return ignore(`team ${team.id} is not an onboarding team`);
  if (member.type === "Bot") return ignore("bots are not onboarded");
  return {
    ok: true,
    intent: {
      kind: action === "added" ? "onboard" : "offboard",
      installationId: installation.id,
      org: organization.login,
      team: { id: team.id, slug: team.slug },
      member: { login: member.login, id: member.id },
    },
  };
}

function ignore(reason: string): RouteResult {
  return { ok: true, intent: { kind: "ignore", reason } };
}

function summarise(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".")}: ${i.message}`)
    .join("; ");
}
