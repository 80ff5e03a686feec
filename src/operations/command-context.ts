/** What a command handler gets, and what it returns: the reply to post (if any). */
import type { DevspaceRecord } from "../devspace/record.ts";
import type { GitHub } from "../github/port.ts";
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import type { CommandIntent } from "./intent.ts";

export interface CommandContext {
  intent: CommandIntent;
  args: Record<string, string>;
  record: DevspaceRecord;
  step: Step;
  deps: OperationDeps;
  github: GitHub;
  runId: string;
}

/** Returns the reply to post, or undefined when the refreshed status comment says it all. */
export type CommandHandler = (context: CommandContext) => Promise<string | undefined>;
