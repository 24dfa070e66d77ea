/**
 * Seeded pseudo-random numbers for the demo data: the same seed gives the same records on every
 * start, so screenshots and tests stay stable (no `Math.random`). Times are derived from one
 * `now` passed in by the caller, so relative ages ("3 days in stage") are stable too.
 */

export const DAY_MS = 86_400_000;

/** A small deterministic generator (mulberry32) with the helpers the demo data needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with the given relative weights (same length as `items`). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** `count` distinct elements (all of them when the list is shorter), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
}

/** A generator for `seed` (any 32-bit integer). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items, weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = next() * total;
      for (const [i, w] of weights.entries()) {
        r -= w;
        if (r < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
    sample: (items, count) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, count);
    },
  };
}

/**
 * A time `daysAgo` days before `now`, moved to a working hour (08:00–17:59 UTC) with a seeded minute,
 * and never later than `now`.
 */
export function workTime(rng: Rng, now: Date, daysAgo: number): Date {
  const d = new Date(now.getTime() - Math.max(0, daysAgo) * DAY_MS);
  d.setUTCHours(rng.int(8, 17), rng.int(0, 59), rng.int(0, 59), rng.int(0, 999));
  return d.getTime() > now.getTime() ? new Date(now.getTime() - rng.int(60_000, 3_600_000)) : d;
}

/** `YYYY-MM-DD` (UTC) of `d`. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
