// Who is calling? `/app/*` and the `.../installation` lookups need an app JWT (Bearer); every
// other operation needs an installation token the fake minted, or a configured static token.
import type { Principal } from "./handler.ts";
import { type JwtExpectations, verifyAppJwt } from "./jwt.ts";
import { key, type Store } from "./store.ts";

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; message: string };

export type AuthSettings = JwtExpectations & { staticTokens: ReadonlySet<string> };

const installationLookup = /^\/(?:repos\/\{owner\}\/\{repo\}|orgs\/\{org\}|users\/\{username\}|enterprises\/\{enterprise\})\/installation$/;

export function requiresAppJwt(template: string): boolean {
  return (
    template === "/app" ||
    template.startsWith("/app/") ||
    template.startsWith("/marketplace_listing/") ||
    installationLookup.test(template)
  );
}

export function authenticate(header: string | undefined, template: string, settings: AuthSettings, store: Store): AuthOutcome {
  if (!header) return { ok: false, status: 401, message: "Requires authentication (no Authorization header)" };
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
  const scheme = match?.[1]?.toLowerCase();
  const credential = match?.[2];
  if (!scheme || !credential) {
    return { ok: false, status: 401, message: `Authorization must be "token <t>" or "bearer <t>", got "${header.split(" ")[0]}"` };
  }
  const looksLikeJwt = credential.split(".").length === 3;

  if (requiresAppJwt(template)) {
    if (scheme !== "bearer") return { ok: false, status: 401, message: "An app JWT must be sent as 'Authorization: Bearer <jwt>'" };
    if (!looksLikeJwt) {
      return { ok: false, status: 401, message: `${template} requires an app JWT, but got a token that is not a JWT` };
    }
    const check = verifyAppJwt(credential, settings);
    return check.ok ? { ok: true, principal: { kind: "app", appId: check.issuer } } : { ok: false, status: 401, message: check.message };
  }

  if (looksLikeJwt) {
    return {
      ok: false,
      status: 403,
      message: `${template} requires an installation access token; an app JWT only works for /app endpoints`,
    };
  }
  if (settings.staticTokens.has(credential)) return { ok: true, principal: { kind: "static-token", token: credential } };
  const token = store.tokens.get(credential);
  if (!token) return { ok: false, status: 401, message: "Bad credentials (token was not issued by this fake)" };
  if (Date.parse(token.expiresAt) <= store.now().getTime()) {
    return { ok: false, status: 401, message: "Bad credentials (installation token expired)" };
  }
  return { ok: true, principal: { kind: "installation", token } };
}

/**
 * GitHub answers 404 when an installation token reaches outside its account or repository
 * selection. Not a violation (real GitHub does it), but it makes a wrong installation visible.
 */
export function canReach(principal: Principal, template: string, path: Record<string, unknown>, store: Store): boolean {
  if (principal.kind !== "installation") return true;
  const installation = store.installations.get(principal.token.installationId);
  if (!installation) return false;
  const owner = template.startsWith("/repos/{owner}/{repo}") ? path.owner : template.startsWith("/orgs/{org}") ? path.org : undefined;
  if (typeof owner !== "string") return true;
  if (key(owner) !== key(installation.account)) return false;
  const repo = path.repo;
  const selection = principal.token.repositories;
  return typeof repo !== "string" || !selection || selection.some((name) => key(name) === key(repo));
}
