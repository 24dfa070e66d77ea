import { Fragment } from 'react';
import type { SearchHitWire } from './search-api';

/**
 * A hit's snippet with its matched ranges in `<mark>`: plain text nodes only (the server's snippet
 * is never rendered as HTML). Overlapping or out-of-range highlights are clamped and skipped.
 */
export function Highlighted({ hit }: { hit: Pick<SearchHitWire, 'snippet' | 'highlights'> }) {
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const { start, end } of [...hit.highlights].sort((a, b) => a.start - b.start)) {
    const s = Math.max(start, at);
    const e = Math.min(end, hit.snippet.length);
    if (e <= s) continue;
    if (s > at) parts.push({ text: hit.snippet.slice(at, s), mark: false });
    parts.push({ text: hit.snippet.slice(s, e), mark: true });
    at = e;
  }
  if (at < hit.snippet.length) parts.push({ text: hit.snippet.slice(at), mark: false });
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}</>;
}
