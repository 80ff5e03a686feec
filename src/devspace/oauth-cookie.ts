/**
 * Each devspace's OAuth proxy cookie secret is derived from one master key, so re-applying
 * the Secret converges instead of logging everyone out, and no secret is ever stored by us.
 * WebCrypto HMAC: the same code on Node and Workers.
 */
export async function deriveCookieSecret(masterKey: string, slug: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(masterKey), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`oauth-proxy-cookie:${slug}`)));
  // oauth2-proxy wants 16, 24 or 32 bytes: 16 bytes as 32 hex characters.
  return Array.from(mac.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
