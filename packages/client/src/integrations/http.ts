/** Plain `node:http`: a request listener that reports what the listener it wraps throws. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureRequestError, type HttpIntegrationOptions } from './request';

/**
 * Wraps a `node:http` request listener: an error it throws, or a promise it returns that
 * rejects, is reported with the request and then rethrown unchanged (Node's own handling
 * of it stays the same).
 */
export function wrapHttpHandler<Req extends IncomingMessage, Res extends ServerResponse>(
  handler: (req: Req, res: Res) => unknown,
  options: HttpIntegrationOptions = {},
): (req: Req, res: Res) => unknown {
  return function flawlessHttpHandler(this: unknown, req: Req, res: Res): unknown {
    let result: unknown;
    try {
      result = handler.call(this, req, res);
    } catch (err) {
      captureRequestError(err, req, options);
      throw err;
    }
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        captureRequestError(err, req, options);
        throw err;
      });
    }
    return result;
  };
}
