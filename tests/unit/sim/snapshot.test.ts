import { describe, expect, it } from 'vitest'
import { getSimulator, startRun } from '@/lib/sim/registry'
import { defaultSharedRun } from '@/lib/sim/shared-run'
import { snapshotText } from '@/lib/sim/snapshot'

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
