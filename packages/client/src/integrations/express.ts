/** Express: an error middleware that reports, then hands the error on unchanged. */
import { captureRequestError, type HttpIntegrationOptions, type RequestLike } from './request';

/**
 * An Express error handler (`app.use(flawless.expressErrorHandler())` after the routes):
 * reports the error with the request, then calls `next(err)`, so the app's own error
 * handlers (or Express's default response) run as before.
 */
export function expressErrorHandler(options: HttpIntegrationOptions = {}) {
  // Express recognises an error handler by its four parameters.
  return function flawlessErrorHandler(
    err: unknown,
    req: RequestLike,
    _res: unknown,
    next: (err?: unknown) => void,
  ): void {
    captureRequestError(err, req, options);
    next(err);
  };
}
