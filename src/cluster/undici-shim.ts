/**
 * Stand-in for undici inside workerd (wrangler [alias]). client-node only uses undici in its
 * Node transport (KubeConfig agents); our Worker talks to the API server through
 * connect-token.ts and the platform fetch, so these are never called.
 */
export const fetch: typeof globalThis.fetch = (...args) => globalThis.fetch(...args);

class Unsupported {
  constructor() {
    throw new Error("undici agents are not available in workerd; use connectWithToken");
  }
}
export const Agent = Unsupported;
export const ProxyAgent = Unsupported;
export default { fetch, Agent, ProxyAgent };
