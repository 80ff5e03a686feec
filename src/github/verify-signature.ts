/**
 * Verifies X-Hub-Signature-256 over the exact request body with @octokit/webhooks, before
 * anything parses it. Every failure (missing, malformed, wrong algorithm, wrong digest) is
 * just "false": the route answers 401, never 500.
 */
import { Webhooks } from "@octokit/webhooks";

const SIGNATURE_SHAPE = /^sha256=[0-9a-f]{64}$/;

export function createSignatureVerifier(secret: string): (body: string, signature: string | undefined) => Promise<boolean> {
  const webhooks = new Webhooks({ secret });
  return async (body, signature) => {
    // Check the shape first: the library's answer to odd input varies by runtime (throw vs false).
    if (!signature || !SIGNATURE_SHAPE.test(signature)) return false;
    try {
      return await webhooks.verify(body, signature);
    } catch {
      return false;
    }
  };
}
