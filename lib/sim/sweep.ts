// Sweep charts: one short seeded run per value of the swept parameter, reading a value metric at
// the end, beside the theory at the same parameters. Pure and deterministic, so every viewer
// computes the same points and nothing needs sharing. The generator form lets the browser spread
// the runs over animation frames; runSweep is the same points in one call (tests, CLI).
import type { Simulator, SweepSpec } from '@/lib/sim/engine'
import { prepareParams, startRun } from '@/lib/sim/registry'

export type SweepPoint = { x: number; simulated: number | null; theory: number | null }
export type SweepResult = { x: number[]; simulated: (number | null)[]; theory: (number | null)[] }

type AnySim = Simulator<Record<string, number | string | boolean>>

/** How many slices each point's run is advanced in by the incremental runner. */
const SLICES = 40

/**
 * The sweep as small steps: each yield is null (a slice of one point's run done) or a finished
 * point. One load-balancing point is ~80 ms of CPU, too long for one animation frame, so the
 * panel drives this with a per-frame time budget instead of a whole point per frame. Advancing in
 * slices reaches the same state as one advance (the event order does not depend on the stops).
 */
export function* sweepSteps<P>(sim: Simulator<P>, spec: SweepSpec<P>, baseParams: unknown, seed: number, slices = SLICES): Generator<SweepPoint | null, void, undefined> {
  const any = sim as unknown as AnySim
  const base = { ...(isRecord(baseParams) ? baseParams : {}), ...(spec.overrides ?? {}) }
  const prepared = prepareParams(any, base)
  // Bad base parameters: the panel already shows the errors; a sweep has nothing to draw.
  if (!prepared.ok) return
  const values = typeof spec.values === 'function' ? spec.values(prepared.params as P) : spec.values
  for (const x of values) {
    // The same seed at every point (common random numbers): the points differ by the parameter,
    // not by luck, so the simulated curve is as smooth as the run length allows.
    const started = startRun(any, { ...base, [spec.param]: x }, seed, spec.duration)
    if (!started.ok) {
      yield { x, simulated: null, theory: null }
      continue
    }
    for (let i = 1; i < slices; i++) {
      started.run.advance((spec.duration * i) / slices)
      yield null
    }
    started.run.advance(spec.duration)
    const v = started.run.metrics().values[spec.metric]
    const theory = spec.theory(started.params as P)
    yield { x, simulated: typeof v === 'number' && Number.isFinite(v) ? v : null, theory: theory !== null && Number.isFinite(theory) ? theory : null }
  }
}

/** The points of a sweep, one per yield, each from a fresh run with the swept value set. */
export function* sweepPoints<P>(sim: Simulator<P>, spec: SweepSpec<P>, baseParams: unknown, seed: number, slices = SLICES): Generator<SweepPoint, void, undefined> {
  for (const step of sweepSteps(sim, spec, baseParams, seed, slices)) if (step) yield step
}

/** The whole sweep in one call (tests, CLI): each point's run advanced in one go. */
export function runSweep<P>(sim: Simulator<P>, spec: SweepSpec<P>, baseParams: unknown, seed: number): SweepResult {
  return collect(sweepPoints(sim, spec, baseParams, seed, 1))
}

/**
 * The theory line over the sweep's whole range, denser than the points so it reads as a curve.
 * The swept value is set without validation because in-between values of an integer parameter
 * (cache size, shards) are fine for the formulas though not for a run.
 */
export function theoryCurve<P>(sim: Simulator<P>, spec: SweepSpec<P>, baseParams: unknown, samples = 48): { x: number[]; y: (number | null)[] } {
  const base = { ...(isRecord(baseParams) ? baseParams : {}), ...(spec.overrides ?? {}) }
  const prepared = prepareParams(sim as unknown as AnySim, base)
  if (!prepared.ok) return { x: [], y: [] }
  const values = typeof spec.values === 'function' ? spec.values(prepared.params as P) : spec.values
  if (values.length === 0) return { x: [], y: [] }
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const xs = [...new Set([...values, ...Array.from({ length: samples }, (_, i) => lo + ((hi - lo) * i) / (samples - 1))])].sort((a, b) => a - b)
  return {
    x: xs,
    y: xs.map((x) => {
      const t = spec.theory({ ...(prepared.params as P), [spec.param]: x })
      return t !== null && Number.isFinite(t) ? t : null
    }),
  }
}

export function collect(points: Iterable<SweepPoint>): SweepResult {
  const out: SweepResult = { x: [], simulated: [], theory: [] }
  for (const p of points) {
    out.x.push(p.x)
    out.simulated.push(p.simulated)
    out.theory.push(p.theory)
  }
  return out
}

/** max |sim - theory| / theory over points where both exist and theory > 0; null if none. */
export function maxRelError(r: SweepResult): number | null {
  let worst: number | null = null
  r.x.forEach((_, i) => {
    const s = r.simulated[i]
    const t = r.theory[i]
    if (s == null || t == null || t <= 0) return
    const e = Math.abs(s - t) / t
    worst = worst === null ? e : Math.max(worst, e)
  })
  return worst
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}
