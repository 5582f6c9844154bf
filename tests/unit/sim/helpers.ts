import { expect } from 'vitest'
import type { Metrics, Run, Simulator } from '@/lib/sim/engine'
import { runChecks, type AnyCheck, type Row } from '@/lib/sim/verify'
import { startRun } from '@/lib/sim/registry'

/** Run a simulator with parameters over defaults until `until`, returning the run (for its internals). */
export function runUntil<R extends Run>(sim: Simulator, params: Record<string, unknown>, seed: number, until: number): R {
  const started = startRun(sim, params, seed, until)
  if (!started.ok) throw new Error(started.errors.join('; '))
  started.run.advance(until)
  return started.run as R
}

/** Run a simulator with parameters over defaults until `until`, returning the final metrics. */
export function runTo<P>(sim: Simulator<P>, params: Record<string, unknown>, seed: number, until: number): Metrics {
  return runUntil(sim as unknown as Simulator, params, seed, until).metrics()
}

export function value(m: Metrics, name: string): number {
  const v = m.values[name]
  if (typeof v !== 'number') throw new Error(`metric ${name} is ${String(v)}`)
  return v
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** Run shared verify checks (lib/sim/verify/, also run by `npm run sim:verify`); every row must pass. */
export function expectChecks(...checks: AnyCheck[]): Row[] {
  const rows = runChecks(checks)
  for (const row of rows) expect(row.pass, row.detail).toBe(true)
  return rows
}
