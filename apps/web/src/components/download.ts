import { ApiError } from './api';

/** `filename` of a `Content-Disposition: attachment; filename="…"` header. */
function fileNameOf(res: Response, fallback: string): string {
  const m = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

/**
 * Fetches `url` with the session cookie (GET, or POST with the JSON `body`) and saves the response as a
 * file under the server's `Content-Disposition` name, else `fallbackName`. Throws ApiError with the
 * server's message (status 0 when the server cannot be reached).
 */
export async function downloadFile(url: string, fallbackName: string, body?: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(
      url,
      body === undefined
        ? { credentials: 'same-origin' }
        : {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) {
    let message = `The export failed (HTTP ${res.status})`;
    try {
      const parsed = (await res.json()) as { error?: { message?: string } };
      if (parsed.error?.message) message = parsed.error.message;
    } catch {
      // not JSON: keep the generic message
    }
    throw new ApiError(res.status, 'bad_request', message);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameOf(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 0);
}
