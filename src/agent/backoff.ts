/** Exponential back-off with jitter: outages are waited out, and agents do not retry in lockstep. */
export interface BackoffOptions {
  baseSeconds?: number;
  maxSeconds?: number;
  random?: () => number;
}

export function backoffSeconds(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseSeconds ?? 5;
  const max = options.maxSeconds ?? 15 * 60;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 20)));
  // "Equal jitter": at least half the ceiling, so a retry never comes straight back.
  return ceiling / 2 + (random() * ceiling) / 2;
}
