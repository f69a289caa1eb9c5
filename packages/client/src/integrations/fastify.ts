/** Fastify: a plugin whose `onError` hook reports the errors of every route. */
import { captureRequestError, type HttpIntegrationOptions, type RequestLike } from './request';

/** The part of a Fastify instance the plugin uses. */
export interface FastifyLike {
  addHook(
    name: 'onError',
    hook: (request: { raw: RequestLike }, reply: unknown, error: unknown, done: () => void) => void,
  ): unknown;
}

/**
 * A Fastify plugin: `app.register(flawless.fastifyPlugin)` (options as the second
 * argument of `register`). It applies to the whole app, not only to routes registered
 * inside it, and only observes: Fastify's error response is unchanged.
 */
export function fastifyPlugin(
  fastify: FastifyLike,
  options: HttpIntegrationOptions,
  done: (err?: Error) => void,
): void {
  fastify.addHook('onError', (request, _reply, error, hookDone) => {
    captureRequestError(error, request.raw, options ?? {});
    hookDone();
  });
  done();
}

// What the `fastify-plugin` package sets: skip encapsulation so the hook sees every route.
Object.assign(fastifyPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'flawless',
});
