/**
 * What a webhook asks us to do, decided synchronously and cheaply on the request path.
 * Intents are plain JSON: they cross into a Cloudflare Workflow as its params.
 */
import type { DevspaceForm, HomeIssue } from "../devspace/types.ts";

export interface ProvisionIntent {
  kind: "provision";
  installationId: number;
  issue: HomeIssue;
  login: string;
  userId: number;
  form: DevspaceForm;
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

export interface IgnoreIntent {
  kind: "ignore";
  reason: string;
}

export type Intent = ProvisionIntent | ReplyIntent | IgnoreIntent;
export type ActionableIntent = Exclude<Intent, IgnoreIntent>;
