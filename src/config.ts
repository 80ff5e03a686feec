/**
 * One zod schema over the environment, checked once at startup. A missing or invalid variable
 * fails with its name, not on the first webhook.
 */
import { z } from "zod";
import type { ClusterSettings, SizeName } from "./devspace/types.ts";
import { toPkcs8Pem } from "./github/private-key.ts";

const dnsName = z
  .string()
  .regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "must be a lowercase DNS name");
const dnsLabel = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a lowercase DNS label");
const seconds = z.coerce.number().int().positive();

export const EnvSchema = z.object({
  GITHUB_APP_ID: z.coerce.number().int().positive(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  /** The label the issue form applies; only issues carrying it are devspace requests. */
  DEVSPACES_LABEL: z.string().min(1).default("devspace"),
  DEVSPACES_DOMAIN: dnsName,
  DEVSPACES_NAMESPACE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,11}$/, "must be up to 12 lowercase letters, digits or hyphens")
    .default("ds-"),
  DEVSPACES_IMAGE: z.string().min(1),
  DEVSPACES_OAUTH_PROXY_IMAGE: z.string().min(1).default("quay.io/oauth2-proxy/oauth2-proxy:v7.13.0"),
  DEVSPACES_STORAGE_CLASS: dnsName.optional(),
  DEVSPACES_INGRESS_CLASS: dnsName.default("nginx"),
  DEVSPACES_CLUSTER_ISSUER: dnsName.default("letsencrypt"),
  DEVSPACES_INGRESS_NAMESPACE: dnsLabel.default("ingress-nginx"),
  /** Where the provisioner keeps its per-devspace Leases. */
  DEVSPACES_SYSTEM_NAMESPACE: dnsLabel.default("devspaces-system"),
  DEVSPACES_READY_TIMEOUT_SECONDS: seconds.default(600),
  // Long enough for the slowest operation (a restore waits on up to four bounded steps).
  DEVSPACES_LOCK_TTL_SECONDS: seconds.default(3600),
  /** `org/team-slug` whose members may run commands on every devspace. */
  DEVSPACES_ADMIN_TEAM: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be org/team-slug")
    .optional(),
  /** VolumeSnapshotClass for home-volume snapshots; unset uses the cluster default. */
  DEVSPACES_SNAPSHOT_CLASS: dnsName.optional(),
  DEVSPACES_SNAPSHOT_TIMEOUT_SECONDS: seconds.default(600),
  /** How long a deleted or offboarded devspace's volume and final snapshot are kept. */
  DEVSPACES_DELETE_GRACE_DAYS: z.coerce.number().positive().default(7),
  /** Team ids (not slugs: slugs change on rename) whose members get a devspace automatically. */
  DEVSPACES_ONBOARDING_TEAM_IDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated team ids")
    .optional(),
  /** `owner/repo` where home issues of onboarded members are opened. */
  DEVSPACES_REPOSITORY: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, "must be owner/repo")
    .optional(),
  DEVSPACES_DEFAULT_SIZE: z.enum(["small", "medium", "large"]).default("medium"),
  DEVSPACES_DEFAULT_HOME_GI: z.coerce.number().int().min(1).max(500).default(20),
  /** How long `/delete confirm` may follow `/delete`. */
  DEVSPACES_DELETE_CONFIRM_MINUTES: z.coerce.number().positive().default(10),
  /** Node: minutes between scheduled backups, aligned to the epoch (1440 = 00:00 UTC daily); 0 turns them off. Workers: wrangler.toml crons. */
  DEVSPACES_BACKUP_INTERVAL_MINUTES: z.coerce.number().int().nonnegative().default(1440),
  /** How many scheduled snapshots each devspace keeps. */
  DEVSPACES_BACKUP_RETENTION: z.coerce.number().int().min(1).max(1000).default(7),
  /** How many devspaces one scheduled run backs up at the same time. */
  DEVSPACES_BACKUP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Safety (before a restore) and final snapshots younger than this are never pruned. */
  DEVSPACES_SAFETY_RETENTION_DAYS: z.coerce.number().positive().default(14),
  /** GitHub OAuth app used by the proxy sidecar to log the owner in. */
  OAUTH_CLIENT_ID: z.string().min(1),
  OAUTH_CLIENT_SECRET: z.string().min(1),
  /** Master key; each devspace's cookie secret is derived from it, so re-applying converges. */
  OAUTH_COOKIE_KEY: z.string().min(32, "must be at least 32 characters"),
});
export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  github: { appId: number; privateKeyPkcs8: string; webhookSecret: string; apiUrl: string };
  label: string;
  settings: ClusterSettings;
  systemNamespace: string;
  readyTimeoutMs: number;
  lockTtlSeconds: number;
  adminTeam?: { org: string; slug: string };
  snapshotClass?: string;
  snapshotTimeoutMs: number;
  deleteGraceMs: number;
  onboarding: { teamIds: number[]; repository?: { owner: string; repo: string }; defaults: { size: SizeName; homeVolumeGi: number } };
  deleteConfirmMs: number;
  backup: { intervalMinutes: number; retention: number; concurrency: number; safetyRetentionMs: number };
  oauth: { clientId: string; clientSecret: string; cookieKey: string };
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Devspaces configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads the environment (process.env on Node, the bindings on Workers) into a typed config. */
export function loadConfig(env: Record<string, unknown>): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.DEVSPACES_ONBOARDING_TEAM_IDS && !e.DEVSPACES_REPOSITORY) {
    throw new ConfigError(["DEVSPACES_REPOSITORY: required when DEVSPACES_ONBOARDING_TEAM_IDS is set (home issues are opened there)"]);
  }
  let privateKeyPkcs8: string;
  try {
    privateKeyPkcs8 = toPkcs8Pem(e.GITHUB_APP_PRIVATE_KEY);
  } catch (error) {
    throw new ConfigError([`GITHUB_APP_PRIVATE_KEY: ${(error as Error).message}`]);
  }
  return {
    github: {
      appId: e.GITHUB_APP_ID,
      privateKeyPkcs8,
      webhookSecret: e.GITHUB_WEBHOOK_SECRET,
      apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ""),
    },
    label: e.DEVSPACES_LABEL,
    settings: {
      domain: e.DEVSPACES_DOMAIN,
      namespacePrefix: e.DEVSPACES_NAMESPACE_PREFIX,
      image: e.DEVSPACES_IMAGE,
      oauthProxyImage: e.DEVSPACES_OAUTH_PROXY_IMAGE,
      storageClassName: e.DEVSPACES_STORAGE_CLASS,
      ingressClassName: e.DEVSPACES_INGRESS_CLASS,
      clusterIssuer: e.DEVSPACES_CLUSTER_ISSUER,
      ingressNamespace: e.DEVSPACES_INGRESS_NAMESPACE,
    },
    systemNamespace: e.DEVSPACES_SYSTEM_NAMESPACE,
    readyTimeoutMs: e.DEVSPACES_READY_TIMEOUT_SECONDS * 1000,
    lockTtlSeconds: e.DEVSPACES_LOCK_TTL_SECONDS,
    adminTeam: e.DEVSPACES_ADMIN_TEAM
      ? { org: e.DEVSPACES_ADMIN_TEAM.split("/")[0]!, slug: e.DEVSPACES_ADMIN_TEAM.split("/")[1]! }
      : undefined,
    snapshotClass: e.DEVSPACES_SNAPSHOT_CLASS,
    snapshotTimeoutMs: e.DEVSPACES_SNAPSHOT_TIMEOUT_SECONDS * 1000,
    deleteGraceMs: e.DEVSPACES_DELETE_GRACE_DAYS * 24 * 60 * 60 * 1000,
    onboarding: {
      teamIds: (e.DEVSPACES_ONBOARDING_TEAM_IDS ?? "").split(",").map((id) => id.trim()).filter(Boolean).map(Number),
      repository: e.DEVSPACES_REPOSITORY
        ? { owner: e.DEVSPACES_REPOSITORY.split("/")[0]!, repo: e.DEVSPACES_REPOSITORY.split("/")[1]! }
        : undefined,
      defaults: { size: e.DEVSPACES_DEFAULT_SIZE, homeVolumeGi: e.DEVSPACES_DEFAULT_HOME_GI },
    },
    deleteConfirmMs: e.DEVSPACES_DELETE_CONFIRM_MINUTES * 60 * 1000,
    backup: {
      intervalMinutes: e.DEVSPACES_BACKUP_INTERVAL_MINUTES,
      retention: e.DEVSPACES_BACKUP_RETENTION,
      concurrency: e.DEVSPACES_BACKUP_CONCURRENCY,
      safetyRetentionMs: e.DEVSPACES_SAFETY_RETENTION_DAYS * 24 * 60 * 60 * 1000,
    },
    oauth: { clientId: e.OAUTH_CLIENT_ID, clientSecret: e.OAUTH_CLIENT_SECRET, cookieKey: e.OAUTH_COOKIE_KEY },
  };
}
