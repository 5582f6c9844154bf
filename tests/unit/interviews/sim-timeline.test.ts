import { describe, expect, it } from 'vitest'
import { changedParams, eventText, failureText, simEvents, simFrames, simRunOfRecords } from '@/lib/interviews/sim-timeline'
import { getSimulator } from '@/lib/sim/registry'
import { defaultSharedRun, type SharedRun } from '@/lib/sim/shared-run'

const lb = getSimulator('load-balancing')!
const base: SharedRun = defaultSharedRun(lb)

function doc(simulator: unknown) {
  return [
    { typeName: 'page', meta: {} },
    { typeName: 'document', meta: simulator === undefined ? {} : { simulator } },
  ]
}

describe('the simulator on the interview time line', () => {
  it('reads the run from the document record, ignoring missing or invalid records', () => {
    expect(simRunOfRecords(doc(base))).toEqual(base)
    expect(simRunOfRecords(doc(undefined))).toBeNull()
    expect(simRunOfRecords(doc({ ...base, id: 'no-such-simulator' }))).toBeNull()
    expect(simRunOfRecords([{ typeName: 'shape', meta: { simulator: base } }])).toBeNull()
  })

  it('turns frame-to-frame differences into run, play, pause and failure events at frame time', () => {
    const six = { ...base, params: { ...base.params, servers: 6 } }
    const playing = { ...six, playing: true, startedAt: 2_000 }
    const failed = { ...playing, failures: [{ node: 's2', at: 12 }] }
    const paused = { ...failed, playing: false, offset: 20 }
    const reseeded = { ...paused, seed: 7, failures: [] }
    const frames = simFrames([
      { at: 1_000, records: doc(undefined) },
      { at: 2_000, records: doc(six) },
      { at: 3_000, records: doc(playing) },
      { at: 4_000, records: doc(failed) },
      { at: 5_000, records: doc(failed) },
      { at: 6_000, records: doc(paused) },
      { at: 7_000, records: doc(reseeded) },
      { at: 8_000, records: doc(undefined) },
    ])
    expect(frames.map((f) => f.run !== null)).toEqual([false, true, true, true, true, true, true, false])
    const events = simEvents(frames)
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['run', 2_000],
      ['play', 3_000],
      ['failure', 4_000],
      ['pause', 6_000],
      ['run', 7_000],
      ['cleared', 8_000],
    ])
    expect(events[0]).toMatchObject({ kind: 'run', changed: ['simulator'] })
    expect(events[2]).toMatchObject({ kind: 'failure', failure: { node: 's2', at: 12 } })
    expect(events[4]).toMatchObject({ kind: 'run', changed: ['seed'] })
    expect(eventText(events[0]!)).toBe(lb.title)
    expect(eventText(events[2]!)).toBe('s2 failed at t=12')
  })

  it('a run first seen playing with failures reports them all; a repeated command counts twice', () => {
    const run = { ...base, playing: true, failures: [{ node: 's1', at: 3 }, { node: 's1', at: 3 }] }
    const events = simEvents([{ at: 10, run }])
    expect(events.map((e) => e.kind)).toEqual(['run', 'play', 'failure', 'failure'])
    const more = { ...run, failures: [...run.failures, { node: 's1', at: 3 }] }
    expect(simEvents([{ at: 10, run }, { at: 20, run: more }]).filter((e) => e.at === 20).map((e) => e.kind)).toEqual(['failure'])
  })

  it('changing parameters restarts the run: failures in the new record are new', () => {
    const a = { ...base, failures: [{ node: 's0', at: 1 }] }
    const b = { ...a, params: { ...a.params, load: 0.9 } }
    const events = simEvents([{ at: 1, run: a }, { at: 2, run: b }]).filter((e) => e.at === 2)
    expect(events.map((e) => e.kind)).toEqual(['run', 'failure'])
    expect(events[0]).toMatchObject({ changed: ['params'] })
  })

  it('lists only the parameters that differ from the defaults, with their labels', () => {
    expect(changedParams(base)).toEqual([])
    const changes = changedParams({ ...base, params: { ...base.params, servers: 6, policy: 'p2c' } })
    // In the simulator's knob order (policy is declared before servers).
    expect(changes.map((c) => [c.name, c.value])).toEqual([['policy', 'p2c'], ['servers', 6]])
    expect(changes.find((c) => c.name === 'servers')).toMatchObject({ label: 'Servers', default: 4 })
  })

  it('describes failure commands, partitions included', () => {
    expect(failureText({ node: 's1', at: 0 })).toBe('s1 failed')
    expect(failureText({ node: 's1', at: 0, heal: true })).toBe('s1 healed')
    expect(failureText({ node: 'cut:n0,n1', at: 0 })).toBe('partition n0, n1')
    expect(failureText({ node: 'cut:', at: 0, heal: true })).toBe('partition healed')
  })
})
