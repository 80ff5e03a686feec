/**
 * The one place a validated request becomes a DevspaceSpec: everything the resource
 * builders need, derived from the requester, the form and the installation settings.
 */
import { isDnsLabel, slugFromLogin } from "./naming.ts";
import type { ClusterSettings, DevspaceForm, DevspaceSpec, HomeIssue } from "./types.ts";

export interface CreateDevspaceSpecInput {
  /** The requester's login exactly as GitHub spells it. */
  login: string;
  /** The requester's GitHub user id. */
  userId: number;
  form: DevspaceForm;
  home: HomeIssue;
  settings: ClusterSettings;
}

/**
 * Derives a devspace's spec. Pure. Throws only when the settings cannot name a namespace
 * (a namespace prefix that makes `prefix + slug` an invalid label): that is a configuration
 * bug, never a user error.
 *
 * @example
 * createDevspaceSpec({ login: "Octocat", userId: 583231, form: { size: "medium", homeVolumeGi: 20 },
 *   home: { owner: "acme", repo: "devspaces", number: 7 }, settings })
 * // { login: "Octocat", slug: "octocat", namespace: "ds-octocat", host: "octocat.dev.example.com", ... }
 */
export function createDevspaceSpec({ login, userId, form, home, settings }: CreateDevspaceSpecInput): DevspaceSpec {
  const slug = slugFromLogin(login);
  const namespace = `${settings.namespacePrefix}${slug}`;
  if (!isDnsLabel(namespace)) {
    throw new Error(
      `namespace "${namespace}" is not a DNS label: the namespace prefix "${settings.namespacePrefix}" must be lowercase letters, digits and "-", start with a letter or digit, and leave room for a 50-character slug (at most 13 characters)`,
    );
  }
  const spec: DevspaceSpec = {
    login,
    userId,
    slug,
    namespace,
    host: `${slug}.${settings.domain}`,
    size: form.size,
    homeVolumeGi: form.homeVolumeGi,
    home,
    settings,
  };
  if (form.dotfilesRepo !== undefined) spec.dotfilesRepo = form.dotfilesRepo;
  return spec;
}
