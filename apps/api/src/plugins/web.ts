/**
 * Serves the built web app (apps/web/dist) with a single-page-app fallback: unknown GET paths
 * outside `/api` get `index.html`; unknown `/api` paths get a JSON 404 in the standard error shape.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { ErrorBody } from '@relata/shared';

export const webPlugin = fp(async (app: FastifyInstance, opts: { distDir: string }) => {
  const hasWeb = existsSync(path.join(opts.distDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: opts.distDir,
      wildcard: false,
      index: false,
      // Hashed assets are immutable; index.html must always be revalidated.
      setHeaders: (res, file) => {
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const wantsPage =
      req.method === 'GET' && !req.url.startsWith('/api') && (req.headers.accept ?? '').includes('text/html');
    if (hasWeb && wantsPage) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const body: ErrorBody = {
      error: { code: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` },
    };
    return reply.status(404).send(body);
  });
});
