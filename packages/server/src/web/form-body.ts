import type { FastifyInstance } from 'fastify';

/** Forms are small; a larger body is not a form this UI sent. */
const FORM_BODY_LIMIT = 256 * 1024;

/** Parses an urlencoded form into a record without a prototype; the first of repeated names wins. */
export function parseForm(body: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(body)) if (!(k in out)) out[k] = v;
  return out;
}

/** Lets routes read `application/x-www-form-urlencoded` bodies (the admin forms post them). */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      done(null, parseForm(body as string));
    },
  );
}
