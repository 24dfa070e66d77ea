/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const Status = z.object({ status: z.string() });
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], response: { 200: Status } } }, async () => {
    try {
      await app.database.query('SELECT 1');
    } catch {
      throw new AppError('unavailable', 'The database is not reachable');
    }
    return { status: 'ready' };
  });
};
