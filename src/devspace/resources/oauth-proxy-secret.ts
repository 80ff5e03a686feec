import type { V1Secret } from "@kubernetes/client-node";
import type { DevspaceSpec } from "../types.ts";
import { type Built, namespacedMeta, OAUTH_PROXY_SECRET_NAME } from "./common.ts";

/** The values the OAuth proxy needs. The caller supplies them; builders never invent secrets. */
export interface OauthProxySecrets {
  /** Client id of the GitHub OAuth app whose callback is `https://<host>/oauth2/callback`. */
  clientId: string;
  clientSecret: string;
  /** oauth2-proxy cookie secret: 16, 24 or 32 bytes, or their base64 encoding. */
  cookieSecret: string;
}

/** Keys of the `oauth-proxy` Secret, read by the sidecar through `secretKeyRef`. */
export const OAUTH_PROXY_SECRET_KEYS = {
  clientId: "client-id",
  clientSecret: "client-secret",
  cookieSecret: "cookie-secret",
} as const;

/**
 * The Secret the OAuth proxy sidecar reads its credentials from.
 *
 * `stringData` is used so the builder stays free of base64 (and of Buffer, which Workers
 * lack); the API server stores it as `data`.
 *
 * @example
 * buildOauthProxySecret(spec, { clientId: "Iv1.abc", clientSecret: "…", cookieSecret: "…" })
 * // { apiVersion: "v1", kind: "Secret", metadata: { name: "oauth-proxy", ... }, type: "Opaque",
 * //   stringData: { "client-id": "Iv1.abc", "client-secret": "…", "cookie-secret": "…" } }
 */
export function buildOauthProxySecret(spec: DevspaceSpec, secrets: OauthProxySecrets): Built<V1Secret> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: namespacedMeta(spec, OAUTH_PROXY_SECRET_NAME),
    type: "Opaque",
    stringData: {
      [OAUTH_PROXY_SECRET_KEYS.clientId]: secrets.clientId,
      [OAUTH_PROXY_SECRET_KEYS.clientSecret]: secrets.clientSecret,
      [OAUTH_PROXY_SECRET_KEYS.cookieSecret]: secrets.cookieSecret,
    },
  };
}
