import type { V1Namespace } from "@kubernetes/client-node";
import { ANNOTATION_HOME_ISSUE, ANNOTATION_LOGIN, ANNOTATION_SIZE, ANNOTATION_USER_ID } from "../labels.ts";
import type { DevspaceSpec } from "../types.ts";
import { type Built, devspaceLabels } from "./common.ts";

const POD_SECURITY = "pod-security.kubernetes.io";

/**
 * The devspace's namespace. Its labels and annotations are the record of who owns the
 * devspace, which issue it belongs to and what size it is: the cluster is the database.
 *
 * Pod Security "restricted" is enforced (and audited and warned) at the latest version,
 * so the API server itself rejects a workstation pod that drifts from the profile.
 *
 * The state annotation is deliberately absent: operations own it. (With server-side
 * apply, whoever sets it must use a field manager other than the one applying this
 * object, or include it here, or the next apply of this object removes it.)
 *
 * @example
 * buildNamespace(spec).metadata
 * // { name: "ds-octo-cat",
 * //   labels: { "pod-security.kubernetes.io/enforce": "restricted", ..., "devspaces.dev/devspace": "octo-cat" },
 * //   annotations: { "devspaces.dev/login": "Octo-Cat", "devspaces.dev/user-id": "583231",
 * //                  "devspaces.dev/home-issue": "acme/devspaces#42", "devspaces.dev/size": "medium" } }
 */
export function buildNamespace(spec: DevspaceSpec): Built<V1Namespace> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: spec.namespace,
      labels: {
        ...devspaceLabels(spec),
        [`${POD_SECURITY}/enforce`]: "restricted",
        [`${POD_SECURITY}/enforce-version`]: "latest",
        [`${POD_SECURITY}/audit`]: "restricted",
        [`${POD_SECURITY}/audit-version`]: "latest",
        [`${POD_SECURITY}/warn`]: "restricted",
        [`${POD_SECURITY}/warn-version`]: "latest",
      },
      annotations: {
        [ANNOTATION_LOGIN]: spec.login,
        [ANNOTATION_USER_ID]: String(spec.userId),
        [ANNOTATION_HOME_ISSUE]: `${spec.home.owner}/${spec.home.repo}#${spec.home.number}`,
        [ANNOTATION_SIZE]: spec.size,
      },
    },
  };
}
