import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/definitions';
import type { RulesProvider } from '../pipeline/rules-provider';
import type { Store } from '../store/types';
import { createAuth } from './auth';
import type { WebContext } from './context';
import { registerFormParser } from './form-body';
import { installGuard } from './guard';
import { registerAdminRoutes } from './handlers/admin';
import { registerApiRoutes } from './handlers/api';
import { registerLoginRoutes } from './handlers/login';
import { registerPageRoutes } from './handlers/pages';
import { loadWebSecret } from './secret';

export interface WebRouteOptions {
  store: Store;
  config: Readonly<Config>;
  version: string;
  rules: RulesProvider;
  log: Logger;
  /** Clock, epoch ms (tests move it); decides which week is "this week". */
  now?: () => number;
}

/**
 * The web UI and its JSON mirror. The original's paths are kept so old email links work.
 * Every response gets the security headers; every state change goes through the guard.
 */
export function registerWebRoutes(app: FastifyInstance, options: WebRouteOptions): WebContext {
  const now = options.now ?? Date.now;
  const auth = createAuth({
    password: options.config.admin_password,
    secret: loadWebSecret(options.config.data_dir_path, options.log),
    secureCookies: options.config.hostname.startsWith('https://'),
    now,
  });
  const ctx: WebContext = { ...options, now, auth };
  registerFormParser(app);
  installGuard(app, auth, options.config.protect_all_pages);
  registerPageRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerLoginRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  return ctx;
}
