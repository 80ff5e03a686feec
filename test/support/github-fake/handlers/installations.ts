// App installation endpoints: minting installation tokens and finding a repo's installation.
import { randomBytes } from "node:crypto";
import { errorResult, fields, type Handler, int, notFound, str } from "../handler.ts";
import { installationShape } from "../shapes.ts";
import { type InstallationRecord, key, type Store } from "../store.ts";

const levels: Record<string, number> = { read: 1, write: 2, admin: 3 };

export function mintToken(store: Store, installation: InstallationRecord, scope: { repositories?: string[]; permissions?: Record<string, string> } = {}): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const token = `ghs_${[...randomBytes(36)].map((byte) => alphabet[byte % alphabet.length]).join("")}`;
  const expiresAt = new Date(store.now().getTime() + 60 * 60 * 1000);
  store.tokens.set(token, {
    token,
    installationId: installation.id,
    expiresAt: `${expiresAt.toISOString().slice(0, 19)}Z`,
    repositories: scope.repositories ?? installation.repositories,
    permissions: scope.permissions ?? installation.permissions,
  });
  return token;
}

const createAccessToken: Handler = ({ ctx, path, body }) => {
  const installation = ctx.store.installations.get(int(path.installation_id));
  if (!installation) return notFound();
  const request = fields(body);
  const repositories = Array.isArray(request.repositories) ? request.repositories.map(str) : undefined;
  if (Array.isArray(request.repository_ids) && request.repository_ids.length > 0) {
    // Repository ids are not modelled; say so instead of granting something unexpected.
    return errorResult(422, "github-fake: repository_ids scoping is not supported; use repositories");
  }
  if (repositories && installation.repositories) {
    const allowed = new Set(installation.repositories.map((name) => name.toLowerCase()));
    if (repositories.some((name) => !allowed.has(name.toLowerCase()))) {
      return errorResult(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
    }
  }
  const requested = request.permissions as Record<string, string> | undefined;
  if (requested) {
    for (const [name, level] of Object.entries(requested)) {
      const granted = installation.permissions[name];
      if (!granted || (levels[level] ?? 0) > (levels[granted] ?? 0)) {
        return errorResult(422, "The permissions requested are not granted to this installation.");
      }
    }
  }
  const permissions = requested ?? installation.permissions;
  const token = mintToken(ctx.store, installation, { ...(repositories ? { repositories } : {}), permissions });
  const record = ctx.store.tokens.get(token);
  return {
    status: 201,
    body: {
      token,
      expires_at: record?.expiresAt,
      permissions,
      repository_selection: (repositories ?? installation.repositories) ? "selected" : "all",
    },
  };
};

const getRepoInstallation: Handler = ({ ctx, path }) => {
  const owner = str(path.owner);
  const repo = str(path.repo);
  for (const installation of ctx.store.installations.values()) {
    if (key(installation.account) !== key(owner)) continue;
    if (installation.repositories && !installation.repositories.some((name) => key(name) === key(repo))) continue;
    return { status: 200, body: installationShape(ctx, installation) };
  }
  return notFound();
};

export const installationHandlers: Record<string, Handler> = {
  "apps/create-installation-access-token": createAccessToken,
  "apps/get-repo-installation": getRepoInstallation,
};
