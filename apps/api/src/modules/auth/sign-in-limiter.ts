/**
 * Sign-in failure limit: after `maxFailures` failed attempts within `windowMs` for one client IP
 * and email, further attempts get 429 with `Retry-After` until the oldest failure leaves the window
 * (a sliding window). A success clears the record. Kept in process memory: it protects one server
 * process; several instances behind a balancer each apply it.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until the next attempt is allowed, or 0 when it may proceed now. */
  retryAfterSeconds(ip: string, email: string, now = Date.now()): number {
    const list = this.recent(`${ip}|${email}`, now);
    if (list.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000));
  }

  recordFailure(ip: string, email: string, now = Date.now()): void {
    const key = `${ip}|${email}`;
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > this.maxKeys) {
      // Bound memory under a spray of distinct emails: drop the oldest keys.
      const drop = this.failures.size - this.maxKeys;
      let i = 0;
      for (const k of this.failures.keys()) {
        if (i++ >= drop) break;
        this.failures.delete(k);
      }
    }
  }

  recordSuccess(ip: string, email: string): void {
    this.failures.delete(`${ip}|${email}`);
  }
}
