import { type ErrorReport, MAX_BATCH_SIZE, MAX_DEPTH, nestsDeeperThan, reportSchema } from '@flawless/protocol';
import Ajv, { type ErrorObject } from 'ajv';
import { FlawlessError } from '../errors';

// Compiled once: the validator is generated code, an order of magnitude faster than
// an interpreted schema walk on the ingest hot path.
// `unicode: false`: string limits count UTF-16 units, not code points — a bound on size
// either way, and counting code points costs a pass over every string.
// `removeAdditional: true`: fields the schema closes with `additionalProperties: false`
// lose what they do not declare, so an unknown field is accepted and never stored.
const ajv = new Ajv({ allErrors: false, strict: false, unicode: false, logger: false, removeAdditional: true });
const compiled = ajv.compile<ErrorReport>(reportSchema);
let tooDeep = false;

/** The schema check, after the depth bound: a value nested past MAX_DEPTH is refused before anything walks it. */
function validateOne(value: unknown): value is ErrorReport {
  tooDeep = nestsDeeperThan(value, MAX_DEPTH);
  return !tooDeep && compiled(value);
}

/** `/traceback/0/line_number` → `traceback[0].line_number` */
function fieldPath(err: ErrorObject): string {
  const parts = err.instancePath.split('/').slice(1);
  if (err.keyword === 'required') parts.push(String((err.params as { missingProperty: string }).missingProperty));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function describe(err: ErrorObject): string {
  if (err.keyword === 'required') return 'is missing';
  if (err.keyword === 'maxItems') return `has more than ${(err.params as { limit: number }).limit} items`;
  if (err.keyword === 'maxLength') return `is longer than ${(err.params as { limit: number }).limit} characters`;
  return err.message ?? 'is invalid';
}

function invalid(err: ErrorObject | undefined, index: number | null): FlawlessError {
  if (tooDeep) {
    const where = index === null ? '' : `report[${index}] `;
    return new FlawlessError(
      'FLW_ERR_INVALID_REPORT',
      [`${where}nests arrays or objects deeper than ${MAX_DEPTH} levels`],
      {
        detail: index === null ? { field: '(report)' } : { field: '(report)', index },
      },
    );
  }
  const field = err ? fieldPath(err) || '(report)' : '(report)';
  const problem = err ? describe(err) : 'is invalid';
  const where = index === null ? '' : `report[${index}].`;
  return new FlawlessError('FLW_ERR_INVALID_REPORT', [`${where}${field} ${problem}`], {
    detail: index === null ? { field } : { field, index },
  });
}

/**
 * Checks a parsed request body: one report, or a batch of at most MAX_BATCH_SIZE.
 * Throws a FlawlessError naming the field (and batch index) of the first problem.
 */
export function validateReports(body: unknown): ErrorReport[] {
  if (Array.isArray(body)) {
    if (body.length === 0) {
      throw new FlawlessError('FLW_ERR_INVALID_REPORT', ['a batch must hold at least one report'], {
        detail: { field: '(batch)' },
      });
    }
    if (body.length > MAX_BATCH_SIZE) throw new FlawlessError('FLW_ERR_BATCH_TOO_LARGE', [MAX_BATCH_SIZE, body.length]);
    for (let i = 0; i < body.length; i++) {
      if (!validateOne(body[i])) throw invalid(compiled.errors?.[0], i);
    }
    return body as ErrorReport[];
  }
  if (!validateOne(body)) {
    if (body === null || typeof body !== 'object') {
      throw new FlawlessError('FLW_ERR_INVALID_REPORT', ['body must be a report object or an array of them'], {
        detail: { field: '(body)' },
      });
    }
    throw invalid(compiled.errors?.[0], null);
  }
  return [body];
}
