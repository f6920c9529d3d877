// Small statistics for the soak: medians and the growth verdicts on the resource samples.

export function median(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** {n, min, median, max} of the finite values (nulls when there are none). */
export function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { n: 0, min: null, median: null, max: null };
  return { n: xs.length, min: Math.min(...xs), median: median(xs), max: Math.max(...xs) };
}

/**
 * Growth of a series that should be flat: the median of its last third against the median of its first third
 * (medians, so one spike at either end does not decide), with the least-squares slope for the record.
 * It grew when late - early exceeds both `abs` and `rel` * early. Fewer than `minSamples` values: not judged.
 */
export function judgeGrowth(values, { abs, rel = 0, minSamples = 6 }) {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length < minSamples) return { judged: false, n: xs.length, ok: true };
  const third = Math.max(2, Math.floor(xs.length / 3));
  const early = median(xs.slice(0, third));
  const late = median(xs.slice(-third));
  const growth = late - early;
  const limit = Math.max(abs, rel * early);
  return { judged: true, n: xs.length, early, late, growth, limit, slopePerSample: slope(xs), ok: growth <= limit };
}

function slope(xs) {
  const n = xs.length;
  const mx = (n - 1) / 2;
  const my = xs.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  xs.forEach((y, x) => { num += (x - mx) * (y - my); den += (x - mx) ** 2; });
  return den === 0 ? 0 : num / den;
}
