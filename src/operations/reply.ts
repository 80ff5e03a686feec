/** Posts a reply (form errors, help, refusals) and changes nothing else. */
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import type { ReplyIntent } from "./intent.ts";

export async function reply(intent: ReplyIntent, step: Step, deps: OperationDeps): Promise<void> {
  const github = deps.github(intent.installationId);
  await step.do("reply", async () => {
    if (intent.marker) await github.upsertComment(intent.issue, intent.marker, intent.body);
    else await github.createComment(intent.issue, intent.body);
  });
}
