import { defineSimulator } from '@/lib/sim/engine'
import { basicsParams } from './params'
import { BasicsRun } from './run'
import { bottleneck, jacksonLatency, tierConfigs } from './tiers'

export const basics = defineSimulator({
  id: 'basics',
  title: "The basics: a request's path",
  summary: 'Client -> DNS -> CDN -> load balancer -> app -> cache -> database: latency adds up, and the tightest tier caps throughput.',
  timeUnit: 's',
  defaultDuration: 60,
  params: basicsParams,
  metrics: [
    { name: 'requests', description: 'Requests sent by clients', kind: 'value' },
    { name: 'completed', description: 'Requests answered', kind: 'value' },
    { name: 'failed', description: 'Requests refused by a full or failed tier', kind: 'value' },
    { name: 'offeredRate', description: 'Current Poisson request rate (grows with the ramp)', unit: 'req/s', kind: 'value' },
    { name: 'throughput', description: 'Requests answered per second, over the whole run', unit: 'req/s', kind: 'value' },
    { name: 'maxThroughput', description: 'Back of the envelope: min over tiers of servers x rate / visit ratio', unit: 'req/s', kind: 'value' },
    { name: 'bottleneckTier', description: 'Index (dns 0, cdn 1, lb 2, app 3, cache 4, db 5) of the tier with the smallest capacity / visit ratio: it saturates first', kind: 'value' },
    { name: 'saturatedTier', description: 'Index of the first tier measured at >= 98% utilisation for 3 samples in a row; null until one does', kind: 'value' },
    { name: 'saturatedAt', description: 'When that happened', unit: 's', kind: 'value' },
    { name: 'meanLatency', description: 'Mean end-to-end latency', unit: 'ms', kind: 'value' },
    { name: 'latencyP50', description: 'Median end-to-end latency (1% histogram bins)', unit: 'ms', kind: 'value' },
    { name: 'latencyP99', description: '99th percentile end-to-end latency', unit: 'ms', kind: 'value' },
    { name: 'lowLoadLatency', description: 'Back of the envelope: sum over tiers of visit ratio x (latency + service time)', unit: 'ms', kind: 'value' },
    { name: 'theoryLatency', description: 'Mean latency at the current rate with M/M/c (Erlang C) waits added; null once a tier is overloaded', unit: 'ms', kind: 'value' },
    { name: 'throughput', description: 'Requests answered per second, per sample; dashed: min(offered, bound)', unit: 'req/s', kind: 'series', theory: 'throughputBound' },
    { name: 'throughputBound', description: 'Theory: the offered rate, capped at the bottleneck bound', unit: 'req/s', kind: 'series' },
    { name: 'meanLatency', description: 'Mean latency per sample; dashed: the sum over tiers with M/M/c (Erlang C) waits', unit: 'ms', kind: 'series', theory: 'theoryLatency' },
    { name: 'theoryLatency', description: 'Theory: sum_i v_i (latency_i + 1/mu_i + Erlang C wait) at the offered rate; absent once a tier is overloaded', unit: 'ms', kind: 'series' },
    { name: 'offered', description: 'Offered request rate', unit: 'req/s', kind: 'series' },
    { name: 'latencyP99', description: 'p99 latency per sample', unit: 'ms', kind: 'series' },
    { name: 'bottleneckUtilization', description: "The bottleneck tier's utilisation per sample; dashed: lambda v / (c mu)", kind: 'series', theory: 'theoryUtilization' },
    { name: 'theoryUtilization', description: "Theory: the bottleneck's utilisation lambda v / (c mu) at the offered rate, at most 1", kind: 'series' },
    { name: 'utilization', description: 'Busy servers / servers over the last sample', kind: 'perNode' },
    { name: 'meanUtilization', description: 'Utilisation over the whole run', kind: 'perNode' },
    { name: 'served', description: 'Visits served', kind: 'perNode' },
    { name: 'dropped', description: 'Visits refused (queue full or tier failed)', kind: 'perNode' },
    { name: 'queue', description: 'Requests waiting now', kind: 'perNode' },
    { name: 'visits', description: 'Visit ratio: mean visits per request', kind: 'perNode' },
    { name: 'bound', description: 'Requests per second this tier can carry (capacity / visit ratio; -1 if never visited)', unit: 'req/s', kind: 'perNode' },
  ],
  leavesOut:
    'Connection setup (TCP/TLS), keep-alive and HTTP/2; DNS TTLs, CDN and cache contents (hit ratios are fixed coins, no warm-up or eviction); per-server balancing inside a tier (one shared queue); synchronous blocking (an app server does not hold its slot while it waits on the cache or database); retries and timeouts beyond the queue limit.',
  caveat(p, m) {
    const offered = m.values.offeredRate ?? p.rate
    const bound = m.values.maxThroughput ?? Infinity
    if (offered >= bound) {
      return m.values.bottleneckTier !== null && m.values.bottleneckTier !== 1 && p.cdnHitRatio > 0
        ? 'overload: no steady state past the bound; CDN hits skip the bottleneck and still complete, so throughput can exceed the line'
        : 'overload: no steady state past the bound; the latency line stops and queues grow until the limit refuses requests'
    }
    if (offered >= 0.9 * bound) return 'near saturation: the queues lag the rising rate, so measured latency trails the M/M/c curve'
    if (p.queueLimit < 5) return 'short queues: full waiting rooms refuse requests, which the M/M/c waits do not count'
    return null
  },
  sweeps: [
    {
      id: 'latency-vs-rate',
      label: 'Mean latency vs offered rate (flat traffic), sum of M/M/c waits',
      param: 'rate',
      // 10% .. 90% of the bottleneck's bound: past it there is no steady state and no curve.
      values: (p) => {
        const bound = bottleneck(tierConfigs(p)).maxThroughput
        return [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((f) => Math.min(100_000, Math.max(0.1, round3(f * bound))))
      },
      metric: 'meanLatency',
      unit: 'ms',
      // 60 s: at 90% of the bound the app tier's queue relaxes in about a second, so the empty
      // start and the run's scatter stay a few per cent; the nine runs take about half a second.
      duration: 60,
      // Flat traffic and deep queues: the Jackson network the Erlang C sum describes.
      overrides: { rampTo: 1, queueLimit: 100_000 },
      theory: (p) => {
        const w = jacksonLatency(tierConfigs(p), p.rate)
        return w === null ? null : w * 1000
      },
      caveat: 'flat traffic, deep queues; each run starts empty, so points near saturation sit a little below the curve',
    },
  ],
  create(params, seed, horizon) {
    return new BasicsRun(params, seed, horizon ?? 60)
  },
})

const round3 = (x: number): number => Math.round(x * 1000) / 1000
