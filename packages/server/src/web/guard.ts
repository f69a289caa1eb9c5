import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access, Auth } from './auth';
import { html } from './html';
import { layout, type PageContext } from './views/layout';

/** Headers on every response: no script at all, no framing, no sniffing, no leaking URLs. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Readable without credentials even with protect_all_pages (check_health then hides the config). */
const ALWAYS_READABLE = new Set(['/login', '/static/style.css', '/check_health']);
/** State changes that carry their own credentials or create them. */
const OWN_CREDENTIALS = new Set(['POST /api/v1/errors', 'POST /login', 'POST /logout']);

const accesses = new WeakMap<FastifyRequest, Access>();

/** The access the guard computed for a request. */
export function accessOf(request: FastifyRequest): Access {
  const a = accesses.get(request);
  if (!a) throw new Error('request was not seen by the guard');
  return a;
}

/** What a page needs to know about its viewer: the CSRF token and the login state. */
export function pageContextOf(request: FastifyRequest, passwordSet: boolean): PageContext {
  const a = accessOf(request);
  return { csrfToken: a.csrfToken, via: a.via, passwordSet };
}

/** JSON mirror and health check: answered in JSON, never redirected to a login page. */
export function isApiPath(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/api/') || url === '/check_health');
}

function deny(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403,
  message: string,
  passwordSet: boolean,
): FastifyReply {
  const route = request.routeOptions.url;
  if (isApiPath(route) || (route === undefined && request.url.startsWith('/api/'))) {
    if (status === 401) void reply.header('www-authenticate', 'Basic realm="Flawless", charset="UTF-8"');
    const error = status === 401 ? 'FLW_ERR_UNAUTHORIZED' : 'FLW_ERR_FORBIDDEN';
    return reply.code(status).send({ statusCode: status, error, message });
  }
  const body = html`<h1>${status === 401 ? 'Log in first' : 'Form expired'}</h1>
<p>${message}</p>
<p>${passwordSet ? html`<a href="/login">Log in</a> · ` : ''}<a href="/admin">Back to admin</a></p>`;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(layout(status === 401 ? 'Unauthorized' : 'Forbidden', body, pageContextOf(request, passwordSet)));
}

function looksLikeBrowser(request: FastifyRequest): boolean {
  const h = request.headers;
  // Not Sec-Fetch-Mode: Node's own fetch sends that one too.
  return h.origin !== undefined || h.referer !== undefined || h['sec-fetch-site'] !== undefined;
}

/**
 * Installs the access rules on every route:
 * - every state change (any method but GET/HEAD/OPTIONS) needs credentials when
 *   admin_password is set, checked before the body is read → 401, nothing changed;
 * - a form (any non-API route) must then carry the CSRF token of its viewer in `_csrf`
 *   → else 403 (without an admin password, only posts from browsers need it); an API write needs it in `x-csrf-token` only when the cookie is what
 *   authenticates it (Basic credentials cannot be forged cross-site into a JSON body);
 * - with protect_all_pages, reads need credentials too (pages redirect to /login).
 */
export function installGuard(app: FastifyInstance, auth: Auth, protectAllPages: boolean): void {
  const headers = Object.entries(SECURITY_HEADERS);
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of headers) void reply.header(name, value);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  app.addHook('onRequest', async (request, reply) => {
    // Reports carry their own credential (ingest_token), checked by the ingest route; the
    // hot path skips the admin checks entirely.
    if (request.method === 'POST' && request.routeOptions.url === '/api/v1/errors') return;
    const access = auth.access(request.headers);
    accesses.set(request, access);
    const route = request.routeOptions.url;
    if (SAFE_METHODS.has(request.method)) {
      if (!protectAllPages || access.authenticated || (route !== undefined && ALWAYS_READABLE.has(route))) return;
      if (isApiPath(route) || request.url.startsWith('/api/')) {
        return deny(request, reply, 401, 'this server requires the admin password to read', auth.passwordSet);
      }
      const next = request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
      return reply.redirect(`/login?${new URLSearchParams({ next })}`, 303);
    }
    if (route !== undefined && OWN_CREDENTIALS.has(`${request.method} ${route}`)) return;
    if (!access.authenticated) {
      return deny(
        request,
        reply,
        401,
        'changing anything requires the admin password (HTTP Basic or the login form)',
        auth.passwordSet,
      );
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    const route = request.routeOptions.url;
    if (SAFE_METHODS.has(request.method) || route === undefined || route === '/api/v1/errors') return;
    const access = accessOf(request);
    if (isApiPath(route)) {
      if (access.via === 'session' && !auth.csrfMatches(access, request.headers['x-csrf-token'])) {
        return deny(
          request,
          reply,
          403,
          'a cookie-authenticated API request needs the x-csrf-token header',
          auth.passwordSet,
        );
      }
      return;
    }
    // Without an admin password, a form post from a script (curl, the original's tooling)
    // needs no token: cross-site forgery comes from browsers, and browsers always mark a
    // form post with Origin/Referer/Sec-Fetch-Site headers — those must carry the token.
    if (!auth.passwordSet && !looksLikeBrowser(request)) return;
    const body = request.body;
    const token = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['_csrf'] : undefined;
    if (!auth.csrfMatches(access, token)) {
      return deny(
        request,
        reply,
        403,
        'the form is missing its security token or it has expired: reload the page',
        auth.passwordSet,
      );
    }
  });
}
