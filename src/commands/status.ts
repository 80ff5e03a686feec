import { noArgs, type CommandDefinition } from "./types.ts";

export const statusCommand: CommandDefinition = {
  name: "status",
  usage: "/status",
  summary: "Refresh the status comment: pod, image, size, volume and the list of snapshots.",
  parseArgs: noArgs("status"),
};
