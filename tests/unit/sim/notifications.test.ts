import { describe, expect, it } from 'vitest'
import { maxInWindow } from '@/lib/sim/engine'
import { notifications } from '@/lib/sim/notifications'
import type { NotificationsRun } from '@/lib/sim/notifications/run'
import { prepareParams, startRun } from '@/lib/sim/registry'
import { runTo, value } from './helpers'

function run(params: Record<string, unknown>, seed: number, until: number): NotificationsRun {
  const started = startRun(notifications, params, seed, until)
  if (!started.ok) throw new Error(started.errors.join('; '))
  started.run.advance(until)
  return started.run as NotificationsRun
}

describe('notifications', () => {
  it('high priority never waits behind low priority: no pick while a higher priority waits', () => {
    // Exact: the audit runs on every pick. The campaign (one low item per user at once) and the
    // quiet-hour releases build backlogs, so high items do jump older low ones (overtakes > 0:
    // the check is not vacuous); the same traffic through one FIFO queue violates it.
    for (const seed of [1, 2]) {
      for (const batching of [false, true]) {
        const m = runTo(notifications, { batching }, seed, 1440)
        expect(value(m, 'priorityViolations')).toBe(0)
        expect(value(m, 'overtakes')).toBeGreaterThan(0)
      }
    }
    const fifo = runTo(notifications, { queue: 'fifo' }, 1, 1440)
    console.log('fifo violations', value(fifo, 'priorityViolations'))
    expect(value(fifo, 'priorityViolations')).toBeGreaterThan(0)
  })

  it('no user is sent more than N notifications in any window (sliding check)', () => {
    // Exact: every user's send times, every window [t, t + W] (closed). Skewed users push the
    // heaviest ones far over the limit, so the bound is reached (max = N), not just respected.
    for (const [params, seed] of [[{}, 1], [{ rateLimit: 3, rateWindow: 30, userSkew: 1.2 }, 2], [{ batching: true, queue: 'fifo' }, 3]] as const) {
      const r = run(params, seed, 1440)
      const N = 'rateLimit' in params ? params.rateLimit : 10
      const W = 'rateWindow' in params ? params.rateWindow : 60
      let worst = 0
      for (const times of r.limiter.history.values()) worst = Math.max(worst, maxInWindow(times, W))
      console.log('limit', N, 'worst user in any window', worst)
      expect(worst).toBeLessThanOrEqual(N)
      expect(worst).toBe(N)
      expect(value(r.metrics(), 'maxPerUserInWindow')).toBe(worst)
    }
  })

  it('deduplication removes exact repeats; without it every repeat is delivered twice over', () => {
    // With dedup on, every repeat (delay <= 60 s) falls inside the 600 s window: 0 duplicates,
    // exact, channel failures and retries included (a failed send is never delivered).
    const on = runTo(notifications, {}, 4, 1440)
    expect(value(on, 'repeatsEmitted')).toBeGreaterThan(0)
    expect(value(on, 'deduped')).toBe(value(on, 'repeatsEmitted'))
    expect(value(on, 'duplicatesDelivered')).toBe(0)
    // Dedup off, no failures, no limit, holds or digests, producers stopped early so everything
    // drains: each repeat is delivered once more than its key, exactly.
    const clean = { dedup: false, pushFailure: 0, emailFailure: 0, smsFailure: 0, rateLimit: 0, quietHours: false, stopAt: 600 }
    const off = runTo(notifications, clean, 4, 1440)
    console.log('repeats emitted', value(off, 'repeatsEmitted'), 'duplicates delivered', value(off, 'duplicatesDelivered'))
    expect(value(off, 'duplicatesDelivered')).toBeGreaterThan(0)
    expect(value(off, 'duplicatesDelivered')).toBe(value(off, 'repeatsEmitted'))
    expect(value(off, 'delivered')).toBe(value(off, 'emitted'))
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
