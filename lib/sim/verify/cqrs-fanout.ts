// cqrs-fanout: push work = sum of followers; hybrid bounds a fan-out by T; reads after the lag
// see the post.
import type { CqrsFanoutRun } from '@/lib/sim/cqrs-fanout/run'
import { getSimulator, startRun } from '@/lib/sim/registry'
import { defineCheck, type AnyCheck, type Case, type Outcome } from './check'
import { metric } from './metric'

const SIM = 'cqrs-fanout'
const small = { users: 2000, maxFollowers: 2000, readRate: 100 }
const pushCases: Case[] = ['zipf', 'pareto'].flatMap((followerDistribution) => [1, 2, 3].map((seed) => ({ params: { ...small, strategy: 'push', followerDistribution }, seed, duration: 30 })))
const posted = (o: Outcome<CqrsFanoutRun>) => o.run.posts.filter((p) => p.visibleAt <= o.run.now)

export const pushWork = defineCheck<CqrsFanoutRun>({
  simulator: SIM,
  name: 'push: timeline inserts = sum of followers of the posting authors',
  kind: 'exact',
  cases: pushCases,
  theory: (o) => posted(o).reduce((a, p) => a + o.run.graph.followerCount[p.author]!, 0),
  measure: (o) => metric(o, 'fanoutWrites'),
  tolerance: { why: 'counted in the timelines against the graph: exact' },
  also: (o) => (posted(o).length > 0 ? [] : ['nothing posted']),
})

export const pushWorkPerPost = defineCheck<CqrsFanoutRun>({
  simulator: SIM,
  name: 'push: inserts per post = activity-weighted mean followers',
  kind: 'approx',
  cases: pushCases,
  theory: (o) => o.run.theory.mean,
  measure: (o) => metric(o, 'writeAmplification'),
  tolerance: { abs: (o) => 4 * Math.sqrt(o.run.theory.variance / posted(o).length), why: '4 SE of the mean (heavy-tailed follower counts: SE from the graph)' },
})

export const hybridBound = defineCheck<CqrsFanoutRun>({
  simulator: SIM,
  name: 'hybrid: largest single fan-out <= celebrity threshold T (push on the same traffic exceeds it)',
  kind: 'upper-bound',
  cases: ['zipf', 'pareto'].flatMap((followerDistribution) => [50, 300].map((celebrityThreshold): Case => ({ params: { ...small, strategy: 'hybrid', followerDistribution, celebrityThreshold }, seed: 3, duration: 30 }))),
  drive: (run, c) => {
    run.advance(c.duration)
    const push = startRun(getSimulator(SIM)!, { ...c.params, strategy: 'push' }, c.seed, c.duration)
    if (!push.ok) throw new Error(push.errors.join())
    push.run.advance(c.duration)
    const m = push.run.metrics().values
    return { pushMax: m.maxFanout as number, pushWrites: m.fanoutWrites as number }
  },
  theory: (o) => o.params.celebrityThreshold,
  measure: (o) => metric(o, 'maxFanout'),
  tolerance: { why: 'authors above T are pulled, never pushed: a hard bound' },
  also: (o) => {
    const out: string[] = []
    if (!(metric(o, 'maxFanout') > 0)) out.push('nothing pushed')
    if (!(o.extra.pushMax! > o.params.celebrityThreshold)) out.push(`push max ${o.extra.pushMax} <= T (vacuous)`)
    if (!(metric(o, 'fanoutWrites') < o.extra.pushWrites!)) out.push('hybrid wrote no less than push')
    return out
  },
})

export const readAfterLag = defineCheck({
  simulator: SIM,
  name: 'reads later than post time + lag that miss the post',
  kind: 'exact',
  cases: ['push', 'pull', 'hybrid'].flatMap((strategy) => [1, 2].map((seed): Case => ({ params: { ...small, strategy, replicationLag: 2, feedSize: 10 }, seed, duration: 30 }))),
  theory: () => 0,
  measure: (o) => metric(o, 'missedAfterLag'),
  tolerance: { why: 'audited against the newest page of the write store: exact' },
  also: (o) => {
    const out: string[] = []
    if (!(metric(o, 'checkedPosts') > 1000)) out.push('too few posts checked')
    if (!(metric(o, 'staleReadFraction') > 0)) out.push('no stale reads within the lag (vacuous)')
    if (!(metric(o, 'maxStaleness') <= o.params.replicationLag)) out.push(`staleness ${metric(o, 'maxStaleness')} > lag`)
    return out
  },
})

export const cqrsChecks: AnyCheck[] = [pushWork, pushWorkPerPost, hybridBound, readAfterLag]
