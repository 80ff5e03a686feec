/** Every command, in the order /help lists them. */
import { deleteCommand } from "./delete.ts";
import { helpCommand } from "./help.ts";
import { restoreCommand } from "./restore.ts";
import { snapshotCommand } from "./snapshot.ts";
import { startCommand } from "./start.ts";
import { stopCommand } from "./stop.ts";
import { statusCommand } from "./status.ts";
import type { CommandDefinition } from "./types.ts";

export const COMMANDS: readonly CommandDefinition[] = [
  statusCommand,
  snapshotCommand,
  restoreCommand,
  stopCommand,
  startCommand,
  deleteCommand,
  helpCommand,
];

export function findCommand(name: string): CommandDefinition | undefined {
  return COMMANDS.find((command) => command.name === name);
}
