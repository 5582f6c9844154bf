import { describe, expect, it } from 'vitest'
import { cqrsFanout } from '@/lib/sim/cqrs-fanout'
import { prepareParams, startRun } from '@/lib/sim/registry'
import { hybridBound, pushWork, pushWorkPerPost, readAfterLag } from '@/lib/sim/verify/cqrs-fanout'
import { expectChecks, runTo, value } from './helpers'

const small = { users: 2000, maxFollowers: 2000, readRate: 100 }

describe('cqrs fan-out', () => {
  it('fan-out on write does exactly the sum of the followers of the posting users', () => {
    // Exact: the inserts counted in the timelines against the sum over replicated posts of the
    // author's follower count, taken from the graph. Also the average against its expectation
    // (activity-weighted mean followers), within 4 standard errors of the mean.
    // Shared with `npm run sim:verify` (lib/sim/verify/cqrs-fanout.ts), as are the checks below.
    expectChecks(pushWork, pushWorkPerPost)
    expect(value(runTo(cqrsFanout, { ...small, strategy: 'pull' }, 1, 30), 'fanoutWrites')).toBe(0)
  })

  it('the hybrid bounds the largest single fan-out by the celebrity threshold', () => {
    // Exact bound; push on the same traffic exceeds it, so the bound is doing the work.
    expectChecks(hybridBound)
  })

  it('a read issued later than post time + lag includes the post', () => {
    // Exact: every read is audited against the newest page of its followees' posts in the
    // write store; each such post older than the lag must be in the read's result. Reads within
    // the lag do miss posts (staleReadFraction > 0), and never by more than the lag.
    expectChecks(readAfterLag)
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
