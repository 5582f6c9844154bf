// Theory curves for the charts: a series on the x values of a simulated one, so the panel can
// draw the two together. Pure.
import type { Series } from './stats'

/** f evaluated at each x of `like`; points where f is null or not finite are left out. */
export function theoryAt(like: Series, f: (t: number) => number | null): Series {
  const out: Series = { t: [], v: [] }
  for (const t of like.t) {
    const v = f(t)
    if (v === null || !Number.isFinite(v)) continue
    out.t.push(t)
    out.v.push(Math.round(v * 1e6) / 1e6)
  }
  return out
}

/** A constant line over the x range of `like`; empty when the value is null. */
export function constantLike(like: Series, value: number | null): Series {
  return value === null ? { t: [], v: [] } : theoryAt(like, () => value)
}
