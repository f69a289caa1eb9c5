import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../context';
import { accessOf, pageContextOf } from '../guard';
import { param, type Query } from '../queries';
import { renderLogin } from '../views/login';

/** Where to go after logging in: a path on this server only (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])[^\s\\]*$/.test(next)) return '/admin';
  return next;
}

/** The login form (a session cookie for browsers) and logout. */
export function registerLoginRoutes(app: FastifyInstance, ctx: WebContext): void {
  const page = (request: FastifyRequest) => pageContextOf(request, ctx.auth.passwordSet);

  app.get('/login', async (request, reply) => {
    const next = safeNext(param(request.query as Query, 'next'));
    return reply.type('text/html; charset=utf-8').send(renderLogin({ next, error: null, page: page(request) }));
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body['next']);
    if (!ctx.auth.passwordSet) return reply.redirect(next, 303);
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    if (!ctx.auth.passwordMatches(password)) {
      ctx.log.warn({ ip: request.ip }, 'failed admin login');
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(renderLogin({ next, error: 'Wrong password.', page: page(request) }));
    }
    // A fresh session id at every login: a cookie planted before login is worth nothing.
    const previous = accessOf(request).sessionId;
    if (previous !== null) ctx.auth.endSession(previous);
    return reply.header('set-cookie', ctx.auth.startSession()).redirect(next, 303);
  });

  app.post('/logout', async (request, reply) =>
    reply.header('set-cookie', ctx.auth.endSession(accessOf(request).sessionId)).redirect('/', 303),
  );
}
