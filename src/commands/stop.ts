import { type CommandDefinition, noArgs } from "./types.ts";

export const stopCommand: CommandDefinition = {
  name: "stop",
  usage: "/stop",
  summary: "Stop the workstation. Your home volume is kept; `/start` brings it back.",
  parseArgs: noArgs("stop"),
};
