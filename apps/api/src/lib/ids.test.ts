import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

describe('uuidv7 (pooled randomness)', () => {
  it('makes RFC 9562 version-7 ids carrying the current Unix milliseconds', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(after + 1);
  });

  it('sorts every id after the previous one, within a millisecond too, across pool refills', () => {
    // 20,000 ids draw 320 kB of randomness: the 4 kB pool refills ~80 times.
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The random tail differs between neighbours (not a reused slice of the pool).
    const tails = new Set(ids.map((id) => id.slice(-12)));
    expect(tails.size).toBe(ids.length);
  });
});
