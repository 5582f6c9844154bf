// Percentiles without keeping every sample: a log-bucketed histogram, so metrics() stays cheap at
// 60 frames a second however long a run is. A reported quantile is the geometric middle of its
// bucket, within half a bucket (ratio 1.05: 2.5%) of the exact nearest-rank value.

export type LogHistogramOptions = {
  /** Values at or below this share the first bucket. */
  floor?: number
  /** Values at or above this share the last bucket. */
  ceiling?: number
  /** Each bucket's upper edge over its lower edge. */
  ratio?: number
}

export class LogHistogram {
  private readonly floor: number
  private readonly ratio: number
  private readonly logRatio: number
  private readonly counts: Float64Array
  private n = 0
  private total = 0
  private totalSq = 0

  constructor({ floor = 1e-6, ceiling = 1e9, ratio = 1.05 }: LogHistogramOptions = {}) {
    this.floor = floor
    this.ratio = ratio
    this.logRatio = Math.log(ratio)
    this.counts = new Float64Array(2 + Math.ceil(Math.log(ceiling / floor) / this.logRatio))
  }

  get count(): number {
    return this.n
  }

  get sum(): number {
    return this.total
  }

  get mean(): number | null {
    return this.n > 0 ? this.total / this.n : null
  }

  /** Sample standard deviation, from exact running sums (for standard errors in checks). */
  get sd(): number {
    if (this.n < 2) return 0
    const m = this.total / this.n
    return Math.sqrt(Math.max(0, (this.totalSq - this.n * m * m) / (this.n - 1)))
  }

  add(x: number): void {
    const last = this.counts.length - 1
    const i = x <= this.floor ? 0 : Math.min(last, 1 + Math.floor(Math.log(x / this.floor) / this.logRatio))
    this.counts[i]!++
    this.n++
    this.total += x
    this.totalSq += x * x
  }

  /** The nearest-rank q-quantile (bucket middle); null when empty. */
  quantile(q: number): number | null {
    if (this.n === 0) return null
    const rank = Math.min(this.n, Math.max(1, Math.ceil(q * this.n)))
    let seen = 0
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return i === 0 ? this.floor : this.floor * this.ratio ** (i - 0.5)
    }
    return null
  }

  clear(): void {
    this.counts.fill(0)
    this.n = 0
    this.total = 0
    this.totalSq = 0
  }
}
