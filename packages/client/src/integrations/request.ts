/**
 * What every HTTP integration shares: the request written into `additional_info` (with
 * credentials scrubbed), and which errors are worth a report.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isScrubbed, isScrubbedHeader, SCRUBBED } from '../capture/redact';
import { truncate } from '../capture/serialize';
import { currentClient } from '../client';

/** The parts of a `node:http` request (or a framework's request built on it) that are reported. */
export interface RequestLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Express's URL before routers cut it. */
  originalUrl?: string | undefined;
  httpVersion?: string | undefined;
  rawHeaders?: string[] | undefined;
  headers?: IncomingHttpHeaders | undefined;
  socket?: { remoteAddress?: string | undefined } | null | undefined;
}

/** Options every HTTP integration takes. */
export interface HttpIntegrationOptions {
  /** Occurrences before the server emails about these errors. Default: the client's. */
  errorThreshold?: number;
  /**
   * Which errors to report. Default: those without an HTTP status and those with one of
   * 500 or more (a `404` or a validation `400` thrown on purpose is not a bug).
   */
  shouldReport?: (error: unknown) => boolean;
}

/** Longest request description sent. */
const MAX_REQUEST_INFO = 16 * 1024;

/** The default of {@link HttpIntegrationOptions.shouldReport}. */
export function isServerError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  return code === undefined || code >= 500 || code < 400;
}

/**
 * The request as text: the request line, the headers (credentials and names matching
 * `scrubPattern` scrubbed, query parameters too) and the remote address.
 */
export function describeRequest(req: RequestLike, scrubPattern: RegExp): string {
  const url = scrubQuery(req.originalUrl ?? req.url ?? '', scrubPattern);
  const lines = [`${req.method ?? 'GET'} ${url} HTTP/${req.httpVersion ?? '1.1'}`];
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) lines.push(header(raw[i]!, raw[i + 1]!, scrubPattern));
  } else {
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      for (const v of Array.isArray(value) ? value : [value ?? '']) lines.push(header(name, v, scrubPattern));
    }
  }
  const remote = req.socket?.remoteAddress;
  if (remote) lines.push('', `Remote address: ${remote}`);
  return truncate(lines.join('\n'), MAX_REQUEST_INFO);
}

/** Reports an error a request handler failed with, describing the request only if the report is made. */
export function captureRequestError(error: unknown, req: RequestLike, options: HttpIntegrationOptions): void {
  try {
    const client = currentClient();
    if (client === undefined || !(options.shouldReport ?? isServerError)(error)) return;
    client.capture(error, {
      errorThreshold: options.errorThreshold,
      additionalInfo: () => describeRequest(req, client.options.scrubPattern),
    });
  } catch {
    // Reporting must never change how the app handles its error.
  }
}

function header(name: string, value: string, scrubPattern: RegExp): string {
  return `${name}: ${isScrubbedHeader(name, scrubPattern) ? SCRUBBED : value}`;
}

function scrubQuery(url: string, scrubPattern: RegExp): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isScrubbed(safeDecode(name), scrubPattern) ? `${name}=${SCRUBBED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
