/**
 * Test harness: the real providers and routes around a component, with `fetch` replaced by a table of
 * canned API answers (the network boundary is the only thing mocked).
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { Providers } from '../app/providers';
import { createQueryClient } from '../app/query-client';

/** A canned answer: status and JSON body (or a function of the request body). */
export interface Reply {
  status?: number;
  body?: unknown | ((requestBody: unknown) => unknown);
}

/** One request seen by the fake network. */
export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Replaces `fetch` with answers keyed by "METHOD /path" (query string ignored unless the key has
 * one). A key may map to a list of replies, used in order (the last one repeats). Unknown requests
 * get a 404 in the API's error shape. Returns the log of requests.
 */
export function mockApi(routes: Record<string, Reply | Reply[]>): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const used = new Map<string, number>();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const method = (init?.method ?? 'GET').toUpperCase();
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      seen.push({ method, path: url.pathname + url.search, body, headers });
      const key = [`${method} ${url.pathname}${url.search}`, `${method} ${url.pathname}`].find((k) => k in routes);
      if (!key) {
        return Response.json(
          { error: { code: 'not_found', message: `No mock for ${method} ${url.pathname}` } },
          { status: 404 },
        );
      }
      const entry = routes[key]!;
      const list = Array.isArray(entry) ? entry : [entry];
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      const reply = list[Math.min(n, list.length - 1)]!;
      const status = reply.status ?? 200;
      if (status === 204) return new Response(null, { status });
      const payload = typeof reply.body === 'function' ? reply.body(body) : reply.body;
      return Response.json(payload ?? {}, { status });
    }),
  );
  return seen;
}

/** An API error body as the server sends it. */
export function apiError(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Renders `element` at `path` (matching `pattern`) inside the app's providers and a memory router. */
export function renderPage(element: ReactNode, opts: { path?: string; pattern?: string } = {}) {
  const path = opts.path ?? '/';
  const router = createMemoryRouter(
    [
      { path: opts.pattern ?? path.split('?')[0], element },
      { path: '*', element: <div data-testid="elsewhere" /> },
    ],
    { initialEntries: [path] },
  );
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    ...queryClient.getDefaultOptions(),
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  const utils = render(
    <Providers queryClient={queryClient} env="test">
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...utils, router, queryClient };
}
