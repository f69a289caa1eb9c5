import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskedConfig } from '../../config/load';
import type { OutboxStatus } from '../../store/types';
import type { WebContext } from '../context';
import { accessOf, pageContextOf } from '../guard';
import { weekTimestamps } from '../params';
import { findError, param, type Query, readWeekly } from '../queries';
import { LEADERBOARD_COLUMNS, renderLeaderboard } from '../views/leaderboard';
import { renderOutbox } from '../views/outbox';
import { parseSort } from '../views/sortable';
import { STYLESHEET } from '../views/style';
import { renderTraceback } from '../views/traceback';

/** How many outbox entries the outbox page lists (newest first). */
export const OUTBOX_PAGE_SIZE = 500;

const sendHtml = (reply: FastifyReply, page: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').send(page);

/** The pages people read: leaderboard, traceback, outbox, health and the stylesheet. */
export function registerPageRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { config } = ctx;
  const page = (request: FastifyRequest) => pageContextOf(request, ctx.auth.passwordSet);

  app.get('/static/style.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  );

  app.get('/check_health', async (request) => {
    const reading = !config.protect_all_pages || accessOf(request).authenticated;
    return { status: 'ok', version: ctx.version, ...(reading ? { config: maskedConfig(config) } : {}) };
  });

  const leaderboard = async (request: FastifyRequest, reply: FastifyReply) => {
    const q = request.query as Query;
    const w = await readWeekly(ctx, q);
    return sendHtml(
      reply,
      renderLeaderboard({
        ...w,
        ...weekTimestamps(w.week, config.timezone, ctx.now()),
        minimumDate: config.report_only_after_minimum_date,
        sort: parseSort({ sort: param(q, 'sort'), dir: param(q, 'dir') }, LEADERBOARD_COLUMNS, 'count'),
        developer: param(q, 'developer'),
        showAll: param(q, 'show') === 'all',
        page: page(request),
      }),
    );
  };
  app.get('/', leaderboard);
  app.get('/get_weekly_error_report', leaderboard);

  app.get('/view_traceback', async (request, reply) => {
    const { record, week } = await findError(ctx, request.query as Query);
    const { timestamp } = weekTimestamps(week, config.timezone, ctx.now());
    return sendHtml(reply, renderTraceback({ record, timestamp, page: page(request) }), record ? 200 : 404);
  });

  app.get('/outbox', async (request, reply) => {
    const s = param(request.query as Query, 'status');
    const status: OutboxStatus | null = s === 'pending' || s === 'sent' || s === 'failed' ? s : null;
    const entries = await ctx.store.listOutbox(OUTBOX_PAGE_SIZE);
    return sendHtml(reply, renderOutbox({ entries, status, limit: OUTBOX_PAGE_SIZE, page: page(request) }));
  });
}
