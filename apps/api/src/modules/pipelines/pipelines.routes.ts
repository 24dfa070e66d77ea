/** `/api/v1/pipelines` — being written (issue 4). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const pipelineRoutes: FastifyPluginAsyncZod = async () => {};
