import { describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './api';

describe('api()', () => {
  it('turns the error body into an ApiError with code, message and issues', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json(
        {
          error: {
            code: 'validation_error',
            message: 'body.email: must be a valid email address',
            details: { issues: [{ path: 'body.email', message: 'must be a valid email address' }] },
          },
        },
        { status: 400 },
      ),
    );
    const err = await api('/api/v1/x', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).issues).toEqual([{ path: 'body.email', message: 'must be a valid email address' }]);
  });

  it('explains a non-JSON gateway error and an unreachable server', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api('/api/v1/me')).rejects.toThrow('The server could not answer (HTTP 502)');
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api('/api/v1/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
