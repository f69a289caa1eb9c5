import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OPTION_DEFINITIONS } from '../../config/definitions';
import { maskedConfig } from '../../config/load';
import type { RuleKind } from '../../store/types';
import { closestName } from '../../suggest';
import type { WebContext } from '../context';
import { pageContextOf } from '../guard';
import { param, type Query } from '../queries';
import { findRule, removeRule, saveRule } from '../rule-changes';
import { isReadOnly, isRuleKind, RULE_KINDS, RULE_LIST_KEYS, rulesOf } from '../rule-kinds';
import { ADD_PAGES, renderAdmin } from '../views/admin';
import { renderConfigList, renderConfigOption, renderConfigRules, renderConfigUnknown } from '../views/config';
import { renderMessage } from '../views/message';
import { RULE_FORMS, renderRuleForm, ruleFormValues } from '../views/rule-form';

type Body = Record<string, unknown>;

const sendHtml = (reply: FastifyReply, page: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').send(page);

/** Submitted values as the form shows them again next to their errors. */
function asFormValues(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (k !== '_csrf' && v !== null && v !== undefined) out[k] = String(v);
  return out;
}

function bodyOf(request: FastifyRequest): Body {
  const b = request.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {};
}

/** `/admin`, the original's add/save pages, edit and delete of every rule, and `/view_config`. */
export function registerAdminRoutes(app: FastifyInstance, ctx: WebContext): void {
  const page = (request: FastifyRequest) => pageContextOf(request, ctx.auth.passwordSet);
  const problem = (request: FastifyRequest, reply: FastifyReply, status: 403 | 404, message: string) =>
    sendHtml(reply, renderMessage(status === 404 ? 'Not found' : 'Read-only', message, page(request)), status);
  const readOnly = 'This rule comes from a rule file on the server (config_dir_path): change it there.';

  app.get('/admin', async (request, reply) =>
    sendHtml(
      reply,
      renderAdmin({
        rules: ctx.rules.current().rules,
        done: param(request.query as Query, 'done'),
        page: page(request),
      }),
    ),
  );

  for (const kind of RULE_KINDS) {
    const spec = RULE_FORMS[kind];
    app.get(ADD_PAGES[kind], async (request, reply) => {
      // Prefill from the query: the email's "add to whitelist" link names the line.
      const q = request.query as Query;
      const values: Record<string, string> = {};
      for (const f of spec.fields) {
        const v = param(q, f.name);
        if (v !== undefined) values[f.name] = v;
      }
      return sendHtml(
        reply,
        renderRuleForm({ kind, id: null, values, errors: {}, page: page(request), here: request.url }),
      );
    });

    const save = async (request: FastifyRequest, reply: FastifyReply) => {
      const body = bodyOf(request);
      const change = await saveRule(ctx, kind, null, body, false);
      if (change.status === 'saved') return reply.redirect(`/admin?done=added#rule-${kind}-${change.id}`, 303);
      const errors = change.status === 'invalid' ? change.errors : {};
      const view = { kind, id: null, values: asFormValues(body), errors, page: page(request), here: ADD_PAGES[kind] };
      return sendHtml(reply, renderRuleForm(view), 400);
    };
    // The original's save path, and a POST to the page's own path (SPEC §9 names the pages).
    app.post(spec.saveAction, save);
    app.post(ADD_PAGES[kind], save);
  }

  const target = (request: FastifyRequest): { kind: RuleKind; id: number } | null => {
    const { kind, id } = request.params as { kind: string; id: string };
    const n = Number(id);
    return isRuleKind(kind) && /^-?\d+$/.test(id) && Number.isSafeInteger(n) ? { kind, id: n } : null;
  };

  app.get('/admin/rules/:kind/:id/edit', async (request, reply) => {
    const t = target(request);
    const rule = t ? findRule(ctx, t.kind, t.id) : undefined;
    if (!t || !rule) return problem(request, reply, 404, 'No such rule: it may have been deleted.');
    if (isReadOnly(rule)) return problem(request, reply, 403, readOnly);
    const view = {
      kind: t.kind,
      id: t.id,
      values: ruleFormValues(rule),
      errors: {},
      page: page(request),
      here: request.url,
    };
    return sendHtml(reply, renderRuleForm(view));
  });

  app.post('/admin/rules/:kind/:id', async (request, reply) => {
    const t = target(request);
    if (!t) return problem(request, reply, 404, 'No such rule.');
    const body = bodyOf(request);
    const change = await saveRule(ctx, t.kind, t.id, body, false);
    switch (change.status) {
      case 'saved':
        return reply.redirect(`/admin?done=saved#rule-${t.kind}-${t.id}`, 303);
      case 'invalid': {
        const view = {
          kind: t.kind,
          id: t.id,
          values: asFormValues(body),
          errors: change.errors,
          page: page(request),
          here: `/admin/rules/${t.kind}/${t.id}/edit`,
        };
        return sendHtml(reply, renderRuleForm(view), 400);
      }
      case 'not_found':
        return problem(request, reply, 404, 'No such rule: it may have been deleted.');
      case 'read_only':
        return problem(request, reply, 403, readOnly);
    }
  });

  app.post('/admin/rules/:kind/:id/delete', async (request, reply) => {
    const t = target(request);
    if (!t) return problem(request, reply, 404, 'No such rule.');
    const removal = await removeRule(ctx, t.kind, t.id);
    if (removal.status === 'deleted') return reply.redirect(`/admin?done=deleted#${t.kind}`, 303);
    return removal.status === 'read_only'
      ? problem(request, reply, 403, readOnly)
      : problem(request, reply, 404, 'No such rule: it may have been deleted already.');
  });

  app.get('/view_config', async (request, reply) => {
    const key = param(request.query as Query, 'key');
    const masked = maskedConfig(ctx.config);
    if (key === undefined || key === '') return sendHtml(reply, renderConfigList(masked, page(request)));
    const option = OPTION_DEFINITIONS.find((d) => d.key === key);
    if (option) return sendHtml(reply, renderConfigOption(option, masked, page(request)));
    const list = Object.hasOwn(RULE_LIST_KEYS, key) ? RULE_LIST_KEYS[key] : undefined;
    if (list) {
      return sendHtml(reply, renderConfigRules(list, rulesOf(ctx.rules.current().rules, list.kind), page(request)));
    }
    const names = [...OPTION_DEFINITIONS.map((d) => d.key as string), ...Object.keys(RULE_LIST_KEYS)];
    return sendHtml(reply, renderConfigUnknown(key, closestName(key, names), page(request)), 404);
  });
}
