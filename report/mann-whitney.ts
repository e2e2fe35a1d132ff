// The Mann-Whitney U test, one-sided: is `current` stochastically larger than `baseline`? Run on
// the runs' intervals (a few dozen values each), never on raw requests, whose sheer number makes
// every difference "significant". Normal approximation with tie and continuity corrections, good
// from about eight values a side; below that it says so instead of answering.

/** The fewest values on each side the approximation is trusted with. */
export const MIN_SAMPLES = 8;

export interface UTest {
  /** Pairs (current, baseline) where current is larger, ties counting one half. */
  u: number;
  n: [baseline: number, current: number];
  /** One-sided p-value for "current is larger"; null when a side has fewer than MIN_SAMPLES. */
  p: number | null;
  /** Rank-biserial correlation, -1..1: how often current beats baseline, beyond chance (0). */
  effect: number | null;
}

export function mannWhitneyGreater(baseline: number[], current: number[]): UTest {
  const n1 = baseline.length;
  const n2 = current.length;
  const all = [...baseline.map((value) => ({ value, current: false })), ...current.map((value) => ({ value, current: true }))].sort((a, b) => a.value - b.value);
  // Average ranks over ties; the tie term corrects the variance.
  let rankSumCurrent = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].value === all[i].value) j++;
    const rank = (i + j + 2) / 2;
    const tied = j - i + 1;
    tieTerm += tied ** 3 - tied;
    for (let k = i; k <= j; k++) if (all[k].current) rankSumCurrent += rank;
    i = j + 1;
  }
  const u = rankSumCurrent - (n2 * (n2 + 1)) / 2;
  const pairs = n1 * n2;
  if (n1 < MIN_SAMPLES || n2 < MIN_SAMPLES) return { u, n: [n1, n2], p: null, effect: pairs > 0 ? (2 * u) / pairs - 1 : null };
  const mean = pairs / 2;
  const total = n1 + n2;
  const variance = (pairs / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (variance <= 0) return { u, n: [n1, n2], p: u > mean ? 0 : 1, effect: (2 * u) / pairs - 1 };
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return { u, n: [n1, n2], p: 1 - normalCdf(z), effect: (2 * u) / pairs - 1 };
}

/** Φ(z), from the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
