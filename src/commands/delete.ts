import type { CommandDefinition, ParsedArgs } from "./types.ts";

export const deleteCommand: CommandDefinition = {
  name: "delete",
  usage: "/delete, then /delete confirm",
  summary:
    "Delete the devspace. `/delete` explains what happens; `/delete confirm` within a few minutes does it. A final snapshot and the volume are kept for a grace period first.",
  parseArgs(words): ParsedArgs {
    if (words.length === 0) return { ok: true, args: {} };
    if (words.length === 1 && words[0]!.toLowerCase() === "confirm") return { ok: true, args: { confirm: "yes" } };
    return { ok: false, message: "`/delete` takes no arguments except `confirm`: comment `/delete` first, then `/delete confirm`." };
  },
};
