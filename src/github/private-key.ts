/**
 * GitHub hands out App private keys as PKCS#1 ("BEGIN RSA PRIVATE KEY"). WebCrypto, and so
 * workerd, only imports PKCS#8 ("BEGIN PRIVATE KEY"). We accept both and always return PKCS#8,
 * by wrapping the PKCS#1 DER in a PKCS#8 PrivateKeyInfo. Pure, so it works on both runtimes.
 */
import { DevspaceError } from "../errors.ts";

const PKCS1_LABEL = "RSA PRIVATE KEY";
const PKCS8_LABEL = "PRIVATE KEY";
// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const RSA_ALGORITHM_IDENTIFIER = [
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

export function toPkcs8Pem(pem: string): string {
  // Secrets pasted into env vars often arrive with literal "\n" instead of newlines.
  const text = pem.includes("\\n") ? pem.replaceAll("\\n", "\n") : pem;
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) {
    throw new DevspaceError("config.private_key", "GITHUB_APP_PRIVATE_KEY is not a PEM private key.");
  }
  const [, label, base64Body] = match;
  if (label === PKCS8_LABEL) return formatPem(PKCS8_LABEL, base64ToBytes(base64Body!));
  if (label !== PKCS1_LABEL) {
    throw new DevspaceError(
      "config.private_key",
      `GITHUB_APP_PRIVATE_KEY has a "${label}" block; expected an RSA private key (PKCS#1 or PKCS#8).`,
    );
  }
  const pkcs1 = base64ToBytes(base64Body!);
  const body = [
    ...derElement(0x02, [0x00]), // version 0
    ...RSA_ALGORITHM_IDENTIFIER,
    ...derElement(0x04, pkcs1),
  ];
  return formatPem(PKCS8_LABEL, new Uint8Array(derElement(0x30, body)));
}

function derElement(tag: number, content: ArrayLike<number>): number[] {
  return [tag, ...derLength(content.length), ...Array.from(content)];
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function base64ToBytes(base64: string): Uint8Array {
  const clean = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) {
    throw new DevspaceError("config.private_key", "GITHUB_APP_PRIVATE_KEY has invalid base64 content.");
  }
  return Uint8Array.from(atob(clean), (c) => c.charCodeAt(0));
}

function formatPem(label: string, der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der));
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
