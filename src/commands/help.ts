import { noArgs, type CommandDefinition } from "./types.ts";

export const helpCommand: CommandDefinition = {
  name: "help",
  usage: "/help",
  summary: "List the commands.",
  parseArgs: noArgs("help"),
};
