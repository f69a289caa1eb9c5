import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FlawlessError } from '../../errors';
import type { OutboxEntry, RuleKind } from '../../store/types';
import type { WebContext } from '../context';
import { findError, param, type Query, readWeekly } from '../queries';
import { findRule, type RuleChange, removeRule, saveRule } from '../rule-changes';
import { isRuleKind, RULE_KINDS, rulesOf } from '../rule-kinds';

const notFound = (what: string) => new FlawlessError('FLW_ERR_NOT_FOUND', [what]);
const readOnly = () =>
  new FlawlessError('FLW_ERR_FORBIDDEN', ['rules from rule files (negative ids) are read-only: edit the file']);

function kindOf(request: FastifyRequest): RuleKind {
  const { kind } = request.params as { kind: string };
  if (!isRuleKind(kind)) throw notFound(`no rule kind ${kind}: use one of ${RULE_KINDS.join(', ')}`);
  return kind;
}

function idOf(request: FastifyRequest): number {
  const { id } = request.params as { id: string };
  if (!/^-?\d{1,15}$/.test(id)) throw notFound(`no rule ${id}`);
  return Number(id);
}

/** The JSON body of a write; anything but a JSON object is refused (a form post cannot forge one). */
function jsonObject(request: FastifyRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new FlawlessError('FLW_ERR_BAD_CONTENT_TYPE', [type]);
  const b = request.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new FlawlessError('FLW_ERR_INVALID_FORM', ['body must be a JSON object'], { detail: { field: null } });
  }
  return b as Record<string, unknown>;
}

function answer(reply: FastifyReply, change: RuleChange, status: number) {
  switch (change.status) {
    case 'saved':
      return reply
        .code(status)
        .send({ id: change.id, kind: change.input.kind, rule: { ...change.input.rule, id: change.id } });
    case 'invalid': {
      const [field, message] = Object.entries(change.errors)[0] ?? ['', 'is invalid'];
      throw new FlawlessError('FLW_ERR_INVALID_FORM', [`${field} ${message}`], {
        detail: { field, errors: change.errors },
      });
    }
    case 'not_found':
      throw notFound('no such rule');
    case 'read_only':
      throw readOnly();
  }
}

/** Outbox entries without their bodies: what scripts and dashboards watch. */
function outboxSummary(e: OutboxEntry) {
  const { text: _text, html: _html, ...rest } = e;
  return rest;
}

/** The JSON mirror of the pages, under /api/v1/ (ingest, POST /api/v1/errors, lives apart). */
export function registerApiRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/api/v1/weekly', async (request) => {
    const w = await readWeekly(ctx, request.query as Query);
    return { week: w.week, errors: w.errors };
  });

  app.get('/api/v1/weeks', async () => ({ weeks: await ctx.store.weeks() }));

  app.get('/api/v1/error', async (request) => {
    const { record } = await findError(ctx, request.query as Query);
    if (!record) throw notFound('no such error in that week');
    return record;
  });

  app.get('/api/v1/outbox', async (request) => {
    const q = request.query as Query;
    const limit = Math.min(Math.max(Number(param(q, 'limit')) || 100, 1), 1000);
    const status = param(q, 'status');
    const entries = (await ctx.store.listOutbox(limit)).filter((e) => !status || e.status === status);
    return { entries: entries.map(outboxSummary) };
  });

  app.get('/api/v1/rules', async () => {
    const set = ctx.rules.current().rules;
    return Object.fromEntries(RULE_KINDS.map((k) => [k, rulesOf(set, k)]));
  });

  app.get('/api/v1/rules/:kind', async (request) => {
    const kind = kindOf(request);
    return { kind, rules: rulesOf(ctx.rules.current().rules, kind) };
  });

  app.get('/api/v1/rules/:kind/:id', async (request) => {
    const rule = findRule(ctx, kindOf(request), idOf(request));
    if (!rule) throw notFound('no such rule');
    return rule;
  });

  app.post('/api/v1/rules/:kind', async (request, reply) => {
    const kind = kindOf(request);
    return answer(reply, await saveRule(ctx, kind, null, jsonObject(request), true), 201);
  });

  app.put('/api/v1/rules/:kind/:id', async (request, reply) => {
    const kind = kindOf(request);
    const id = idOf(request);
    return answer(reply, await saveRule(ctx, kind, id, jsonObject(request), true), 200);
  });

  app.delete('/api/v1/rules/:kind/:id', async (request, reply) => {
    const removal = await removeRule(ctx, kindOf(request), idOf(request));
    if (removal.status === 'read_only') throw readOnly();
    if (removal.status === 'not_found') throw notFound('no such rule');
    return reply.code(204).send();
  });
}
