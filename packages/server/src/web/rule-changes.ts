import type { RuleInput, RuleKind } from '../store/types';
import type { WebContext } from './context';
import { type FieldErrors, parseRuleInput } from './rule-input';
import { isReadOnly, rulesOf } from './rule-kinds';

export type RuleChange =
  | { status: 'saved'; id: number; input: RuleInput }
  | { status: 'invalid'; errors: FieldErrors }
  | { status: 'not_found' }
  | { status: 'read_only' };

export type RuleRemoval = { status: 'deleted' } | { status: 'not_found' } | { status: 'read_only' };

type Ctx = Pick<WebContext, 'store' | 'rules' | 'log'>;

function duplicateErrors(ctx: Ctx, input: RuleInput, id: number | null): FieldErrors | null {
  if (input.kind !== 'ignored_exception') return null;
  const type = input.rule.exception_type;
  const same = ctx.rules.current().rules.ignoredExceptions.find((r) => r.exception_type === type && r.id !== id);
  return same ? { exception_type: `${type} is already ignored` } : null;
}

/**
 * Validates and stores a new rule (`id` null) or a change to one, then reloads the
 * rules in force so the next report is triaged and mailed with them.
 */
export async function saveRule(
  ctx: Ctx,
  kind: RuleKind,
  id: number | null,
  data: Record<string, unknown>,
  strict: boolean,
): Promise<RuleChange> {
  if (id !== null && isReadOnly({ id })) return { status: 'read_only' };
  const parsed = parseRuleInput(kind, data, strict);
  if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
  const duplicate = duplicateErrors(ctx, parsed.input, id);
  if (duplicate) return { status: 'invalid', errors: duplicate };
  let savedId: number;
  if (id === null) {
    savedId = await ctx.store.addRule(parsed.input);
  } else {
    if (!(await ctx.store.updateRule(id, parsed.input))) return { status: 'not_found' };
    savedId = id;
  }
  await ctx.rules.refresh();
  ctx.log.info({ kind, id: savedId }, id === null ? 'rule added' : 'rule changed');
  return { status: 'saved', id: savedId, input: parsed.input };
}

/** Deletes a rule and reloads the rules in force. Rule-file rules cannot be deleted here. */
export async function removeRule(ctx: Ctx, kind: RuleKind, id: number): Promise<RuleRemoval> {
  if (isReadOnly({ id })) return { status: 'read_only' };
  if (!(await ctx.store.deleteRule(kind, id))) return { status: 'not_found' };
  await ctx.rules.refresh();
  ctx.log.info({ kind, id }, 'rule deleted');
  return { status: 'deleted' };
}

/** One rule of a kind from the rules in force (rule-file ones included), or undefined. */
export function findRule(ctx: Pick<WebContext, 'rules'>, kind: RuleKind, id: number) {
  return rulesOf(ctx.rules.current().rules, kind).find((r) => r.id === id);
}
