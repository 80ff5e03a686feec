// GitHub's page-number pagination: `per_page` (default 30, capped at 100) and `page`, with an
// RFC 8288 Link header naming next/last and prev/first pages by absolute URL.

/** `headers` holds the Link header when there is more than one page. */
export type Page<T> = { items: T[]; headers: Record<string, string> };

export function paginate<T>(all: T[], query: Record<string, unknown>, requestUrl: URL): Page<T> {
  const perPage = Math.min(Math.max(asPositive(query.per_page) ?? 30, 1), 100);
  const page = asPositive(query.page) ?? 1;
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);

  const linkTo = (target: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set("page", String(target));
    return url.toString();
  };
  const relations: string[] = [];
  if (page > 1) relations.push(`<${linkTo(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) relations.push(`<${linkTo(page + 1)}>; rel="next"`, `<${linkTo(lastPage)}>; rel="last"`);
  if (page > 1) relations.push(`<${linkTo(1)}>; rel="first"`);
  return { items, headers: relations.length > 0 ? { link: relations.join(", ") } : {} };
}

function asPositive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
