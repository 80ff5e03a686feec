/**
 * A devspace as the cluster records it: read back from its namespace's labels and annotations.
 * The cluster is our only database, so this is the "row" every command starts from.
 */
import {
  ANNOTATION_DELETE_AFTER,
  ANNOTATION_FINAL_SNAPSHOT,
  ANNOTATION_HOME_ISSUE,
  ANNOTATION_LOGIN,
  ANNOTATION_ONBOARDED_BY_TEAM,
  ANNOTATION_SIZE,
  ANNOTATION_STATE,
  ANNOTATION_USER_ID,
  LABEL_DEVSPACE,
} from "./labels.ts";
import type { HomeIssue, KubeObject } from "./types.ts";

export interface DevspaceRecord {
  namespace: string;
  slug: string;
  login: string;
  userId: number;
  size: string;
  home: HomeIssue;
  state: string;
  /** Set on archived devspaces: when the purge may remove them, and their verified final snapshot. */
  deleteAfter?: string;
  finalSnapshot?: string;
  /** The onboarding team (by id) it was provisioned for, when a team membership created it. */
  onboardedByTeam?: number;
}

export function formatHomeIssue(home: HomeIssue): string {
  return `${home.owner}/${home.repo}#${home.number}`;
}

export function parseHomeIssue(text: string | undefined): HomeIssue | undefined {
  const match = /^([^/\s]+)\/([^#\s]+)#(\d+)$/.exec(text ?? "");
  return match ? { owner: match[1]!, repo: match[2]!, number: Number(match[3]) } : undefined;
}

/** Undefined for namespaces that are not complete devspaces (missing owner or home issue). */
export function readDevspaceRecord(namespace: KubeObject): DevspaceRecord | undefined {
  const annotations = namespace.metadata.annotations ?? {};
  const slug = namespace.metadata.labels?.[LABEL_DEVSPACE];
  const home = parseHomeIssue(annotations[ANNOTATION_HOME_ISSUE]);
  const login = annotations[ANNOTATION_LOGIN];
  const userId = Number(annotations[ANNOTATION_USER_ID]);
  if (!slug || !home || !login || !Number.isInteger(userId)) return undefined;
  const onboardedByTeam = Number(annotations[ANNOTATION_ONBOARDED_BY_TEAM]);
  return {
    namespace: namespace.metadata.name,
    slug,
    login,
    userId,
    size: annotations[ANNOTATION_SIZE] ?? "unknown",
    home,
    state: annotations[ANNOTATION_STATE] ?? "unknown",
    ...(annotations[ANNOTATION_DELETE_AFTER] ? { deleteAfter: annotations[ANNOTATION_DELETE_AFTER] } : {}),
    ...(annotations[ANNOTATION_FINAL_SNAPSHOT] ? { finalSnapshot: annotations[ANNOTATION_FINAL_SNAPSHOT] } : {}),
    ...(annotations[ANNOTATION_ONBOARDED_BY_TEAM] && Number.isInteger(onboardedByTeam) ? { onboardedByTeam } : {}),
  };
}

/** Whether a record belongs to this issue (repository names are case-insensitive on GitHub). */
export function isHomeIssue(record: DevspaceRecord, issue: HomeIssue): boolean {
  return (
    record.home.number === issue.number &&
    record.home.owner.toLowerCase() === issue.owner.toLowerCase() &&
    record.home.repo.toLowerCase() === issue.repo.toLowerCase()
  );
}
