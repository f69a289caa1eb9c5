import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FlawlessError } from '../errors';
import type { IngestPipeline } from '../pipeline/ingest';
import { validateReports } from './validate';

export interface IngestRouteOptions {
  pipeline: IngestPipeline;
  /** When set, reports must carry `Authorization: Bearer <token>`. */
  ingestToken: string | null;
}

const ACCEPTED_SCHEMA = {
  type: 'object',
  properties: { accepted: { type: 'integer' } },
  required: ['accepted'],
} as const;

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7).trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** `POST /api/v1/errors`: one report or a batch; 202 once the counts are on disk. */
export function registerIngestRoutes(app: FastifyInstance, options: IngestRouteOptions): void {
  const { ingestToken, pipeline } = options;
  // The token is checked before the body is read: every report that gets this far is authenticated.
  const source = { authenticated: ingestToken !== null };
  app.post(
    '/api/v1/errors',
    {
      // Checked before the body is read, so an unauthenticated sender costs nothing.
      ...(ingestToken === null
        ? {}
        : {
            onRequest: async (request: FastifyRequest) => {
              if (!tokenMatches(request.headers.authorization, ingestToken)) {
                throw new FlawlessError('FLW_ERR_UNAUTHORIZED', [
                  request.headers.authorization ? 'wrong ingest token' : 'missing Authorization: Bearer <ingest_token>',
                ]);
              }
            },
          }),
      // A compiled serializer for the one answer the hot path gives.
      schema: { response: { 202: ACCEPTED_SCHEMA } },
    },
    async (request, reply) => {
      const reports = validateReports(request.body);
      await pipeline.submit(reports, source);
      return reply.code(202).send({ accepted: reports.length });
    },
  );
}
