// A throwaway GitHub App identity for tests: a fresh RSA key pair in both PEM encodings GitHub
// apps meet in practice (GitHub hands out PKCS#1; WebCrypto wants PKCS#8).
import { generateKeyPairSync, randomInt } from "node:crypto";

export type TestAppCredentials = {
  appId: number;
  /** `-----BEGIN PRIVATE KEY-----` */
  privateKeyPkcs8: string;
  /** `-----BEGIN RSA PRIVATE KEY-----`, the format GitHub's "Generate a private key" downloads. */
  privateKeyPkcs1: string;
  /** SPKI PEM, for `startGitHubFake({ publicKey })`. */
  publicKey: string;
};

/**
 * @example
 * const app = createTestAppCredentials();
 * const fake = await startGitHubFake({ appId: app.appId, publicKey: app.publicKey });
 */
export function createTestAppCredentials(options: { appId?: number } = {}): TestAppCredentials {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    appId: options.appId ?? randomInt(100_000, 3_000_000),
    privateKeyPkcs8: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    privateKeyPkcs1: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
