/**
 * What a webhook asks us to do, decided synchronously and cheaply on the request path.
 * Intents are plain JSON: they cross into a Cloudflare Workflow as its params.
 */
import type { CommandDecision } from "../commands/parse-command.ts";
import type { DevspaceForm, HomeIssue } from "../devspace/types.ts";

export interface ProvisionIntent {
  kind: "provision";
  installationId: number;
  issue: HomeIssue;
  login: string;
  userId: number;
  form: DevspaceForm;
  /**
   * Set by onboarding for a home issue it has just opened, whose body already says the status
   * follows: no "provisioning" status, the first status comment is the outcome (Ready or
   * failed). One GitHub write fewer per onboarding, and the cluster work does not queue
   * behind GitHub's pacing of content-creating requests in a burst.
   */
  firstStatusWhenDone?: boolean;
}

/** Post (or update) a comment and change nothing else: form errors, help, refusals. */
export interface ReplyIntent {
  kind: "reply";
  installationId: number;
  issue: HomeIssue;
  /** Hidden marker: a reply with the same marker is edited in place instead of repeated. */
  marker?: string;
  body: string;
}

/** A comment that names a command (known or not); authorisation happens in the operation. */
export interface CommandIntent {
  kind: "command";
  installationId: number;
  issue: HomeIssue;
  commentId: number;
  sender: { login: string; id: number };
  decision: Exclude<CommandDecision, { kind: "ignore" }>;
}

/** Started by the schedule, not a webhook: back up every devspace for one slot (UTC `YYYYMMDDHHmm`). */
export interface ScheduledBackupIntent {
  kind: "scheduled-backup";
  slot: string;
}

/** A member added to (onboard) or removed from (offboard) a configured onboarding team. */
export interface MembershipIntent {
  kind: "onboard" | "offboard";
  installationId: number;
  org: string;
  team: { id: number; slug: string };
  member: { login: string; id: number };
}

export interface IgnoreIntent {
  kind: "ignore";
  reason: string;
}

export type Intent = ProvisionIntent | ReplyIntent | CommandIntent | MembershipIntent | ScheduledBackupIntent | IgnoreIntent;
export type ActionableIntent = Exclude<Intent, IgnoreIntent>;
