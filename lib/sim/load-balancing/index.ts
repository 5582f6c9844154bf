import { defineSimulator } from '@/lib/sim/engine'
import { loadBalancingParams } from './params'
import { LoadBalancingRun } from './run'
import { mm1MeanSojourn, theoryMeanSojourn } from './theory'

const POLICY_NOTE: Record<string, string> = {
  'round-robin': 'round robin: the dashed line is random splitting (M/M/1 per server); round robin evens out arrivals, so it runs below it',
  'least-connections': 'least connections: the dashed line is random splitting (M/M/1 per server); joining the shortest queue runs well below it',
  'consistent-hash': 'consistent hashing: the dashed line assumes an even split; uneven client shares put the busiest servers above it',
  p2c: 'power of two choices: the dashed line is the N -> infinity limit (Mitzenmacher); with few servers the run sits a little above it',
}

export const loadBalancing = defineSimulator({
  id: 'load-balancing',
  title: 'Load balancing',
  summary: 'Poisson traffic spread over N servers by a policy; sticky vs JWT sessions when a server fails.',
  timeUnit: 's',
  defaultDuration: 1000,
  params: loadBalancingParams,
  metrics: [
    { name: 'arrivals', description: 'Requests that arrived', kind: 'value' },
    { name: 'completed', description: 'Requests served (after warm-up)', kind: 'value' },
    { name: 'dropped', description: 'Requests refused: queue full or no server up', kind: 'value' },
    { name: 'failedRequests', description: 'Requests lost inside a server when it failed', kind: 'value' },
    { name: 'throughput', description: 'Completed requests per unit time', unit: 'req/s', kind: 'value' },
    { name: 'meanWait', description: 'Mean time waiting in queue before service', unit: 's', kind: 'value' },
    { name: 'meanSojourn', description: 'Mean time in system (wait + service)', unit: 's', kind: 'value' },
    { name: 'latencyP50', description: 'Median time in system', unit: 's', kind: 'value' },
    { name: 'latencyP95', description: '95th percentile time in system', unit: 's', kind: 'value' },
    { name: 'latencyP99', description: '99th percentile time in system', unit: 's', kind: 'value' },
    { name: 'meanInSystem', description: 'Time-average requests in the system (L in Little\'s law)', kind: 'value' },
    { name: 'maxQueue', description: 'Largest number of requests ever held by one server', kind: 'value' },
    { name: 'sessionsActive', description: 'Client sessions pinned to a server (sticky only)', kind: 'value' },
    { name: 'sessionsLost', description: 'Sticky sessions whose server failed; always 0 with JWT', kind: 'value' },
    { name: 'theoryMeanSojourn', description: 'M/M/1 mean time in system when it applies (1 server or random, exponential, equal speeds), else null', unit: 's', kind: 'value' },
    { name: 'theoryMeanWait', description: 'M/M/1 mean wait in queue when it applies, else null', unit: 's', kind: 'value' },
    { name: 'meanSojourn', description: 'Running mean time in system (after warm-up); dashed: M/M/1 (M/G/1) theory', unit: 's', kind: 'series', theory: 'theoryMeanSojourn' },
    { name: 'theoryMeanSojourn', description: 'Theory mean time in system: M/G/1 per server for random splitting, the supermarket limit for p2c', unit: 's', kind: 'series' },
    { name: 'maxQueue', description: 'Longest server queue over time', kind: 'series' },
    { name: 'latencyP99', description: 'p99 time in system per sampling window', unit: 's', kind: 'series' },
    { name: 'served', description: 'Requests served per server', kind: 'perNode' },
    { name: 'dropped', description: 'Requests dropped per server', kind: 'perNode' },
    { name: 'queue', description: 'Requests held now per server', kind: 'perNode' },
    { name: 'utilization', description: 'Fraction of time busy per server', kind: 'perNode' },
  ],
  leavesOut:
    'Network latency and TCP; balancer capacity and health-check delay (failed servers get no traffic at once); stale load information (least connections sees exact counts). Sessions last the whole run, failed requests are not retried, and there is no weighted round robin or Peak EWMA.',
  caveat(p, m) {
    if (p.queueCapacity > 0) return 'bounded queues: M/M/1 assumes an unbounded queue, so no theory line is drawn (drops cut latency)'
    if (p.speedSpread > 0 && p.servers > 1) return 'unequal server speeds: no single M/M/1 line applies'
    if (p.failServerAt > 0 && m.time >= p.failServerAt) return `s0 fails at ${p.failServerAt} s: the survivors carry its load, outside the theory's steady state`
    const theory = theoryMeanSojourn(p)
    if (theory && theory.kind !== 'exact' && POLICY_NOTE[p.policy]) {
      if (p.policy === 'p2c' && theory.kind === 'reference') return 'power of two choices: the dashed line is random splitting (M/G/1 per server); two choices run well below it'
      return POLICY_NOTE[p.policy]!
    }
    if (p.load >= 0.9) return `load ${p.load}: near saturation the mean converges slowly, so a finite run scatters widely around the line`
    if (p.warmup === 0 && p.load >= 0.5) return 'no warm-up: the run starts with empty queues, so the early mean sits below the line'
    return null
  },
  sweeps: [
    {
      id: 'sojourn-vs-load',
      label: 'Mean time in system vs load (one server, M/M/1)',
      param: 'load',
      values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
      metric: 'meanSojourn',
      unit: 's',
      // 200,000 service times per point: the M/M/1 mean converges slowly near saturation (relative
      // sd about sqrt(2 rho (1 + rho) / ((1 - rho)^4 L^2 mu T)) with L = rho / (1 - rho): 2.4% at
      // 0.8, 4.6% at 0.9), and the nine runs take well under a second of CPU.
      duration: 200_000,
      // One exponential server with an unbounded queue is exactly M/M/1; the warm-up (about ten
      // relaxation times at load 0.8) drops the empty-queue start that would bias the mean low.
      overrides: { servers: 1, policy: 'random', serviceDistribution: 'exponential', queueCapacity: 0, speedSpread: 0, failServerAt: 0, sessions: 'jwt', warmup: 1_000 },
      theory: (p) => {
        const w = mm1MeanSojourn(p.load * p.serviceRate, p.serviceRate)
        return Number.isFinite(w) ? w : null
      },
      caveat: 'one server, exponential service: points near 0.9 scatter most (the mean converges slowly near saturation)',
    },
  ],
  create(params, seed, horizon) {
    return new LoadBalancingRun(params, seed, horizon ?? 1000)
  },
})
