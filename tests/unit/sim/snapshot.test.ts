import { describe, expect, it } from 'vitest'
import { boardSimulator } from '@/lib/sim/board'
import { getSimulator, simulators, startRun } from '@/lib/sim/registry'
import { defaultSharedRun } from '@/lib/sim/shared-run'
import { KEY_METRICS, snapshotText } from '@/lib/sim/snapshot'

describe('the snapshot a panel drops on the board', () => {
  it('names the run (simulator, seed, time, every parameter, injected events) and its headline numbers', () => {
    const sim = getSimulator('cap')!
    const record = { ...defaultSharedRun(sim), seed: 42, failures: [{ node: 'cut:n0,n1', at: 1.5 }, { node: 'cut:', at: 3, heal: true }] }
    const started = startRun(sim, record.params, record.seed, 3000)
    if (!started.ok) throw new Error(started.errors.join())
    started.run.advance(3000)
    const text = snapshotText(sim, record, started.run.metrics())
    const lines = text.split('\n')
    expect(lines[0]).toBe(`Simulator: ${sim.title}`)
    expect(lines[1]).toBe(`seed 42, t = 3,000 ${sim.timeUnit}`)
    for (const name of Object.keys(sim.params.defaults)) expect(lines[2]).toContain(`${name}=`)
    expect(text).toContain('events: fail partition n0,n1 @ 1.5; heal partition @ 3')
    expect(text).toMatch(/^availability: \d/m)
    expect(text).toMatch(/^staleReads: \d/m)
  })
})

describe('the headline numbers', () => {
  it('name value metrics each simulator really has', () => {
    for (const [id, names] of Object.entries(KEY_METRICS)) {
      const sim = id === boardSimulator.id ? boardSimulator : getSimulator(id)
      expect(sim, id).toBeDefined()
      const values = new Set(sim!.metrics.filter((m) => m.kind === 'value').map((m) => m.name))
      for (const name of names) expect(values.has(name), `${id}: ${name}`).toBe(true)
    }
    for (const id of Object.keys(simulators)) expect(KEY_METRICS[id], id).toBeDefined()
  })
})
