/**
 * Every failure Flawless reports to a user has a code from this table. The codes
 * are documented in docs/errors.md (a test keeps the two in step); a code, once
 * released, is never reused for another meaning.
 */
export const ERROR_CODES = {
  FLW_ERR_CONFIG_FILE: { status: 500, message: 'cannot read config file %s: %s' },
  FLW_ERR_CONFIG_SYNTAX: { status: 500, message: 'config file %s, line %s: %s' },
  FLW_ERR_CONFIG_VALUE: { status: 500, message: 'option %s has the bad value %s: expected %s' },
  FLW_ERR_STORAGE: { status: 500, message: 'cannot open storage %s: %s' },
  FLW_ERR_LISTEN: { status: 500, message: 'cannot listen on %s: %s' },
  FLW_ERR_INSECURE_BIND: {
    status: 500,
    message: 'refusing to listen on %s without admin_password: set admin_password or bind to 127.0.0.1',
  },
  FLW_ERR_THRIFT_OPEN: {
    status: 500,
    message:
      'refusing to open the Thrift port on %s to every address: Thrift clients cannot send ingest_token; set thrift_allow to the addresses or networks of your Flawless 0.4 clients (10.0.0.0/8), or any, or none',
  },
  FLW_ERR_BAD_JSON: { status: 400, message: 'body is not valid JSON: %s' },
  FLW_ERR_BAD_CONTENT_TYPE: { status: 415, message: 'unsupported content type %s: send application/json' },
  FLW_ERR_INVALID_REPORT: { status: 400, message: '%s' },
  FLW_ERR_BATCH_TOO_LARGE: { status: 400, message: 'a batch holds at most %s reports, this one has %s' },
  FLW_ERR_BODY_TOO_LARGE: { status: 413, message: 'request body is larger than max_report_bytes (%s bytes)' },
  FLW_ERR_UNAUTHORIZED: { status: 401, message: '%s' },
  FLW_ERR_FORBIDDEN: { status: 403, message: '%s' },
  FLW_ERR_NOT_FOUND: { status: 404, message: '%s' },
  FLW_ERR_INVALID_FORM: { status: 400, message: '%s' },
  FLW_ERR_SHUTTING_DOWN: { status: 503, message: 'the server is shutting down; retry against another instance' },
  FLW_ERR_INTERNAL: { status: 500, message: 'internal error: %s' },
} as const;

export type FlawlessErrorCode = keyof typeof ERROR_CODES;

function format(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ''));
}

/** An error with a documented code and the HTTP status it maps to. */
export class FlawlessError extends Error {
  readonly code: FlawlessErrorCode;
  readonly statusCode: number;
  /** Extra machine-readable detail sent with an HTTP error answer (field, index...). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: FlawlessErrorCode,
    args: readonly unknown[] = [],
    options: { cause?: unknown; detail?: Record<string, unknown> } = {},
  ) {
    super(format(ERROR_CODES[code].message, args), { cause: options.cause });
    this.name = 'FlawlessError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
    this.detail = options.detail;
  }
}

/** Wraps any thrown value into a FlawlessError, keeping the original as `cause`. */
export function toFlawlessError(err: unknown): FlawlessError {
  if (err instanceof FlawlessError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new FlawlessError('FLW_ERR_INTERNAL', [message], { cause: err });
}
