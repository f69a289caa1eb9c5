/**
 * Secrets never leave the process in clear: /check_health, `flawless check-config`
 * and the logs show the configuration through {@link maskedConfig}. (The original's
 * /check_health printed the SMTP password.)
 */
import { type Config, OPTION_DEFINITIONS } from './definitions';

/** What a secret, or the password of a URL, reads as once masked. */
export const MASK = '********';

// The authority's user info ends at its last `@` (a password may hold an unescaped one).
const URL_WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;

/**
 * Masks the password in a URL's user info (`postgres://u:pw@h/db` →
 * `postgres://u:********@h/db`). With `maskUser`, a user name standing alone is
 * masked too: services such as GitHub take a token in that place.
 * Text that is not such a URL comes back unchanged.
 */
export function maskUrlCredentials(value: string, maskUser = false): string {
  return value.replace(URL_WITH_USERINFO, (_whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
    return maskUser ? `${scheme}${MASK}@` : `${scheme}${userinfo}@`;
  });
}

function maskValue(value: unknown, secret: boolean): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, secret));
  if (typeof value !== 'string') return secret ? MASK : value;
  // A secret URL keeps its host and path, which say where it points; only credentials go.
  if (secret) return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrlCredentials(value, true) : MASK;
  return maskUrlCredentials(value);
}

/**
 * A copy of the configuration safe to show: options marked `secret` read `********`
 * when set (null stays null; a secret URL keeps all but its credentials), and
 * credentials in any other URL are masked.
 */
export function maskedConfig(config: Readonly<Config>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of OPTION_DEFINITIONS) {
    out[d.key] = maskValue(config[d.key], 'secret' in d && d.secret === true);
  }
  return out;
}
