import type { Logger } from 'pino';
import type { Config } from '../config/definitions';
import type { RulesProvider } from '../pipeline/rules-provider';
import type { Store } from '../store/types';
import type { Auth } from './auth';

/** What every web handler works with. */
export interface WebContext {
  store: Store;
  config: Readonly<Config>;
  version: string;
  rules: RulesProvider;
  log: Logger;
  /** Clock, epoch ms: decides which week is "this week". */
  now: () => number;
  auth: Auth;
}
