import type { CommandDefinition, ParsedArgs } from "./types.ts";

export const restoreCommand: CommandDefinition = {
  name: "restore",
  usage: "/restore <snapshot name | label | latest>",
  summary:
    "Roll your home volume back to a snapshot. A safety snapshot of the current volume is taken first, so the restore can be undone.",
  parseArgs(words): ParsedArgs {
    const [target] = words;
    if (words.length !== 1 || !target) {
      return { ok: false, message: "Say which snapshot to restore: `/restore <snapshot name | label | latest>` (see `/status` for the list)." };
    }
    return { ok: true, args: { target } };
  },
};
