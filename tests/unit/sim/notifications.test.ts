import { describe, expect, it } from 'vitest'
import { notifications } from '@/lib/sim/notifications'
import { prepareParams, startRun } from '@/lib/sim/registry'
import { dedupOff, dedupOn, perUserLimit, priorityViolations } from '@/lib/sim/verify/notifications'
import { expectChecks, runTo, value } from './helpers'

describe('notifications', () => {
  it('high priority never waits behind low priority: no pick while a higher priority waits', () => {
    // Exact: the audit runs on every pick. The campaign (one low item per user at once) and the
    // quiet-hour releases build backlogs, so high items do jump older low ones (overtakes > 0:
    // the check is not vacuous); the same traffic through one FIFO queue violates it.
    // Shared with `npm run sim:verify` (lib/sim/verify/notifications.ts), as are the checks below.
    expectChecks(priorityViolations)
    const fifo = runTo(notifications, { queue: 'fifo' }, 1, 1440)
    console.log('fifo violations', value(fifo, 'priorityViolations'))
    expect(value(fifo, 'priorityViolations')).toBeGreaterThan(0)
  })

  it('no user is sent more than N notifications in any window (sliding check)', () => {
    // Exact: every user's send times, every window [t, t + W] (closed). Skewed users push the
    // heaviest ones far over the limit, so the bound is reached (max = N), not just respected;
    // maxPerUserInWindow agrees.
    expectChecks(perUserLimit)
  })

  it('deduplication removes exact repeats; without it every repeat is delivered twice over', () => {
    // With dedup on, every repeat (delay <= 60 s) falls inside the 600 s window: 0 duplicates,
    // exact, channel failures and retries included (a failed send is never delivered).
    // Dedup off, no failures, no limit, holds or digests, producers stopped early so everything
    // drains: each repeat is delivered once more than its key, exactly.
    expectChecks(dedupOn, dedupOff)
  })

  it('quiet hours hold normal and low priority but not high; digests batch low priority', () => {
    const m = runTo(notifications, { timezones: false, batching: true }, 5, 1440)
    expect(value(m, 'heldForQuiet')).toBeGreaterThan(0)
    // Everyone shares one time zone: 22:00-07:00 holds normal items for hours, high ones never.
    expect(value(m, 'latencyNormalP99')!).toBeGreaterThan(3600)
    expect(value(m, 'latencyHighP50')!).toBeLessThan(60)
    expect(value(m, 'digests')).toBeGreaterThan(0)
    expect(value(m, 'digests')).toBeLessThan(value(m, 'deliveredLow'))
  })

  it('a failed channel makes sends fail and retry; healing restores delivery', () => {
    const started = startRun(notifications, { campaignAt: 0 }, 6, 240)
    if (!started.ok) throw new Error(started.errors.join())
    const r = started.run
    r.advance(60)
    r.fail('push')
    r.fail('nope')
    r.advance(120)
    const mid = r.metrics()
    expect(r.state().nodes.find((n) => n.id === 'push')?.up).toBe(false)
    expect(value(mid, 'failed')).toBeGreaterThan(0)
    r.heal('push')
    r.advance(240)
    expect(r.metrics().perNode.push!.sends).toBeGreaterThan(mid.perNode.push!.sends!)
    expect(r.state().inFlight.length).toBeLessThanOrEqual(80)
  })

  it('is deterministic for a seed and parameters', () => {
    const a = JSON.stringify(runTo(notifications, {}, 11, 400))
    expect(JSON.stringify(runTo(notifications, {}, 11, 400))).toBe(a)
    expect(JSON.stringify(runTo(notifications, {}, 12, 400))).not.toBe(a)
  })

  it('rejects out-of-range and inconsistent parameters by name', () => {
    const bad = prepareParams(notifications, { workers: 0 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors.join()).toMatch(/^workers: /)
    const cross = prepareParams(notifications, { highShare: 0.5, lowShare: 0.6 })
    expect(cross.ok).toBe(false)
    if (!cross.ok) expect(cross.errors.join()).toMatch(/^lowShare: /)
  })
})
