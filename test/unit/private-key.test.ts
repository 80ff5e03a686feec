import { createPrivateKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toPkcs8Pem } from "../../src/github/private-key.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs1 = privateKey.export({ format: "pem", type: "pkcs1" }).toString();
const pkcs8 = privateKey.export({ format: "pem", type: "pkcs8" }).toString();

describe("toPkcs8Pem", () => {
  it("wraps a PKCS#1 key into the same key as PKCS#8", () => {
    const converted = toPkcs8Pem(pkcs1);
    expect(converted).toContain("-----BEGIN PRIVATE KEY-----");
    expect(converted.replace(/\s/g, "")).toBe(pkcs8.replace(/\s/g, ""));
    // And it really is the same key: a signature made with it verifies against the public key.
    const signature = sign("sha256", Buffer.from("hello"), createPrivateKey(converted));
    expect(verify("sha256", Buffer.from("hello"), publicKey, signature)).toBe(true);
  });

  it("keeps a PKCS#8 key as it is", () => {
    expect(toPkcs8Pem(pkcs8).replace(/\s/g, "")).toBe(pkcs8.replace(/\s/g, ""));
  });

  it("accepts keys pasted with literal \\n escapes", () => {
    expect(toPkcs8Pem(pkcs1.replaceAll("\n", "\\n")).replace(/\s/g, "")).toBe(pkcs8.replace(/\s/g, ""));
  });

  it.each([
    ["not a PEM", "hello"],
    ["a certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"],
    ["broken base64", "-----BEGIN RSA PRIVATE KEY-----\n%%%%\n-----END RSA PRIVATE KEY-----"],
  ])("rejects %s with a clear message", (_name, input) => {
    expect(() => toPkcs8Pem(input)).toThrow(/GITHUB_APP_PRIVATE_KEY/);
  });
});
