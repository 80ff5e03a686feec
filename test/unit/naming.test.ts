import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkNamespaceOwner,
  fnv1a32,
  isDnsLabel,
  isValidLogin,
  loginFromSlug,
  MAX_SLUG_LENGTH,
  slugFromLogin,
} from "../../src/devspace/naming.ts";
import { createDevspaceSpec } from "../../src/devspace/spec.ts";
import type { ClusterSettings } from "../../src/devspace/types.ts";

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const loginChar = fc.oneof({ arbitrary: fc.constantFrom(...ALNUM), weight: 3 }, { arbitrary: fc.constant("-"), weight: 2 });

/**
 * Logins in every shape GitHub ever allowed, with hyphens common enough to hit every layout.
 * fast-check keeps strings short by default, so half the samples use the full 1..39 range.
 */
const legacyLogin = fc.oneof(
  fc.string({ unit: loginChar, minLength: 1, maxLength: 39 }),
  fc.string({ unit: loginChar, minLength: 1, maxLength: 39, size: "max" }),
);

/** A host label with `--` at positions 3 and 4 is reserved (RFC 5890) and CAs refuse it. */
function isReservedLdh(label: string): boolean {
  return label.slice(2, 4) === "--";
}

describe("isValidLogin", () => {
  it.each([
    ["octocat", true],
    ["Octocat", true],
    ["1password", true],
    ["a", true],
    ["a".repeat(39), true],
    ["foo-", true],
    ["foo--bar", true],
    ["-foo", true],
    ["-", true],
    ["", false],
    ["a".repeat(40), false],
    ["foo_bar", false],
    ["foo bar", false],
    ["dependabot[bot]", false],
    ["octocät", false],
    ["foo.bar", false],
  ])("%j → %s", (login, valid) => {
    expect(isValidLogin(login)).toBe(valid);
  });
});

describe("isDnsLabel", () => {
  it.each([
    ["a", true],
    ["ds-octocat", true],
    ["0abc", true],
    ["a--b", true],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
    ["", false],
    ["-a", false],
    ["a-", false],
    ["Abc", false],
    ["a_b", false],
    ["a.b", false],
  ])("%j → %s", (s, valid) => {
    expect(isDnsLabel(s)).toBe(valid);
  });
});

describe("slugFromLogin", () => {
  // These values are a compatibility promise: a slug names a namespace that already exists,
  // so changing the scheme orphans devspaces. Change this table only with a migration.
  it.each([
    ["octocat", "octocat"],
    ["Octocat", "octocat"],
    ["OCTOCAT", "octocat"],
    ["mona-lisa", "mona-lisa"],
    ["1password", "1password"],
    ["a", "a"],
    ["A", "a"],
    ["abcdefghij-klmnopqrst-uvwxyz0123-456789", "abcdefghij-klmnopqrst-uvwxyz0123-456789"], // 39 characters
    ["abcdefghij-klmnopqrst-uvwxyz0123-4567890", "abcdefghij-klmnopqrst-uvwxyz0123-4567890---0g6gv0i"], // 40: not a login
    ["foo-", "foo--h"],
    ["Foo-", "foo--h"],
    ["-foo", "foo--o"],
    ["foo--bar", "foo-bar--7s"],
    ["ab-", "a-b--9"],
    ["a-", "a--5"],
    ["-", "x--3"],
    ["---", "x--f"],
    ["dependabot[bot]", "dependabot-bot---06urtm4"],
    ["foo_bar", "foo-bar---00jcpnh"],
    ["", "xxx---0ztntfp"],
  ])("%j → %j", (login, slug) => {
    expect(slugFromLogin(login)).toBe(slug);
  });

  it("keeps the case-insensitive identity of a login", () => {
    expect(slugFromLogin("Octocat")).toBe(slugFromLogin("octocat"));
    expect(slugFromLogin("OCTOCAT")).toBe(slugFromLogin("octocat"));
    expect(slugFromLogin("Foo--Bar")).toBe(slugFromLogin("foo--bar"));
  });

  it("separates logins that only differ in their hyphens", () => {
    const logins = ["foo-bar", "foo--bar", "foo---bar", "-foo-bar", "foo-bar-", "foobar", "foobar-", "-foobar"];
    const slugs = logins.map(slugFromLogin);
    expect(new Set(slugs).size).toBe(logins.length);
  });

  it("gives every 39-character login shape a DNS label of at most 50 characters", () => {
    for (const login of ["a".repeat(39), "-".repeat(39), `${"a-".repeat(19)}-`, `${"-a".repeat(19)}-`, `a${"-".repeat(38)}`]) {
      const slug = slugFromLogin(login);
      expect(isDnsLabel(slug), slug).toBe(true);
      expect(slug.length, slug).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    }
  });

  it("is injective on every login of up to 9 characters over {a, b, -} (exhaustive)", () => {
    const seen = new Map<string, string>();
    const alphabet = ["a", "b", "-"];
    let layer = [""];
    for (let length = 1; length <= 9; length++) {
      layer = layer.flatMap((prefix) => alphabet.map((c) => prefix + c));
      for (const login of layer) {
        const slug = slugFromLogin(login);
        const other = seen.get(slug);
        if (other !== undefined) expect.fail(`"${login}" and "${other}" share the slug "${slug}"`);
        seen.set(slug, login);
        expect(isDnsLabel(slug) && !isReservedLdh(slug), slug).toBe(true);
      }
    }
    expect(seen.size).toBe(29_523); // 3 + 9 + ... + 3^9
  });
});

describe("slugFromLogin properties", () => {
  it("returns a DNS label of at most 50 characters, never reserved-LDH, for any legacy-shaped login", () => {
    fc.assert(
      fc.property(legacyLogin, (login) => {
        const slug = slugFromLogin(login);
        expect(isDnsLabel(slug)).toBe(true);
        expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
        expect(`ds-${slug}`.length).toBeLessThanOrEqual(63);
        expect(isReservedLdh(slug)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("is deterministic and ignores case", () => {
    fc.assert(
      fc.property(legacyLogin, (login) => {
        const slug = slugFromLogin(login);
        expect(slugFromLogin(login)).toBe(slug);
        expect(slugFromLogin(login.toUpperCase())).toBe(slug);
        expect(slugFromLogin(login.toLowerCase())).toBe(slug);
      }),
      { numRuns: 1000 },
    );
  });

  it("can be read back into the lowercased login (so distinct logins never collide)", () => {
    fc.assert(
      fc.property(legacyLogin, (login) => {
        expect(loginFromSlug(slugFromLogin(login))).toBe(login.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });

  it("gives distinct slugs to distinct case-folded logins over large samples", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(legacyLogin, { minLength: 200, maxLength: 400, selector: (l) => l.toLowerCase() }),
        (logins) => {
          const slugs = new Set(logins.map(slugFromLogin));
          expect(slugs.size).toBe(logins.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives distinct slugs to logins that differ only in where their hyphens are", () => {
    const sameLetters = fc
      .string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 12 })
      .chain((letters) =>
        fc.uniqueArray(
          fc
            .array(fc.nat(4), { minLength: letters.length + 1, maxLength: letters.length + 1 })
            .map((gaps) => [...letters].map((c, i) => "-".repeat(gaps[i] ?? 0) + c).join("") + "-".repeat(gaps[letters.length] ?? 0))
            .filter((login) => login.length <= 39),
          { minLength: 2, maxLength: 100, selector: (l) => l.toLowerCase() },
        ),
      );
    fc.assert(
      fc.property(sameLetters, (logins) => {
        expect(new Set(logins.map(slugFromLogin)).size).toBe(logins.length);
      }),
      { numRuns: 300 },
    );
  });

  it("returns a DNS label for any string at all, and never the slug of a valid login", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: "binary" }), (text) => {
        const slug = slugFromLogin(text);
        expect(isDnsLabel(slug)).toBe(true);
        expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
        expect(isReservedLdh(slug)).toBe(false);
        if (!isValidLogin(text)) {
          expect(slug).toContain("---");
          expect(loginFromSlug(slug)).toBeUndefined();
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("loginFromSlug", () => {
  it.each([
    ["octocat", "octocat"],
    ["foo--h", "foo-"],
    ["foo-bar--7s", "foo--bar"],
    ["x--3", "-"],
    ["foo--0h", undefined], // leading zero: not how the encoder writes numbers
    ["foo--3", undefined], // layout has no room for three letters
    ["bar--7s", undefined], // layout wants six letters
    ["foo-bar--1", undefined],
    ["dependabot-bot---06urtm4", undefined],
    ["a".repeat(40), undefined],
    ["Octocat", undefined],
  ])("%j → %j", (slug, login) => {
    expect(loginFromSlug(slug)).toBe(login);
  });
});

describe("fnv1a32", () => {
  // Published FNV-1a 32-bit test vectors.
  it.each([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ])("%j → %i", (input, hash) => {
    expect(fnv1a32(input)).toBe(hash);
  });
});

describe("checkNamespaceOwner", () => {
  const requester = { login: "Octocat", userId: 583231 };
  it.each([
    [{ "devspaces.dev/login": "octocat", "devspaces.dev/user-id": "583231" }, { owner: "requester" }],
    [{ "devspaces.dev/login": "old-name", "devspaces.dev/user-id": "583231" }, { owner: "requester" }],
    [
      { "devspaces.dev/login": "octocat", "devspaces.dev/user-id": "1" },
      { owner: "someone-else", login: "octocat", userId: "1" },
    ],
    [{ "devspaces.dev/login": "OCTOCAT" }, { owner: "requester" }],
    [{ "devspaces.dev/login": "octocat-" }, { owner: "someone-else", login: "octocat-" }],
    [{}, { owner: "unknown" }],
    [undefined, { owner: "unknown" }],
  ])("%j → %j", (annotations, expected) => {
    expect(checkNamespaceOwner(annotations, requester)).toEqual(expected);
  });
});

describe("createDevspaceSpec", () => {
  const settings: ClusterSettings = {
    domain: "dev.example.com",
    namespacePrefix: "ds-",
    image: "ghcr.io/acme/workstation:1",
    oauthProxyImage: "quay.io/oauth2-proxy/oauth2-proxy:v7",
    ingressClassName: "nginx",
    clusterIssuer: "letsencrypt",
    ingressNamespace: "ingress-nginx",
  };
  const home = { owner: "acme", repo: "devspaces", number: 7 };

  it("derives slug, namespace and host from the login", () => {
    const spec = createDevspaceSpec({
      login: "Octocat",
      userId: 583231,
      form: { size: "large", homeVolumeGi: 50, dotfilesRepo: "octocat/dotfiles", notes: "hi" },
      home,
      settings,
    });
    expect(spec).toEqual({
      login: "Octocat",
      userId: 583231,
      slug: "octocat",
      namespace: "ds-octocat",
      host: "octocat.dev.example.com",
      size: "large",
      homeVolumeGi: 50,
      dotfilesRepo: "octocat/dotfiles",
      home,
      settings,
    });
  });

  it("leaves dotfilesRepo out when the form has none, and handles legacy logins", () => {
    const spec = createDevspaceSpec({ login: "Foo--Bar", userId: 1, form: { size: "small", homeVolumeGi: 1 }, home, settings });
    expect(spec.namespace).toBe("ds-foo-bar--7s");
    expect(spec.host).toBe("foo-bar--7s.dev.example.com");
    expect("dotfilesRepo" in spec).toBe(false);
  });

  it("refuses a namespace prefix that cannot make a DNS label", () => {
    expect(() =>
      createDevspaceSpec({
        login: "octocat",
        userId: 1,
        form: { size: "small", homeVolumeGi: 1 },
        home,
        settings: { ...settings, namespacePrefix: "DS_" },
      }),
    ).toThrow(/namespace prefix "DS_"/);
  });
});
