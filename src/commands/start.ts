import { type CommandDefinition, noArgs } from "./types.ts";

export const startCommand: CommandDefinition = {
  name: "start",
  usage: "/start",
  summary: "Start a stopped workstation and wait until it is Ready.",
  parseArgs: noArgs("start"),
};
