// Poisson traffic whose rate grows linearly from lambda0 to lambda0 x rampTo over the horizon
// (flat afterwards). Arrivals come from inverting the integrated rate, so no thinning is needed
// and a flat run (rampTo = 1) draws exactly the same gaps as a homogeneous Poisson process.
import { exponential, type Rng } from '@/lib/sim/engine'

export class RampedPoisson {
  private readonly slope: number

  constructor(
    private readonly lambda0: number,
    private readonly rampTo: number,
    private readonly horizon: number,
  ) {
    this.slope = (rampTo - 1) / horizon
  }

  rateAt(t: number): number {
    return this.lambda0 * (1 + this.slope * Math.min(t, this.horizon))
  }

  /** Expected arrivals in [0, t]. */
  cumulative(t: number): number {
    const h = Math.min(t, this.horizon)
    const ramped = this.lambda0 * (h + (this.slope * h * h) / 2)
    return ramped + Math.max(0, t - this.horizon) * this.lambda0 * this.rampTo
  }

  /** The next arrival after t. */
  next(rng: Rng, t: number): number {
    const target = this.cumulative(t) + exponential(rng, 1)
    if (this.slope === 0) return target / this.lambda0
    if (target > this.cumulative(this.horizon)) return this.horizon + (target - this.cumulative(this.horizon)) / (this.lambda0 * this.rampTo)
    // Root of lambda0 (s + slope s^2 / 2) = target, in the cancellation-free form.
    const x = target / this.lambda0
    return (2 * x) / (1 + Math.sqrt(1 + 2 * this.slope * x))
  }
}
