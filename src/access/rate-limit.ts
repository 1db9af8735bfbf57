// Per-key token buckets. Each key gets `burst` tokens that refill at `ratePerSecond`; a request
// takes one token or is refused with the seconds until one is back (the Retry-After answer). The
// buckets live in memory (one process = one limit); idle full buckets are dropped so the map never
// grows with keys that stopped calling.

export interface BucketLimit {
  /** tokens added per second; 0 = unlimited */
  readonly ratePerSecond: number;
  /** bucket size (the largest burst) */
  readonly burst: number;
}

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface RateLimiterOptions {
  readonly now?: () => number;
  /** sweep idle buckets when the map holds more than this many (default 10000) */
  readonly maxBuckets?: number;
}

export function createRateLimiter(options: RateLimiterOptions = {}) {
  const now = options.now ?? Date.now;
  const maxBuckets = options.maxBuckets ?? 10_000;
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, limit: BucketLimit, t: number): void {
    const elapsed = Math.max(0, t - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.ratePerSecond);
    bucket.updatedMs = t;
  }

  function sweep(t: number): void {
    for (const [key, b] of buckets) {
      // a bucket idle for a minute is as good as full; forgetting it changes nothing
      if (t - b.updatedMs > 60_000) buckets.delete(key);
    }
  }

  return {
    /** takes `cost` tokens from the key's bucket */
    take(key: string, limit: BucketLimit, cost = 1): TakeResult {
      if (limit.ratePerSecond <= 0) return { ok: true };
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxBuckets) sweep(t);
        bucket = { tokens: limit.burst, updatedMs: t };
        buckets.set(key, bucket);
      } else {
        refill(bucket, limit, t);
      }
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return { ok: true };
      }
      const missing = cost - bucket.tokens;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / limit.ratePerSecond)) };
    },

    /** forget a key's bucket (after rotation or revocation) */
    reset(key: string): void {
      buckets.delete(key);
    },

    size(): number {
      return buckets.size;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
