/** `/api/v1/leads` — being written (issue 4). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const leadRoutes: FastifyPluginAsyncZod = async () => {};
