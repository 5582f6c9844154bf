// What the panel needs to draw theory beside a simulation: which series are theory curves, the
// two lines on one x axis for uPlot, and the run's caveat line. Pure.
import type { Metrics, MetricSpec, Series, Simulator } from '@/lib/sim/engine'
import { prepareParams } from '@/lib/sim/registry'

/** Names of series that are another series' theory curve (drawn on that chart, not their own). */
export function theorySeriesNames(metrics: readonly MetricSpec[]): Set<string> {
  return new Set(metrics.flatMap((m) => (m.kind === 'series' && m.theory ? [m.theory] : [])))
}

/**
 * The simulated series and its theory curve on the union of their x values, null where a line
 * has no point (uPlot spans the gaps). Shares the x values untouched when they are the same.
 */
export function alignSeries(sim: Series, theory: Series): [number[], (number | null)[], (number | null)[]] {
  const same = sim.t.length === theory.t.length && sim.t.every((t, i) => t === theory.t[i])
  if (same) return [sim.t.slice(), sim.v.slice(), theory.v.slice()]
  const xs = [...new Set([...sim.t, ...theory.t])].sort((a, b) => a - b)
  const at = (s: Series): (number | null)[] => {
    const byX = new Map<number, number>()
    s.t.forEach((t, i) => byX.set(t, s.v[i]!))
    return xs.map((x) => byX.get(x) ?? null)
  }
  return [xs, at(sim), at(theory)]
}

/** The simulator's one-line caveat for this run, or null (no caveat, bad parameters, no metrics). */
export function caveatFor(sim: Pick<Simulator, 'params' | 'validate' | 'caveat'>, input: unknown, metrics: Metrics | null): string | null {
  if (!sim.caveat || !metrics) return null
  const prepared = prepareParams(sim as Simulator, input)
  return prepared.ok ? sim.caveat(prepared.params, metrics) : null
}
