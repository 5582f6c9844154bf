import type { Outcome } from './check'

/** A numeric final metric of the outcome's run; throws naming it when missing. */
export function metric(out: Pick<Outcome, 'metrics'>, name: string): number {
  const v = out.metrics.values[name]
  if (typeof v !== 'number') throw new Error(`metric ${name} is ${String(v)}`)
  return v
}
