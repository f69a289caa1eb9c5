import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who is asking:
 * - `open`: no admin_password is configured, everyone may change things (loopback default);
 * - `basic`: a valid HTTP Basic password (any user name);
 * - `session`: a valid cookie from the login form;
 * - `none`: a password is configured and the request carries no valid credentials.
 */
export type AccessVia = 'open' | 'basic' | 'session' | 'none';

export interface Access {
  via: AccessVia;
  /** May change state: `open`, `basic` or `session`. */
  authenticated: boolean;
  sessionId: string | null;
  /** The CSRF token forms shown to this requester carry. */
  csrfToken: string;
}

export interface AuthOptions {
  password: string | null;
  /**
   * Signs session cookies and derives CSRF tokens. Instances sharing it (and restarts)
   * accept each other's sessions and forms; a fresh random one is used when absent.
   */
  secret?: Buffer;
  /** Mark the session cookie `Secure` (the public URL is https). */
  secureCookies: boolean;
  now: () => number;
  sessionTtlMs?: number;
}

/** Credentials, sessions and CSRF tokens. */
export interface Auth {
  readonly passwordSet: boolean;
  /** Reads the Authorization and Cookie headers. */
  access(headers: { authorization?: string | undefined; cookie?: string | undefined }): Access;
  /** Whether `token` is the CSRF token of `access` (constant time). */
  csrfMatches(access: Access, token: unknown): boolean;
  /** Whether `given` is the admin password (constant time). */
  passwordMatches(given: string): boolean;
  /** Starts a session; returns the Set-Cookie header value. */
  startSession(): string;
  /** Ends a session (here; the cookie is cleared in the browser); returns the clearing Set-Cookie value. */
  endSession(sessionId: string | null): string;
}

export const SESSION_COOKIE = 'flawless_session';

function digest(secret: Buffer, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

/** Equal-length comparison that takes the same time wherever the first difference is. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The password of an `Authorization: Basic` header (the user name is ignored), or null. */
export function basicPassword(header: string | undefined): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * Builds the access checks. A session cookie is self-contained and signed
 * (`<expiry>.<nonce>.<HMAC>`), so any instance holding the same secret accepts it; the
 * signature also covers the password, so changing admin_password ends every session.
 * Logging out revokes the nonce in this process until the cookie would have expired.
 */
export function createAuth(options: AuthOptions): Auth {
  const secret = options.secret ?? randomBytes(32);
  const ttl = options.sessionTtlMs ?? 12 * 3600 * 1000;
  const revoked = new Map<string, number>();
  const passwordDigest = options.password === null ? null : digest(secret, `password:${options.password}`);
  const passwordTag = passwordDigest?.toString('base64url') ?? '';
  const cookieFlags = `Path=/; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;

  const csrfFor = (subject: string) => digest(secret, `csrf:${subject}`).toString('base64url');
  const sign = (body: string) => digest(secret, `session:${passwordTag}:${body}`).toString('base64url');

  /** The session nonce of a valid, unexpired, unrevoked cookie, or null. */
  function validSession(cookie: string | null): string | null {
    const parts = cookie?.split('.') ?? [];
    if (parts.length !== 3) return null;
    const [expiry = '', nonce = '', signature = ''] = parts;
    if (!sameBytes(Buffer.from(signature), Buffer.from(sign(`${expiry}.${nonce}`)))) return null;
    if (Number.parseInt(expiry, 36) <= options.now() || revoked.has(nonce)) return null;
    return nonce;
  }

  function passwordMatches(given: string): boolean {
    return passwordDigest !== null && sameBytes(digest(secret, `password:${given}`), passwordDigest);
  }

  return {
    passwordSet: passwordDigest !== null,
    access(headers) {
      if (passwordDigest === null) {
        return { via: 'open', authenticated: true, sessionId: null, csrfToken: csrfFor('anonymous') };
      }
      const sessionId = validSession(readCookie(headers.cookie, SESSION_COOKIE));
      if (sessionId !== null) {
        return { via: 'session', authenticated: true, sessionId, csrfToken: csrfFor(`session:${sessionId}`) };
      }
      const basic = basicPassword(headers.authorization);
      if (basic !== null && passwordMatches(basic)) {
        // Browsers resend cached Basic credentials on cross-site requests, so the token
        // of a Basic user is one an anonymous visitor never sees.
        return { via: 'basic', authenticated: true, sessionId: null, csrfToken: csrfFor('basic') };
      }
      return { via: 'none', authenticated: false, sessionId: null, csrfToken: csrfFor('anonymous') };
    },
    csrfMatches(access, token) {
      return typeof token === 'string' && sameBytes(Buffer.from(token), Buffer.from(access.csrfToken));
    },
    passwordMatches,
    startSession() {
      const body = `${(options.now() + ttl).toString(36)}.${randomBytes(18).toString('base64url')}`;
      return `${SESSION_COOKIE}=${body}.${sign(body)}; ${cookieFlags}; Max-Age=${Math.floor(ttl / 1000)}`;
    },
    endSession(sessionId) {
      if (sessionId !== null) {
        const at = options.now();
        for (const [nonce, until] of revoked) if (until <= at) revoked.delete(nonce);
        revoked.set(sessionId, at + ttl);
      }
      return `${SESSION_COOKIE}=; ${cookieFlags}; Max-Age=0`;
    },
  };
}
