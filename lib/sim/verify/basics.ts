// basics: low-load latency = visit-weighted sum of tier latencies; throughput bound min c mu / v;
// the predicted bottleneck saturates first.
import type { BasicsRun } from '@/lib/sim/basics/run'
import { defineCheck, type AnyCheck, type Case, type Outcome } from './check'
import { metric } from './metric'

const SIM = 'basics'

const se = (o: Outcome<BasicsRun>): number => (o.run.latency.sd * 1000) / Math.sqrt(o.run.latency.count)

export const latencySum = defineCheck<BasicsRun>({
  simulator: SIM,
  name: 'low load: mean latency = visit-weighted sum of tier latencies',
  kind: 'approx',
  cases: [
    ...[1, 3, 4].map((seed): Case => ({ params: { rate: 20, rampTo: 1 }, seed, duration: 500 })),
    ...[2, 5, 6].map((seed): Case => ({ params: { rate: 20, rampTo: 1, cdnHitRatio: 0, cacheHitRatio: 0, dnsHitRatio: 0 }, seed, duration: 300 })),
  ],
  theory: (o) => metric(o, 'lowLoadLatency'),
  measure: (o) => metric(o, 'meanLatency'),
  tolerance: {
    abs: (o) => 4 * se(o) + (metric(o, 'theoryLatency') - metric(o, 'lowLoadLatency')),
    why: '4 SE of the mean (sample sd / sqrt(n), from the run) plus the M/M/c waiting (Erlang C) the sum leaves out',
  },
  also: (o) => {
    const q = metric(o, 'theoryLatency') - metric(o, 'lowLoadLatency')
    const out: string[] = []
    if (o.run.latency.count < 0.9 * o.params.rate * o.case.duration) out.push(`only ${o.run.latency.count} requests`)
    if (q < 0) out.push(`negative queueing term ${q}`)
    // At 20 req/s with hits, every tier is < 2% busy: the queueing term is negligible.
    if (o.params.cdnHitRatio > 0 && q >= 0.01) out.push(`queueing term ${q} ms`)
    if (o.params.cdnHitRatio === 0 && o.params.cacheHitRatio === 0 && o.params.dnsHitRatio === 0 && Math.abs(metric(o, 'lowLoadLatency') - (22 + 17 + 2 + 15 + 1.2 + 7)) > 1e-6)
      out.push(`full-path sum ${metric(o, 'lowLoadLatency')} != 64.2`)
    return out
  },
})

export const belowBoundNoLoss = defineCheck({
  simulator: SIM,
  name: 'offered below the bound (app 4 x 100 req/s): failed requests',
  kind: 'exact',
  cases: [3, 4].map((seed): Case => ({ params: { rampTo: 1, cdnHitRatio: 0, rate: 320 }, seed, duration: 60 })),
  theory: () => 0,
  measure: (o) => metric(o, 'failed'),
  tolerance: { why: 'every tier below capacity with room to queue: nothing refused' },
  also: (o) => [...(metric(o, 'maxThroughput') === 400 ? [] : [`maxThroughput ${metric(o, 'maxThroughput')}`]), ...(metric(o, 'bottleneckTier') === 3 ? [] : ['bottleneck is not the app tier'])],
})

export const throughputBound = defineCheck({
  simulator: SIM,
  name: 'overload, every request visits the app tier: throughput <= c mu, and approaches it',
  kind: 'bound-reached',
  cases: [800, 1600].flatMap((rate): Case[] => [4, 5].map((seed) => ({ params: { rampTo: 1, cdnHitRatio: 0, rate }, seed, duration: 60 }))),
  theory: (o) => metric(o, 'maxThroughput'),
  measure: (o) => metric(o, 'throughput'),
  tolerance: {
    abs: (o, bound) => (3 * Math.sqrt(bound * o.case.duration)) / o.case.duration,
    below: { rel: 0.03 },
    why: 'served in 60 s is at most a Poisson count of mean c mu T: +3 SE; the first ~1 s fills the queue: -3%',
  },
  also: (o) => (metric(o, 'saturatedTier') === 3 ? [] : [`saturated tier ${metric(o, 'saturatedTier')}`]),
})

export const visitRatioBound = defineCheck<BasicsRun>({
  simulator: SIM,
  name: 'overload, app tier visited by v = 0.4: its served rate / v approaches min c mu / v',
  kind: 'bound-reached',
  cases: [5, 6].map((seed): Case => ({ params: { rampTo: 1, rate: 1500 }, seed, duration: 60 })),
  theory: (o) => metric(o, 'maxThroughput'),
  measure: (o) => o.run.metrics().perNode.app!.served! / 0.4 / o.case.duration,
  tolerance: { rel: 3 / Math.sqrt(400 * 60), below: { rel: 0.03 }, why: 'as above, on the app tier alone: +3 SE of its Poisson count, -3% for the queue filling' },
  also: (o) => [...(metric(o, 'maxThroughput') === 1000 ? [] : [`maxThroughput ${metric(o, 'maxThroughput')}`]), ...(metric(o, 'failed') > 0 ? [] : ['nothing refused'])],
})

export const bottleneckFirst = defineCheck({
  simulator: SIM,
  name: 'default ramp 200 -> 1200 req/s: first tier measured saturated = predicted bottleneck',
  kind: 'exact',
  cases: [1, 2, 3].map((seed): Case => ({ params: {}, seed, duration: 60 })),
  theory: (o) => metric(o, 'bottleneckTier'),
  measure: (o) => metric(o, 'saturatedTier'),
  tolerance: { why: 'the app tier (1000 req/s) is 2x tighter than the next (CDN, 2000)' },
  // Saturation is measured, so it can show a little before the rate crosses 1000 (t = 48 s).
  also: (o) => [...(metric(o, 'bottleneckTier') === 3 ? [] : ['bottleneck is not the app tier']), ...(metric(o, 'saturatedAt') > 35 ? [] : [`saturated at ${metric(o, 'saturatedAt')} s`])],
})

export const basicsChecks: AnyCheck[] = [latencySum, belowBoundNoLoss, throughputBound, visitRatioBound, bottleneckFirst]
