// Small statistics helpers shared by the simulators: moments, percentiles, time averages and
// down-sampled time series for charts.

/** Mean and variance by Welford's method (numerically stable in one pass). */
export class Moments {
  count = 0
  mean = 0
  private m2 = 0

  add(x: number): void {
    this.count++
    const delta = x - this.mean
    this.mean += delta / this.count
    this.m2 += delta * (x - this.mean)
  }

  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : 0
  }
}

/** The q-quantile (0..1) of values, by the nearest-rank method; null when empty. */
export function percentile(values: readonly number[] | Float64Array, q: number): number | null {
  if (values.length === 0) return null
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank] ?? null
}

/** The time average of a piecewise-constant quantity (e.g. number in system, for Little's law). */
export class TimeAverage {
  private area = 0
  private lastTime: number
  private value = 0
  private readonly start: number

  constructor(start = 0) {
    this.start = start
    this.lastTime = start
  }

  set(now: number, value: number): void {
    if (now > this.lastTime) {
      this.area += this.value * (now - this.lastTime)
      this.lastTime = now
    }
    this.value = value
  }

  average(now: number): number {
    const span = now - this.start
    if (span <= 0) return this.value
    return (this.area + this.value * Math.max(0, now - this.lastTime)) / span
  }
}

export type Series = { t: number[]; v: number[] }

/** A time series for a chart, capped in length: when full, every other point is dropped. */
export class SeriesRecorder {
  readonly series: Series = { t: [], v: [] }
  constructor(private readonly maxPoints = 400) {}

  add(t: number, v: number): void {
    this.series.t.push(t)
    this.series.v.push(v)
    if (this.series.t.length > this.maxPoints) {
      this.series.t = this.series.t.filter((_, i) => i % 2 === 0)
      this.series.v = this.series.v.filter((_, i) => i % 2 === 0)
    }
  }
}

/** Largest number of timestamps (sorted ascending) inside any closed window of length tau. */
export function maxInWindow(sortedTimes: readonly number[], tau: number): number {
  let best = 0
  let lo = 0
  for (let hi = 0; hi < sortedTimes.length; hi++) {
    while ((sortedTimes[hi] ?? 0) - (sortedTimes[lo] ?? 0) > tau + 1e-9) lo++
    best = Math.max(best, hi - lo + 1)
  }
  return best
}

export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length === 0) return 0
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  if (mean === 0) return 0
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length
  return Math.sqrt(variance) / mean
}

/** Round for JSON output, so metrics are readable and stable across platforms' last digits. */
export function round(x: number, digits = 6): number {
  if (!Number.isFinite(x)) return x
  const f = 10 ** digits
  return Math.round(x * f) / f
}
