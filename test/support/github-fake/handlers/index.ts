// Every operation the fake implements, keyed by the description's operationId.
import type { Handler } from "../handler.ts";
import { commentHandlers } from "./comments.ts";
import { installationHandlers } from "./installations.ts";
import { issueHandlers } from "./issues.ts";
import { reactionHandlers } from "./reactions.ts";
import { teamHandlers } from "./teams.ts";
import { userHandlers } from "./users.ts";

export const handlers: ReadonlyMap<string, Handler> = new Map(
  Object.entries({
    ...installationHandlers,
    ...issueHandlers,
    ...commentHandlers,
    ...reactionHandlers,
    ...teamHandlers,
    ...userHandlers,
  }),
);
