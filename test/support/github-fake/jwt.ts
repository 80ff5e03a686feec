// Verifies a GitHub App JWT the way GitHub documents it: RS256, `iss` = app id (or client id),
// `iat` not in the future, `exp` at most ten minutes after `iat` and not yet passed.
import { createPublicKey, type KeyObject, verify } from "node:crypto";

export type JwtCheck = { ok: true; issuer: string } | { ok: false; message: string };

export type JwtExpectations = {
  appId?: number | string;
  publicKey?: string | KeyObject;
  /** Seconds since the epoch; defaults to now. */
  now?: number;
};

const clockSkewSeconds = 60;
const maxLifetimeSeconds = 600;

export function verifyAppJwt(token: string, expected: JwtExpectations): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    return { ok: false, message: "A JSON web token could not be decoded (not three base64url parts)" };
  }
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) return { ok: false, message: "A JSON web token could not be decoded (bad JSON)" };
  if (header.alg !== "RS256") return { ok: false, message: `JWT alg must be RS256, got ${String(header.alg)}` };

  const { iat, exp, iss } = payload;
  if (typeof iat !== "number" || typeof exp !== "number") {
    return { ok: false, message: "JWT must carry numeric 'iat' and 'exp' claims" };
  }
  if (typeof iss !== "number" && typeof iss !== "string") return { ok: false, message: "JWT 'iss' claim is missing" };
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  if (iat > now + clockSkewSeconds) return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing a time in the past" };
  if (exp <= now) return { ok: false, message: "'Expiration time' claim ('exp') is in the past" };
  if (exp - iat > maxLifetimeSeconds) {
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  }
  if (expected.appId !== undefined && String(iss) !== String(expected.appId)) {
    return { ok: false, message: `'Issuer' claim ('iss') is ${String(iss)}, expected app id ${String(expected.appId)}` };
  }
  if (expected.publicKey !== undefined) {
    const key = typeof expected.publicKey === "string" ? createPublicKey(expected.publicKey) : expected.publicKey;
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    const valid = verify("RSA-SHA256", signed, key, Buffer.from(signaturePart, "base64url"));
    if (!valid) return { ok: false, message: "A JSON web token could not be decoded (signature does not verify)" };
  }
  return { ok: true, issuer: String(iss) };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
