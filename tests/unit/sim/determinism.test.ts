import { describe, expect, it } from 'vitest'
import { simulators, startRun } from '@/lib/sim/registry'
import { SIMULATORS } from '@/lib/templates/spec'

/** Short horizons: enough events to exercise every code path, fast enough for every simulator. */
const horizon: Record<string, number> = {
  'load-balancing': 200,
  caching: 20,
  sharding: 60,
  cap: 6000,
  'rate-limiting': 20,
  'event-bus': 20,
  'cqrs-fanout': 20,
  'failure-handling': 30,
  notifications: 400,
  chat: 20,
  basics: 10,
}

function metricsOf(id: string, seed: number, steps?: number): string {
  const sim = simulators[id]!
  const started = startRun(sim, {}, seed, horizon[id])
  if (!started.ok) throw new Error(started.errors.join('; '))
  // Stepping event by event and advancing in one go must land on the same state.
  if (steps) for (let i = 0; i < steps; i++) started.run.step()
  started.run.advance(horizon[id]!)
  return JSON.stringify(started.run.metrics())
}

describe('every simulator is deterministic', () => {
  for (const id of Object.keys(simulators)) {
    it(`${id}: same seed and parameters give identical metrics; another seed differs`, () => {
      const a = metricsOf(id, 11)
      expect(metricsOf(id, 11, 500)).toBe(a)
      expect(metricsOf(id, 12)).not.toBe(a)
      const sim = simulators[id]!
      const started = startRun(sim, {}, 11, horizon[id])
      if (!started.ok) throw new Error('defaults must be valid')
      const state = started.run.state()
      expect(state.nodes.length).toBeGreaterThan(0)
      expect(() => JSON.stringify(state)).not.toThrow()
    })
  }

  it('the registry knows a simulator for every template topic, with metric names', () => {
    expect(Object.keys(simulators).sort()).toEqual([...SIMULATORS].sort())
    for (const sim of Object.values(simulators)) expect(sim.metrics.length).toBeGreaterThan(3)
  })
})
