// Every simulator by id, and the one way untrusted input (CLI flags, the board's Yjs document)
// becomes a run: parse and validate the parameters, then create.
import { parseParams, type Run, type Simulator } from '@/lib/sim/engine'
import { basics } from './basics'
import { cap } from './cap'
import { caching } from './caching'
import { chat } from './chat'
import { cqrsFanout } from './cqrs-fanout'
import { eventBus } from './event-bus'
import { failureHandling } from './failure-handling'
import { loadBalancing } from './load-balancing'
import { notifications } from './notifications'
import { rateLimiting } from './rate-limiting'
import { sharding } from './sharding'

export const simulators: Readonly<Record<string, Simulator>> = {
  [basics.id]: basics,
  [loadBalancing.id]: loadBalancing,
  [caching.id]: caching,
  [sharding.id]: sharding,
  [cap.id]: cap,
  [rateLimiting.id]: rateLimiting,
  [eventBus.id]: eventBus,
  [cqrsFanout.id]: cqrsFanout,
  [failureHandling.id]: failureHandling,
  [notifications.id]: notifications,
  [chat.id]: chat,
}

export function getSimulator(id: string): Simulator | undefined {
  return Object.hasOwn(simulators, id) ? simulators[id] : undefined
}

export type Prepared<P> = { ok: true; params: P } | { ok: false; errors: string[] }

/** Validate untrusted parameters: each field's range, then the simulator's cross-field rules. */
export function prepareParams<P>(sim: Simulator<P>, input: unknown): Prepared<P> {
  const parsed = parseParams(sim.params.schema, input)
  if (!parsed.ok) return parsed
  const errors = sim.validate?.(parsed.value) ?? []
  return errors.length ? { ok: false, errors } : { ok: true, params: parsed.value }
}

export function startRun<P>(sim: Simulator<P>, input: unknown, seed: number, horizon?: number): { ok: true; run: Run; params: P } | { ok: false; errors: string[] } {
  const prepared = prepareParams(sim, input)
  if (!prepared.ok) return prepared
  return { ok: true, params: prepared.params, run: sim.create(prepared.params, seed >>> 0, horizon ?? sim.defaultDuration) }
}
