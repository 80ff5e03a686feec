/** Label and annotation keys: the cluster is our only database, so these are the schema. */
export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "devspaces";
/** The field manager for every server-side apply we make. */
export const FIELD_MANAGER = "devspaces";
/** The field manager for state we patch (annotations, replicas) without re-applying everything. */
export const STATE_FIELD_MANAGER = "devspaces-operations";
export const LABEL_DEVSPACE = "devspaces.dev/devspace";
export const ANNOTATION_LOGIN = "devspaces.dev/login";
export const ANNOTATION_USER_ID = "devspaces.dev/user-id";
export const ANNOTATION_HOME_ISSUE = "devspaces.dev/home-issue";
export const ANNOTATION_SIZE = "devspaces.dev/size";
export const ANNOTATION_STATE = "devspaces.dev/state";
/** When an archived devspace (deleted or offboarded) may be removed for good, ISO time. */
export const ANNOTATION_DELETE_AFTER = "devspaces.dev/delete-after";
/** The verified final snapshot taken before archiving. */
export const ANNOTATION_FINAL_SNAPSHOT = "devspaces.dev/final-snapshot";
/** The onboarding team (by id) a devspace was provisioned for, if any. */
export const ANNOTATION_ONBOARDED_BY_TEAM = "devspaces.dev/onboarded-by-team";
