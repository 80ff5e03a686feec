/**
 * Last-line checks on the user-derived values that end up inside command-line arguments.
 *
 * The login and host are validated long before a builder runs. These checks exist because
 * a comma in `--github-user` would admit a second user, and a stray character in a URL
 * argument would change where OAuth redirects go. Failing here means an upstream
 * validator let something through: it is a bug, so it throws a plain Error.
 */

// Letters, digits and hyphens; underscores appear in Enterprise Managed User logins.
const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Returns the login unchanged if it can only ever name one GitHub user. */
export function checkedLogin(login: string): string {
  if (!GITHUB_LOGIN.test(login)) {
    throw new Error(`refusing to build devspace objects: unexpected GitHub login ${JSON.stringify(login)}`);
  }
  return login;
}

/** Returns the host unchanged if it is a lowercase DNS name with at least two labels. */
export function checkedHost(host: string): string {
  const labels = host.split(".");
  if (host.length > 253 || labels.length < 2 || !labels.every((label) => DNS_LABEL.test(label))) {
    throw new Error(`refusing to build devspace objects: unexpected host ${JSON.stringify(host)}`);
  }
  return host;
}
