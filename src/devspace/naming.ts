/**
 * Deterministic names derived from a GitHub login.
 *
 * A devspace's slug names its namespace (`ds-<slug>`) and its host (`<slug>.<domain>`), so it
 * must be a DNS label, stable, and different for different people. GitHub logins are
 * case-insensitive, so `Octocat` and `octocat` are one person and share a slug.
 *
 * ## The three slug forms
 *
 * Let `lower` be the login lowercased.
 *
 * - **A, clean**: `lower` already looks like a modern login (runs of `[a-z0-9]` joined by single
 *   hyphens, no hyphen at either end, at most 39 characters). The slug is `lower` itself:
 *   `octocat`, `1password`, `mona-lisa`.
 * - **B, legacy**: any other `isValidLogin` shape (leading or trailing hyphens, hyphen runs,
 *   hyphens only). The slug is `<readable>--<layout>`:
 *   - `readable` is `lower` with hyphen runs collapsed to one and end hyphens trimmed (`x` when
 *     nothing is left; split as `a-b` when it is exactly two characters, see below);
 *   - `layout` is the base-36 number whose binary digits, after a leading 1, say for each
 *     character of `lower` whether it is a hyphen (1) or not (0).
 *   `foo-` → `foo--h`, `foo--bar` → `foo-bar--7s`, `-foo` → `foo--o`, `ab-` → `a-b--9`.
 * - **C, not a login**: anything `isValidLogin` rejects (bot accounts such as
 *   `dependabot[bot]`, empty or over-long strings). The slug is `<readable>---<hash>` where
 *   `hash` is FNV-1a 32 of the lowercased input as 7 base-36 digits. Callers should refuse
 *   these inputs before provisioning; the form exists so that this function never throws.
 *
 * ## Why distinct logins never share a slug
 *
 * Over valid logins the mapping (after case-folding) is injective, not just "unlikely to
 * collide": `loginFromSlug` below is its left inverse, and the property tests check
 * `loginFromSlug(slugFromLogin(l)) === l.toLowerCase()`.
 *
 * - A form A slug contains no `--` (a clean login has no hyphen run); every form B slug
 *   contains exactly one hyphen run of length 2 (`readable` has no run, `layout` has no
 *   hyphen); every form C slug contains a run of length 3. So the forms never meet.
 * - Inside form A the slug is the lowercased login itself.
 * - Inside form B the slug can be read back: the letters and digits of `readable` are
 *   exactly those of the login, in order, and `layout` says where the hyphens go. No hash is
 *   involved, so there is nothing to collide.
 * - Only form C uses a hash, so only two invalid inputs can share a slug.
 *
 * What this cannot promise: GitHub lets a login be freed by a rename and taken by someone
 * else, and then both people map to one slug. `checkNamespaceOwner` is the guard for that:
 * the provisioner compares the namespace's `devspaces.dev/user-id` (or, failing that,
 * `devspaces.dev/login`) annotation with the requester before touching it.
 *
 * ## Length and DNS rules
 *
 * Form A is at most 39 characters. Form B drops at least one hyphen, so `readable` is at most
 * 38 characters, and `layout` < 2^40 is at most 8 base-36 digits: at most 48. Form C caps
 * `readable` at 40: at most 50. So `ds-` + slug always fits the 63-character label limit.
 * No form starts or ends with a hyphen. A host label with `--` at positions 3 and 4 is
 * "reserved LDH" (RFC 5890) and certificate authorities such as Let's Encrypt refuse it, so
 * `readable` is never exactly two characters in form B (`ab` is written `a-b`; its hyphens
 * are cosmetic, the decoder ignores them) and never shorter than three in form C.
 */
import { ANNOTATION_LOGIN, ANNOTATION_USER_ID } from "./labels.ts";

/** The longest slug `slugFromLogin` returns; `ds-` + slug stays within 63. */
export const MAX_SLUG_LENGTH = 50;

/** The longest login GitHub accepts. */
export const MAX_LOGIN_LENGTH = 39;

const LOGIN = /^[A-Za-z0-9-]{1,39}$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A modern login, lowercased: alnum runs joined by single hyphens. */
const CLEAN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HASH_WIDTH = 7;
const NOT_LOGIN_READABLE_MAX = MAX_SLUG_LENGTH - 3 - HASH_WIDTH;

/**
 * Whether GitHub could have issued this login, including legacy shapes (uppercase, leading,
 * trailing or doubled hyphens, leading digits): 1 to 39 characters of `[A-Za-z0-9-]`.
 *
 * @example
 * isValidLogin("foo--bar") // true (legacy)
 * isValidLogin("dependabot[bot]") // false
 */
export function isValidLogin(login: string): boolean {
  return typeof login === "string" && LOGIN.test(login);
}

/**
 * Whether `s` is an RFC 1123 DNS label as Kubernetes checks it: 1 to 63 characters of
 * lowercase letters, digits and `-`, starting and ending with a letter or digit.
 */
export function isDnsLabel(s: string): boolean {
  return typeof s === "string" && DNS_LABEL.test(s);
}

/**
 * The devspace slug for a GitHub login. Pure, total (never throws), case-insensitive, and
 * injective over valid logins. See the module comment for the scheme and the argument.
 *
 * @example
 * slugFromLogin("Octocat") // "octocat"
 * slugFromLogin("foo-") // "foo--h"
 * slugFromLogin("dependabot[bot]") // "dependabot-bot---06urtm4"
 */
export function slugFromLogin(login: string): string {
  const text = typeof login === "string" ? login : String(login);
  const lower = text.toLowerCase();
  if (!isValidLogin(text)) return notLoginSlug(lower);
  if (CLEAN.test(lower)) return lower;
  return legacySlug(lower);
}

function legacySlug(lower: string): string {
  let layout = 1;
  for (const ch of lower) layout = layout * 2 + (ch === "-" ? 1 : 0);
  let readable = collapseHyphens(lower);
  if (readable === "") readable = "x";
  else if (readable.length === 2) readable = `${readable[0]}-${readable[1]}`;
  return `${readable}--${layout.toString(36)}`;
}

function notLoginSlug(lower: string): string {
  let readable = collapseHyphens(lower.replace(/[^a-z0-9]+/g, "-"))
    .slice(0, NOT_LOGIN_READABLE_MAX)
    .replace(/-+$/, "");
  if (readable.length < 3) readable = `${readable}xxx`.slice(0, 3);
  return `${readable}---${fnv1a32(lower).toString(36).padStart(HASH_WIDTH, "0")}`;
}

function collapseHyphens(s: string): string {
  return s.replace(/-+/g, "-").replace(/^-|-$/g, "");
}

/**
 * Reads a form A or form B slug back into the lowercased login it came from, or undefined
 * for anything `slugFromLogin` cannot return for a valid login (including form C slugs).
 * It exists to make the injectivity argument checkable, and for tooling that lists
 * namespaces.
 *
 * @example
 * loginFromSlug("foo-bar--7s") // "foo--bar"
 */
export function loginFromSlug(slug: string): string | undefined {
  if (typeof slug !== "string") return undefined;
  if (CLEAN.test(slug) && slug.length <= MAX_LOGIN_LENGTH) return slug;
  const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)--([1-9a-z][0-9a-z]{0,7})$/.exec(slug);
  if (!match) return undefined;
  const [, readable = "", code = ""] = match;
  const bits = Number.parseInt(code, 36).toString(2).slice(1);
  if (bits.length < 1 || bits.length > MAX_LOGIN_LENGTH) return undefined;
  const alnum = readable.replaceAll("-", "");
  const alnumSlots = bits.replaceAll("1", "").length;
  let login = "";
  if (alnumSlots === 0) {
    if (readable !== "x") return undefined;
    login = "-".repeat(bits.length);
  } else {
    if (alnum.length !== alnumSlots) return undefined;
    let next = 0;
    for (const bit of bits) login += bit === "1" ? "-" : alnum[next++];
  }
  // Only a canonical encoding decodes: re-encoding must give back the same slug.
  return slugFromLogin(login) === slug && !CLEAN.test(login) ? login : undefined;
}

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `s`. Small, synchronous and identical on Node
 * and Workers; not for anything security-related.
 *
 * @example
 * fnv1a32("a") // 0xe40c292c
 */
export function fnv1a32(s: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Who a namespace found under the requester's slug belongs to. */
export type NamespaceOwner =
  /** The annotations name the requester: same user id, or (without one) the same login. */
  | { owner: "requester" }
  /** Someone else: a login reused after a rename, an invalid-login hash clash, a hand edit. */
  | { owner: "someone-else"; login?: string; userId?: string }
  /** No devspaces annotations: not a namespace we created. */
  | { owner: "unknown" };

/**
 * Decides whether an existing namespace belongs to the person asking for it. The
 * provisioner calls this before applying anything to a namespace that already exists, and
 * refuses unless the answer is `requester`.
 *
 * The user id wins when present, because it survives renames and a login does not. Logins
 * are compared case-insensitively, as GitHub does.
 *
 * @example
 * checkNamespaceOwner({ "devspaces.dev/login": "Octocat", "devspaces.dev/user-id": "583231" },
 *   { login: "octocat", userId: 583231 }) // { owner: "requester" }
 */
export function checkNamespaceOwner(
  annotations: Readonly<Record<string, string>> | undefined,
  requester: { login: string; userId: number },
): NamespaceOwner {
  const login = annotations?.[ANNOTATION_LOGIN];
  const userId = annotations?.[ANNOTATION_USER_ID];
  if (userId !== undefined) {
    return userId === String(requester.userId)
      ? { owner: "requester" }
      : { owner: "someone-else", userId, ...(login !== undefined ? { login } : {}) };
  }
  if (login !== undefined) {
    return login.toLowerCase() === requester.login.toLowerCase()
      ? { owner: "requester" }
      : { owner: "someone-else", login };
  }
  return { owner: "unknown" };
}
