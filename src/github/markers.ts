/** Hidden HTML comments that let us find our own comments again and edit them in place. */
export function statusMarker(slug: string): string {
  return `<!-- devspaces:status:${slug} -->`;
}

export const FORM_ERRORS_MARKER = "<!-- devspaces:form-errors -->";
