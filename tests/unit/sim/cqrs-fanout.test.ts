import { describe, expect, it } from 'vitest'
import { cqrsFanout } from '@/lib/sim/cqrs-fanout'
import type { CqrsFanoutRun } from '@/lib/sim/cqrs-fanout/run'
import { prepareParams, startRun } from '@/lib/sim/registry'
import { runTo, value } from './helpers'

function run(params: Record<string, unknown>, seed: number, until = 30): CqrsFanoutRun {
  const started = startRun(cqrsFanout, params, seed, until)
  if (!started.ok) throw new Error(started.errors.join())
  started.run.advance(until)
  return started.run as CqrsFanoutRun
}

const small = { users: 2000, maxFollowers: 2000, readRate: 100 }

describe('cqrs fan-out', () => {
  it('fan-out on write does exactly the sum of the followers of the posting users', () => {
    // Exact: the inserts counted in the timelines against the sum over replicated posts of the
    // author's follower count, taken from the graph. Also the average against its expectation
    // (activity-weighted mean followers), within 4 standard errors of the mean.
    for (const followerDistribution of ['zipf', 'pareto']) {
      for (const seed of [1, 2]) {
        const r = run({ ...small, strategy: 'push', followerDistribution }, seed)
        const m = r.metrics()
        const posted = r.posts.filter((p) => p.visibleAt <= r.now)
        const expected = posted.reduce((a, p) => a + r.graph.followerCount[p.author]!, 0)
        expect(value(m, 'fanoutWrites'), `${followerDistribution} seed ${seed}`).toBe(expected)
        expect(expected).toBeGreaterThan(0)
        const se = Math.sqrt(r.theory.variance / posted.length)
        expect(Math.abs(value(m, 'writeAmplification') - r.theory.mean)).toBeLessThan(4 * se)
      }
    }
    expect(value(runTo(cqrsFanout, { ...small, strategy: 'pull' }, 1, 30), 'fanoutWrites')).toBe(0)
  })

  it('the hybrid bounds the largest single fan-out by the celebrity threshold', () => {
    // Exact bound; push on the same traffic exceeds it, so the bound is doing the work.
    for (const followerDistribution of ['zipf', 'pareto']) {
      for (const celebrityThreshold of [50, 300]) {
        const hybrid = runTo(cqrsFanout, { ...small, strategy: 'hybrid', followerDistribution, celebrityThreshold }, 3, 30)
        const push = runTo(cqrsFanout, { ...small, strategy: 'push', followerDistribution, celebrityThreshold }, 3, 30)
        expect(value(hybrid, 'maxFanout')).toBeLessThanOrEqual(celebrityThreshold)
        expect(value(hybrid, 'maxFanout')).toBeGreaterThan(0)
        expect(value(push, 'maxFanout')).toBeGreaterThan(celebrityThreshold)
        expect(value(hybrid, 'fanoutWrites')).toBeLessThan(value(push, 'fanoutWrites'))
      }
    }
  })

  it('a read issued later than post time + lag includes the post', () => {
    // Exact: every read is audited against the newest page of its followees' posts in the
    // write store; each such post older than the lag must be in the read's result. Reads within
    // the lag do miss posts (staleReadFraction > 0), and never by more than the lag.
    for (const strategy of ['push', 'pull', 'hybrid']) {
      for (const seed of [1, 2]) {
        const m = runTo(cqrsFanout, { ...small, strategy, replicationLag: 2, feedSize: 10 }, seed, 30)
        expect(value(m, 'missedAfterLag'), `${strategy} seed ${seed}`).toBe(0)
        expect(value(m, 'checkedPosts')).toBeGreaterThan(1000)
        expect(value(m, 'staleReadFraction')).toBeGreaterThan(0)
        expect(value(m, 'maxStaleness')).toBeLessThanOrEqual(2)
      }
    }
  })

  it('failures: a down read store refuses reads; a stalled fan-out breaks the lag bound', () => {
    const started = startRun(cqrsFanout, { ...small, strategy: 'push' }, 4, 30)
    if (!started.ok) throw new Error('defaults must be valid')
    const r = started.run
    r.advance(5)
    r.fail('read-store')
    r.advance(10)
    r.heal('read-store')
    expect(value(r.metrics(), 'failedReads')).toBeGreaterThan(0)
    // Catch-up is instant on heal, so the lag bound still holds for every read served.
    r.advance(15)
    expect(value(r.metrics(), 'missedAfterLag')).toBe(0)
    // With the fan-out workers down, timelines stop filling: reads past the lag miss posts.
    r.fail('fanout')
    r.advance(25)
    expect(value(r.metrics(), 'missedAfterLag')).toBeGreaterThan(0)
    r.heal('fanout')
    r.fail('unknown')
    r.advance(30)
    expect(r.state().nodes.find((n) => n.id === 'fanout')?.queue).toBe(0)
  })

  it('is deterministic for a seed, and differs across seeds', () => {
    const a = JSON.stringify(runTo(cqrsFanout, small, 9, 10))
    expect(JSON.stringify(runTo(cqrsFanout, small, 9, 10))).toBe(a)
    expect(JSON.stringify(runTo(cqrsFanout, small, 10, 10))).not.toBe(a)
  })

  it('rejects out-of-range and inconsistent parameters by name', () => {
    const bad = prepareParams(cqrsFanout, { users: 5 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors.join()).toMatch(/^users:/)
    const crossed = prepareParams(cqrsFanout, { minFollowers: 100, maxFollowers: 50 })
    expect(crossed.ok).toBe(false)
    if (!crossed.ok) expect(crossed.errors.join()).toMatch(/minFollowers:/)
  })
})
