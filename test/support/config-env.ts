/** The smallest environment loadConfig accepts, for configuration tests. */
import { generateKeyPairSync } from "node:crypto";

export function minimalEnv(keyFormat: "pkcs1" | "pkcs8" = "pkcs1"): Record<string, string> {
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: keyFormat }).toString();
  return {
    GITHUB_APP_ID: "12345",
    GITHUB_APP_PRIVATE_KEY: key,
    GITHUB_WEBHOOK_SECRET: "0123456789abcdef0123",
    DEVSPACES_DOMAIN: "dev.example.com",
    DEVSPACES_IMAGE: "ghcr.io/acme/workstation:1",
    OAUTH_CLIENT_ID: "client",
    OAUTH_CLIENT_SECRET: "secret",
    OAUTH_COOKIE_KEY: "k".repeat(32),
  };
}
