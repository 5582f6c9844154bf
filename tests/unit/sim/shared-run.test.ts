import { describe, expect, it } from 'vitest'
import type { Run } from '@/lib/sim/engine'
import { getSimulator, startRun } from '@/lib/sim/registry'
import {
  MAX_SHARED_BYTES,
  adoptFailures,
  canContinue,
  cutCommand,
  defaultSharedRun,
  fitSharedRun,
  parseSharedRun,
  replayTo,
  simTimeAt,
  startReplay,
  syncTo,
  type SharedRun,
} from '@/lib/sim/shared-run'

const lb = getSimulator('load-balancing')!

function base(over: Partial<SharedRun> = {}): SharedRun {
  return { ...defaultSharedRun(lb), seed: 7, params: { ...defaultSharedRun(lb).params, servers: 4, load: 0.8 }, ...over }
}

function freshRun(state: SharedRun): Run {
  const started = startRun(getSimulator(state.id)!, state.params, state.seed, 200)
  if (!started.ok) throw new Error(started.errors.join('; '))
  return started.run
}

/** Counts fail/heal calls that reach the run. */
function counting(run: Run): { run: Run; calls: string[] } {
  const calls: string[] = []
  const proxy: Run = {
    get now() {
      return run.now
    },
    step: () => run.step(),
    advance: (t) => run.advance(t),
    state: () => run.state(),
    metrics: () => run.metrics(),
    fail: (id) => {
      calls.push(`fail ${id} @${run.now}`)
      run.fail(id)
    },
    heal: (id) => {
      calls.push(`heal ${id} @${run.now}`)
      run.heal(id)
    },
  }
  return { run: proxy, calls }
}

describe('shared run record', () => {
  it('accepts a valid record and rejects unknown simulators, bad fields and oversized records', () => {
    expect(parseSharedRun(base())).not.toBeNull()
    expect(parseSharedRun({ ...base(), id: 'nope' })).toBeNull()
    expect(parseSharedRun({ ...base(), speed: 10 })).toBeNull()
    expect(parseSharedRun({ ...base(), seed: -1 })).toBeNull()
    expect(parseSharedRun({ ...base(), extra: 1 })).toBeNull()
    expect(parseSharedRun({ ...base(), params: { x: { nested: true } } })).toBeNull()
    expect(parseSharedRun('garbage')).toBeNull()
    const big = base({ failures: Array.from({ length: 64 }, (_, i) => ({ node: `s${i}-${'x'.repeat(50)}`, at: i })) })
    expect(parseSharedRun(big)).toBeNull()
    const fitted = fitSharedRun(big)!
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(MAX_SHARED_BYTES)
    expect(fitted.failures.at(-1)).toEqual(big.failures.at(-1)) // the newest ones are kept
    expect(parseSharedRun(fitted)).not.toBeNull()
  })

  it('simTimeAt: paused stays at the offset; playing moves with the wall clock x speed x rate, up to the horizon', () => {
    const paused = base({ offset: 12 })
    expect(simTimeAt(paused, 1e12)).toBe(12)
    const playing = base({ playing: true, startedAt: 1_000_000, offset: 10, speed: 2 })
    expect(simTimeAt(playing, 1_000_000, 5)).toBe(10)
    expect(simTimeAt(playing, 1_003_000, 5)).toBe(10 + 3 * 2 * 5)
    expect(simTimeAt(playing, 999_000, 5)).toBe(10) // a clock behind the starter never goes back
    expect(simTimeAt(playing, 1e15)).toBe(lb.defaultDuration)
  })

  it('two replays of the same record give identical metrics', () => {
    const state = base({ failures: [{ node: 's1', at: 50 }, { node: 's1', at: 120, heal: true }, { node: 's2', at: 80 }] })
    const a = JSON.stringify(replayTo(freshRun(state), state, 200).metrics())
    const b = JSON.stringify(replayTo(freshRun(state), state, 200).metrics())
    expect(a).toBe(b)
    // And the failures matter: without them the picture differs.
    const none = JSON.stringify(replayTo(freshRun(base()), base(), 200).metrics())
    expect(none).not.toBe(a)
  })

  it('replaying in many small steps equals one big jump', () => {
    const state = base({ failures: [{ node: 's0', at: 33.3 }, { node: 's3', at: 90 }] })
    const replay = startReplay(freshRun(state), state)
    for (let t = 0; t <= 200; t += 7) syncTo(replay, t)
    syncTo(replay, 200)
    expect(JSON.stringify(replay.run.metrics())).toBe(JSON.stringify(replayTo(freshRun(state), state, 200).metrics()))
  })

  it('a failure at t is applied exactly once, at t', () => {
    const state = base({ failures: [{ node: 's2', at: 40 }] })
    const { run, calls } = counting(freshRun(state))
    const replay = startReplay(run, state)
    syncTo(replay, 39)
    expect(calls).toEqual([])
    syncTo(replay, 40)
    syncTo(replay, 40)
    syncTo(replay, 100)
    syncTo(replay, 150)
    expect(calls).toEqual(['fail s2 @40'])
  })

  it('a replay continues when a failure is added in its future, and starts over when the past changes', () => {
    const prev = base({ failures: [{ node: 's0', at: 10 }] })
    const replay = startReplay(freshRun(prev), prev)
    syncTo(replay, 50)
    const later = base({ failures: [...prev.failures, { node: 's1', at: 60 }] })
    expect(canContinue(replay, prev, later)).toBe(true)
    adoptFailures(replay, later)
    syncTo(replay, 100)
    expect(JSON.stringify(replay.run.metrics())).toBe(JSON.stringify(replayTo(freshRun(later), later, 100).metrics()))
    const past = base({ failures: [...prev.failures, { node: 's1', at: 20 }] })
    expect(canContinue(replay, later, past)).toBe(false)
    expect(canContinue(replay, later, { ...later, seed: 8 })).toBe(false)
    expect(canContinue(replay, later, { ...later, params: { ...later.params, servers: 5 } })).toBe(false)
  })

  it('a cut command partitions a CAP run at its time and heals it', () => {
    const cap = getSimulator('cap')!
    const state: SharedRun = { ...defaultSharedRun(cap), failures: [{ node: cutCommand(['n0', 'n1']), at: 1000 }, { node: cutCommand([]), at: 3000, heal: true }] }
    const run = (t: number) => {
      const started = startRun(cap, state.params, state.seed, 4000)
      if (!started.ok) throw new Error(started.errors.join('; '))
      return replayTo(started.run, state, t).state().partitions
    }
    expect(run(900)).toEqual([])
    expect(run(2000).length).toBe(2)
    expect(run(2000).some((side) => side.length === 2 && side.includes('n0') && side.includes('n1'))).toBe(true)
    expect(run(3500)).toEqual([])
  })
})
