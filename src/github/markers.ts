/** Hidden HTML comments that let us find our own comments again and edit them in place. */
export function statusMarker(slug: string): string {
  return `<!-- devspaces:status:${slug} -->`;
}

export const FORM_ERRORS_MARKER = "<!-- devspaces:form-errors -->";

/** One comment per devspace and backup slot: a re-run of the same slot edits it, never repeats it. */
export function backupMarker(slug: string, slot: string): string {
  return `<!-- devspaces:backup:${slug}:${slot} -->`;
}
