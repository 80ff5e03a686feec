import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSignatureVerifier } from "../../src/github/verify-signature.ts";

const secret = "a-webhook-secret-for-tests";
const body = JSON.stringify({ action: "opened", note: "ünïcode ✓" });
const sign = (payload: string, key = secret) => `sha256=${createHmac("sha256", key).update(payload).digest("hex")}`;

describe("createSignatureVerifier", () => {
  const verify = createSignatureVerifier(secret);

  it("accepts the signature GitHub would send", async () => {
    expect(await verify(body, sign(body))).toBe(true);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["signed with another secret", sign(body, "another-secret-entirely")],
    ["over another body", sign(`${body} `)],
    ["sha1 algorithm prefix", sign(body).replace("sha256=", "sha1=")],
    ["no algorithm prefix", sign(body).slice("sha256=".length)],
    ["non-hex digits", `sha256=${"z".repeat(64)}`],
    ["truncated digest", sign(body).slice(0, 40)],
    ["uppercase hex", sign(body).toUpperCase().replace("SHA256=", "sha256=")],
    ["trailing garbage", `${sign(body)}00`],
  ])("rejects a %s signature without throwing", async (_name, signature) => {
    await expect(verify(body, signature)).resolves.toBe(false);
  });
});
