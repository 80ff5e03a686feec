import type { V1Container } from "@kubernetes/client-node";
import { OAUTH_PROXY_RESOURCES, toKubeResources } from "../sizes.ts";
import type { DevspaceSpec } from "../types.ts";
import { CODE_SERVER_PORT, OAUTH_PROXY_SECRET_NAME, PROXY_PORT } from "./common.ts";
import { checkedHost, checkedLogin } from "./guards.ts";
import { OAUTH_PROXY_SECRET_KEYS } from "./oauth-proxy-secret.ts";
import { restrictedContainerSecurityContext } from "./pod-security.ts";

/**
 * The oauth2-proxy sidecar: the only HTTP listener reachable from outside the pod. It
 * signs users in with GitHub and forwards only the devspace owner to code-server on
 * loopback.
 *
 * `--github-user` is an exact, case-sensitive match on the login GitHub returns, so the
 * login is passed exactly as GitHub spells it. (After a rename the owner is locked out
 * until the devspace is re-applied with the new login.) `--email-domain=*` is safe here
 * because the user restriction already narrows access to one account.
 *
 * Every argument is a separate argv entry; nothing is interpreted by a shell.
 *
 * @example
 * buildOauthProxyContainer(spec).args
 * // ["--provider=github", "--github-user=Octo-Cat", "--upstream=http://127.0.0.1:8080/", ...,
 * //  "--redirect-url=https://octo-cat.dev.example.com/oauth2/callback", ...]
 */
export function buildOauthProxyContainer(spec: DevspaceSpec): V1Container {
  const login = checkedLogin(spec.login);
  const host = checkedHost(spec.host);
  const fromSecret = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: OAUTH_PROXY_SECRET_NAME, key } },
  });

  return {
    name: "oauth-proxy",
    image: spec.settings.oauthProxyImage,
    args: [
      "--provider=github",
      `--github-user=${login}`,
      `--upstream=http://127.0.0.1:${CODE_SERVER_PORT}/`,
      `--http-address=0.0.0.0:${PROXY_PORT}`,
      "--email-domain=*",
      "--cookie-secure=true",
      `--redirect-url=https://${host}/oauth2/callback`,
      "--reverse-proxy=true",
      "--skip-provider-button=true",
      // Probes hit /ping every few seconds; keep them out of the request log.
      "--silence-ping-logging=true",
    ],
    env: [
      fromSecret("OAUTH2_PROXY_CLIENT_ID", OAUTH_PROXY_SECRET_KEYS.clientId),
      fromSecret("OAUTH2_PROXY_CLIENT_SECRET", OAUTH_PROXY_SECRET_KEYS.clientSecret),
      fromSecret("OAUTH2_PROXY_COOKIE_SECRET", OAUTH_PROXY_SECRET_KEYS.cookieSecret),
    ],
    ports: [{ name: "http", containerPort: PROXY_PORT, protocol: "TCP" }],
    resources: toKubeResources(OAUTH_PROXY_RESOURCES),
    readinessProbe: {
      httpGet: { path: "/ping", port: PROXY_PORT },
      periodSeconds: 10,
      failureThreshold: 3,
    },
    // Restarting the proxy loses nothing (sessions live in the cookie), so a hung proxy
    // is restarted rather than left refusing the owner.
    livenessProbe: {
      httpGet: { path: "/ping", port: PROXY_PORT },
      initialDelaySeconds: 10,
      periodSeconds: 20,
      failureThreshold: 3,
    },
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
  };
}
