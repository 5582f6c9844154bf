// cap: CP safety (no stale reads, one leader per term), the minority side refuses writes.
import { defineCheck, type AnyCheck, type Case, type Outcome } from './check'
import { metric } from './metric'

const SIM = 'cap'
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)
// Defaults: 5 replicas, n0 leader, n0 and n1 cut off from 2000 ms to 5000 ms, 50 ops/s.
const cpCases: Case[] = [3, 5].flatMap((replicas) => SEEDS.map((seed) => ({ params: { mode: 'cp', replicas, minoritySize: replicas === 3 ? 1 : 2 }, seed, duration: 8000 })))
const SAFETY = 'a safety property, not a statistic: zero'
const enoughReads = (o: Outcome): string[] => (metric(o, 'reads') > 50 ? [] : ['too few reads'])

export const cpStaleReads = defineCheck({
  simulator: SIM,
  name: 'CP, partition with a leader change: reads older than the last acknowledged write',
  kind: 'exact',
  cases: cpCases,
  theory: () => 0,
  measure: (o) => metric(o, 'staleReads'),
  tolerance: { why: SAFETY },
  also: enoughReads,
})

export const cpTwoLeaders = defineCheck({
  simulator: SIM,
  name: 'CP: terms with two leaders',
  kind: 'exact',
  cases: cpCases,
  theory: () => 0,
  measure: (o) => metric(o, 'twoLeaderTerms'),
  tolerance: { why: SAFETY },
})

const minorityCases: Case[] = SEEDS.slice(0, 10).map((seed) => ({ params: { mode: 'cp' }, seed, duration: 8000 }))

export const cpMinorityWrites = defineCheck({
  simulator: SIM,
  name: 'CP: writes acknowledged + entries committed on the minority side',
  kind: 'exact',
  cases: minorityCases,
  theory: () => 0,
  measure: (o) => metric(o, 'minorityWritesAcked') + metric(o, 'minorityCommits'),
  tolerance: { why: 'a minority cannot form a quorum' },
  also: (o) => (metric(o, 'availabilityMinority') === 0 ? [] : [`minority availability ${metric(o, 'availabilityMinority')}`]),
})

export const cpMajorityAvailable = defineCheck({
  simulator: SIM,
  name: 'CP: majority-side availability during the cut',
  kind: 'lower-bound',
  cases: minorityCases,
  theory: () => 0.75,
  measure: (o) => metric(o, 'availabilityMajority'),
  tolerance: { why: 'a new leader within a few election timeouts (~0.3 s of a 3 s cut): > 0.75' },
})

export const capChecks: AnyCheck[] = [cpStaleReads, cpTwoLeaders, cpMinorityWrites, cpMajorityAvailable]
