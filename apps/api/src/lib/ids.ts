/**
 * Record ids: UUID version 7 (RFC 9562 §5.7) — a 48-bit Unix-millisecond timestamp, then a 31-bit
 * counter that is monotonic within a millisecond (§6.2 method 1, seeded from random bits each new
 * millisecond, carried into the next millisecond on overflow — the `uuid` package's own v7 state
 * rules), then random bits.
 *
 * The bytes come from the `uuid` package (`v7({ random, msecs, seq })`); only the randomness differs:
 * `uuid` 14 calls `crypto.getRandomValues` for 16 bytes per id (~2.3 µs), this module fills a 4 kB
 * pool with `crypto.randomFillSync` and slices it (~0.37 µs an id) — an import of 1,000 contacts
 * draws ~4,500 ids on the request thread (bench/import CPU profile: 1.2 s of 22 s in getRandomValues
 * per 100,000 rows).
 */
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;

/** 16 fresh random bytes (a view into the pool, consumed at once by `v7`). */
function random16(): Uint8Array {
  if (offset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  return bytes;
}

const state = { msecs: -Infinity, seq: 0 };

/** A new UUIDv7 string, later than (sorting after) every one this process made before. */
export function uuidv7(): string {
  const random = random16();
  const now = Date.now();
  if (now > state.msecs) {
    // A fresh 31-bit counter from the random bytes, as uuid's v7Sequence.
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ random, msecs: state.msecs, seq: state.seq });
}
