/** Koa: a middleware that reports errors from the middlewares after it, then rethrows them. */
import { captureRequestError, type HttpIntegrationOptions, type RequestLike } from './request';

/** The part of a Koa context this middleware uses. */
export interface KoaContextLike {
  req: RequestLike;
}

/**
 * A Koa middleware; `app.use(flawless.koa())` first, so it sees the errors of everything
 * after it. It reports with the request and rethrows, so Koa's own error response and
 * `app.on('error')` are unchanged.
 */
export function koa(options: HttpIntegrationOptions = {}) {
  return async function flawlessKoa(ctx: KoaContextLike, next: () => Promise<unknown>): Promise<void> {
    try {
      await next();
    } catch (err) {
      captureRequestError(err, ctx.req, options);
      throw err;
    }
  };
}
