import { describe, expect, it } from 'vitest'
import { eventBus } from '@/lib/sim/event-bus'
import type { EventBusRun } from '@/lib/sim/event-bus/run'
import { prepareParams, startRun } from '@/lib/sim/registry'
import { duplicatesAreRedeliveries, noCrashNoDuplicates, replayEqualsLive } from '@/lib/sim/verify/event-bus'
import { expectChecks, runTo, runUntil, value } from './helpers'

function run(params: Record<string, unknown>, seed: number, until = 60): EventBusRun {
  return runUntil<EventBusRun>(eventBus, params, seed, until)
}

const noCrashes = { consumerCrashAt: 0, producerCrashAt: 0, brokerCrashAt: 0 }

describe('event bus', () => {
  it('at least once with an idempotent handler: replaying the log from 0 rebuilds the live state', () => {
    // Exact: the replay applies the same handler to the same records, so any difference is a
    // bug. Checked with every failure on (consumer, producer with the outbox's republished
    // duplicates, broker), on several seeds, at the scheduled replay and again at the end; with
    // 0 excess applications, 0 duplicates applied, and every redelivery (plus the outbox's log
    // duplicates in every group) suppressed. Shared with `npm run sim:verify`
    // (lib/sim/verify/event-bus.ts), as is the next check.
    expectChecks(replayEqualsLive)
  })

  it('without idempotency, duplicates are exactly the redeliveries of applied records, and 0 without a crash', () => {
    // Exact counts. A single consumer crash, no producer crash (so the log itself has no
    // repeats): every duplicate must be a redelivery of an already-applied record, and the
    // replay's excess applications (measured from the projection, not the offsets) must agree.
    expectChecks(duplicatesAreRedeliveries, noCrashNoDuplicates)
  })

  it('at most once: a crash never duplicates, it skips instead', () => {
    const m = runTo(eventBus, { delivery: 'at-most-once', batchSize: 200, producerCrashAt: 0, brokerCrashAt: 0 }, 5, 60)
    expect(value(m, 'redeliveries')).toBe(0)
    expect(value(m, 'duplicates')).toBe(0)
    // Whatever was skipped shows up as missing applications in the replay (exact).
    expect(value(m, 'replayExcessApplications')).toBeLessThanOrEqual(0)
  })

  it('nothing acknowledged is lost when the log is durable; a non-durable log loses acked data', () => {
    // Exact: an independent audit scans the final log for every event the broker acknowledged.
    for (const seed of [1, 2, 3]) {
      for (const outbox of [false, true]) {
        const r = run({ durable: true, outbox, brokerCrashAt: 15, producerCrashAt: 15.05 }, seed)
        expect(r.auditAcked(), `seed ${seed} outbox ${outbox}`).toBe(0)
        expect(value(r.metrics(), 'ackedLost')).toBe(0)
      }
    }
    const loose = run({ durable: false, flushInterval: 1 }, 1)
    expect(loose.auditAcked()).toBeGreaterThan(0)
    expect(value(loose.metrics(), 'ackedLost')).toBe(loose.auditAcked())
  })

  it('a producer crash loses events under a dual write, none with the transactional outbox', () => {
    // Exact zero with the outbox; the dual write loses what sat in the send buffer (about
    // rate x buffer time = 50/s x 0.1 s = 5 per crash, so > 0 on every seed).
    for (const seed of [1, 2, 3]) {
      const dual = runTo(eventBus, { outbox: false, brokerCrashAt: 0 }, seed, 60)
      expect(value(dual, 'lostEvents'), `seed ${seed}`).toBeGreaterThan(0)
      const outbox = runTo(eventBus, { outbox: true, brokerCrashAt: 0 }, seed, 60)
      expect(value(outbox, 'lostEvents')).toBe(0)
    }
  })

  it('is deterministic for a seed, and differs across seeds', () => {
    const a = JSON.stringify(runTo(eventBus, {}, 9, 30))
    expect(JSON.stringify(runTo(eventBus, {}, 9, 30))).toBe(a)
    expect(JSON.stringify(runTo(eventBus, {}, 10, 30))).not.toBe(a)
    const started = startRun(eventBus, {}, 9, 30)
    if (!started.ok) throw new Error('defaults must be valid')
    for (let i = 0; i < 500; i++) started.run.step()
    started.run.fail('g1-c1')
    started.run.heal('g1-c1')
    started.run.fail('nope')
    expect(started.run.state().nodes.some((n) => n.id === 'broker')).toBe(true)
    expect(started.run.state().inFlight.length).toBeLessThanOrEqual(80)
  })

  it('rejects out-of-range and inconsistent parameters by name', () => {
    const bad = prepareParams(eventBus, { partitions: 0 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors.join()).toMatch(/^partitions:/)
    const overload = prepareParams(eventBus, { eventRate: 2000, processTime: 0.1, partitions: 1 })
    expect(overload.ok).toBe(false)
    if (!overload.ok) expect(overload.errors.join()).toMatch(/eventRate:/)
  })
})
