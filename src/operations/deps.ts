/** What every operation is given: the two ports, the config, and a logger. */
import type { Cluster } from "../cluster/port.ts";
import type { AppConfig } from "../config.ts";
import type { GitHubForInstallation, GitHubForRepository } from "../github/port.ts";

export interface OperationDeps {
  cluster: Cluster;
  github: GitHubForInstallation;
  /** For work no webhook started (scheduled backups): finds the repository's installation. */
  githubForRepository?: GitHubForRepository;
  config: AppConfig;
  log: Logger;
  now?: () => Date;
}

export type Logger = (message: string, extra?: Record<string, unknown>) => void;
