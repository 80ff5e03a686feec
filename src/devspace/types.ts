/**
 * The devspace domain types shared by parsers, builders and operations.
 * Everything here is plain data: no I/O, no library types.
 */

export const SIZE_NAMES = ["small", "medium", "large"] as const;
export type SizeName = (typeof SIZE_NAMES)[number];

/** What a developer asked for in the "Request devspace" issue form, after validation. */
export interface DevspaceForm {
  size: SizeName;
  /** Home volume size in GiB. */
  homeVolumeGi: number;
  /** `owner/name` of a GitHub repository with dotfiles, if the developer gave one. */
  dotfilesRepo?: string;
  notes?: string;
}

/** The installation-wide settings the builders need (from config, never from user input). */
export interface ClusterSettings {
  /** Devspaces are served at `https://<slug>.<domain>`. */
  domain: string;
  /** Namespace name prefix, e.g. "ds-" gives "ds-octocat". */
  namespacePrefix: string;
  /** Workstation image reference (tag or digest). */
  image: string;
  /** OAuth proxy sidecar image reference. */
  oauthProxyImage: string;
  /** StorageClass for the home volume; undefined uses the cluster default. */
  storageClassName?: string;
  ingressClassName: string;
  /** cert-manager ClusterIssuer that signs the Ingress TLS certificate. */
  clusterIssuer: string;
  /** Namespace of the ingress controller, the only source allowed to reach the proxy port. */
  ingressNamespace: string;
}

/** Where a devspace's conversation lives: the issue that requested it (or its home issue). */
export interface HomeIssue {
  owner: string;
  repo: string;
  number: number;
}

/** Everything needed to build a devspace's Kubernetes objects. Derived, never stored. */
export interface DevspaceSpec {
  /** The GitHub login exactly as GitHub spells it. */
  login: string;
  /** The GitHub user id (stable across renames). */
  userId: number;
  /** DNS-label slug derived from the login (see naming.ts). */
  slug: string;
  /** Namespace name: settings.namespacePrefix + slug. */
  namespace: string;
  /** Public host name: `<slug>.<domain>`. */
  host: string;
  size: SizeName;
  homeVolumeGi: number;
  dotfilesRepo?: string;
  home: HomeIssue;
  settings: ClusterSettings;
}

/** A Kubernetes object as plain JSON. The builders return these; the Cluster port applies them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
