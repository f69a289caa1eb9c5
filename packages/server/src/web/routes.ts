import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/definitions';
import { maskedConfig } from '../config/load';
import type { Store } from '../store/types';
import { flag, weekFromTimestamp, weekTimestamps } from './params';
import { renderLeaderboard } from './views/leaderboard';
import { STYLESHEET } from './views/style';
import { renderTraceback } from './views/traceback';

export interface WebRouteOptions {
  store: Store;
  config: Readonly<Config>;
  version: string;
}

type Query = Record<string, string | undefined>;

/** Read-only pages and their JSON mirror. The original's paths are kept so old email links work. */
export function registerWebRoutes(app: FastifyInstance, options: WebRouteOptions): void {
  const { store, config } = options;

  app.get('/static/style.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  );

  app.get('/check_health', async () => ({
    status: 'ok',
    version: options.version,
    config: maskedConfig(config),
  }));

  async function weekly(q: Query) {
    const week = weekFromTimestamp(q['timestamp'], config);
    const includeKnownErrors = flag(q['include_known_errors']);
    const includeOld = flag(q['include_modified_before_min_date']);
    const errors = await store.weeklyErrors({
      week,
      includeKnownErrors,
      minimumDate: includeOld ? null : config.report_only_after_minimum_date,
    });
    return { week, includeKnownErrors, includeOld, errors };
  }

  const leaderboard = async (request: { query: unknown }, reply: { type(t: string): { send(b: string): unknown } }) => {
    const w = await weekly(request.query as Query);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderLeaderboard({ ...w, ...weekTimestamps(w.week, config.timezone) }));
  };
  app.get('/', leaderboard);
  app.get('/get_weekly_error_report', leaderboard);

  app.get('/api/v1/weekly', async (request) => {
    const w = await weekly(request.query as Query);
    return { week: w.week, errors: w.errors };
  });

  async function findError(q: Query) {
    const week = weekFromTimestamp(q['timestamp'], config);
    const line = Number(q['line_number']);
    if (!Number.isInteger(line)) return null;
    return store.getError(week, {
      filename: q['filename'] ?? '',
      function_name: q['function_name'] ?? '',
      line_number: line,
      text: (q['text'] ?? '').trim(),
    });
  }

  app.get('/view_traceback', async (request, reply) => {
    const q = request.query as Query;
    const record = await findError(q);
    const whitelist = new URLSearchParams({
      filename: q['filename'] ?? '',
      function_name: q['function_name'] ?? '',
      code_fragment: q['text'] ?? '',
    });
    return reply
      .code(record ? 200 : 404)
      .type('text/html; charset=utf-8')
      .send(renderTraceback({ record, whitelistLink: `/add_known_error?${whitelist}` }));
  });

  app.get('/api/v1/error', async (request, reply) => {
    const record = await findError(request.query as Query);
    if (!record) return reply.code(404).send({ error: 'FLW_ERR_NOT_FOUND', message: 'no such error in that week' });
    return record;
  });
}
