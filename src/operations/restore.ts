/** /restore: placeholder until the restore operation lands; refuses without changing anything. */
import { DevspaceError } from "../errors.ts";
import type { CommandContext } from "./command-context.ts";

export async function restoreSnapshot(_context: CommandContext): Promise<string> {
  throw new DevspaceError("restore.unavailable", "Restoring is not available yet. Nothing was changed.");
}
