// load-balancing: M/M/1 (one server, and random splitting), Little's law, sticky sessions.
import { mm1MeanSojourn, mm1MeanWait } from '@/lib/sim/load-balancing/theory'
import type { Run } from '@/lib/sim/engine'
import { defineCheck, type AnyCheck, type Case, type Outcome } from './check'
import { metric } from './metric'

const SIM = 'load-balancing'

/** 200k requests after a 1000 s warm-up, at each load, three seeds. */
const mm1Cases: Case[] = [0.5, 0.7].flatMap((load) =>
  [1, 2, 3].map((seed) => ({ params: { servers: 1, load, warmup: 1000 }, seed, duration: 1000 + 200_000 / load })),
)
const enough = (out: Outcome): string[] => {
  const completed = metric(out, 'completed')
  return completed > 195_000 ? [] : [`only ${completed} requests completed`]
}
const AUTOCORR = 'waits are autocorrelated: a 10-seed pilot at rho 0.7 spread 1.6% (asymptotic M/M/1 formula ~1.8%); 8% = ~5 SE'

export const mm1Wait = defineCheck({
  simulator: SIM,
  name: 'M/M/1 mean wait Wq = rho/(mu - lambda)',
  kind: 'approx',
  cases: mm1Cases,
  theory: (o) => mm1MeanWait(o.params.load * o.params.serviceRate, o.params.serviceRate),
  measure: (o) => metric(o, 'meanWait'),
  tolerance: { rel: 0.08, why: AUTOCORR },
  also: (o) => [...enough(o), ...(Math.abs(metric(o, 'theoryMeanWait') - mm1MeanWait(o.params.load * o.params.serviceRate, o.params.serviceRate)) < 1e-5 ? [] : ['theoryMeanWait metric disagrees'])],
})

export const mm1Sojourn = defineCheck({
  simulator: SIM,
  name: 'M/M/1 mean sojourn W = 1/(mu - lambda)',
  kind: 'approx',
  cases: mm1Cases,
  theory: (o) => mm1MeanSojourn(o.params.load * o.params.serviceRate, o.params.serviceRate),
  measure: (o) => metric(o, 'meanSojourn'),
  tolerance: { rel: 0.08, why: AUTOCORR },
  also: enough,
})

export const little = defineCheck({
  simulator: SIM,
  name: "Little's law L = lambda W (same run)",
  kind: 'approx',
  cases: mm1Cases,
  theory: (o) => o.params.load * o.params.serviceRate * metric(o, 'meanSojourn'),
  measure: (o) => metric(o, 'meanInSystem'),
  tolerance: { rel: 0.03, why: 'both estimates come from the same run and share its noise: 3%' },
})

export const randomSplit = defineCheck({
  simulator: SIM,
  name: 'random over N equal servers: W = 1/(mu - lambda/N)',
  kind: 'approx',
  cases: [4, 8].flatMap((servers) =>
    [2, 3].map((seed) => ({ params: { servers, load: 0.7, policy: 'random', warmup: 500 }, seed, duration: 500 + 200_000 / (servers * 0.7) })),
  ),
  theory: (o) => mm1MeanSojourn(o.params.load * o.params.serviceRate, o.params.serviceRate),
  measure: (o) => metric(o, 'meanSojourn'),
  tolerance: { rel: 0.08, why: 'each server an M/M/1 at rho 0.7; N independent queues of 200k/N requests average to about one 200k run (1.6%): 8%' },
})

type Sessions = { before: number; lost: number; down: number }
const sessionCases: Case[] = [3, 4, 5].map((seed) => ({ params: { servers: 4, clients: 1000, failServerAt: 1500, policy: 'round-robin', sessions: 'sticky' }, seed, duration: 2000 }))

export const stickyLost = defineCheck<Run>({
  simulator: SIM,
  name: 'fail 1 of N servers: share of sticky sessions lost = 1/N',
  kind: 'approx',
  cases: sessionCases,
  drive: (run, c) => {
    run.advance(c.params.failServerAt - 1)
    const before = run.metrics().values.sessionsActive as number
    run.advance(c.duration)
    const down = run.state().nodes.find((n) => n.id === 's0')?.up === false ? 1 : 0
    const s: Sessions = { before, lost: run.metrics().values.sessionsLost as number, down }
    return s
  },
  theory: (o) => 1 / o.params.servers,
  measure: (o) => o.extra.lost! / o.extra.before!,
  tolerance: { abs: 0.01, why: 'round robin hands each new client the next server, so the failed one holds 1/N of sessions up to rounding' },
  // 4200 requests over 1000 clients: all but ~1.5% have a session, so the share is not of a few.
  also: (o) => [...(o.extra.before! > 950 ? [] : [`only ${o.extra.before} sessions before the failure`]), ...(o.extra.down === 1 ? [] : ['s0 is not down'])],
})

export const jwtLost = defineCheck({
  simulator: SIM,
  name: 'fail 1 of N servers: JWT sessions lost = 0',
  kind: 'exact',
  cases: sessionCases.map((c) => ({ ...c, params: { ...c.params, sessions: 'jwt' } })),
  theory: () => 0,
  measure: (o) => metric(o, 'sessionsLost'),
  tolerance: { why: 'no server-side session state to lose' },
})

export const loadBalancingChecks: AnyCheck[] = [mm1Wait, mm1Sojourn, little, randomSplit, stickyLost, jwtLost]
