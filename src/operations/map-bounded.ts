/**
 * Runs `fn` over `items` with at most `limit` running at once, and returns the results in
 * the items' order. Not serial (one slow item does not hold up the rest) and not all at once
 * (a fleet of devspaces does not flood the API server). A rejection rejects the whole call
 * once the running items settle, so `fn` should catch what it can report itself.
 *
 * @example
 *   const sizes = await mapBounded(namespaces, 4, (ns) => measure(ns));
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(limit), items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}
