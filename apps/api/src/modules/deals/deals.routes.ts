/** `/api/v1/deals` — being written (issue 4). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const dealRoutes: FastifyPluginAsyncZod = async () => {};
