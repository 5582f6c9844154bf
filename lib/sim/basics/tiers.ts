// The request path's tiers and the back-of-the-envelope numbers for them: visit ratios (how
// many times an average request touches a tier), capacity, the throughput bound and the
// expected latency. Routing is an independent coin per request at DNS, CDN and cache, so the
// path is an open Jackson network and the M/M/c formulas below hold exactly for it.
import type { NodeView, ParamValues } from '@/lib/sim/engine'
import type { basicsParams } from './params'

export type BasicsParams = ParamValues<typeof basicsParams.specs>

export const TIER_IDS = ['dns', 'cdn', 'lb', 'app', 'cache', 'db'] as const
export type TierId = (typeof TIER_IDS)[number]

export const TIER_LABELS: Record<TierId, string> = { dns: 'DNS', cdn: 'CDN edge', lb: 'Load balancer', app: 'App servers', cache: 'Cache', db: 'Database' }
export const TIER_KINDS: Record<TierId, NodeView['kind']> = { dns: 'dns', cdn: 'cdn', lb: 'balancer', app: 'server', cache: 'cache', db: 'database' }

export type TierConfig = {
  id: TierId
  /** Fixed time per visit (network, framework), in seconds; does not occupy a server. */
  latency: number
  servers: number
  /** Service rate of one server, per second. */
  rate: number
  /** Mean visits per request. */
  visits: number
}

export function tierConfigs(p: BasicsParams): TierConfig[] {
  const origin = 1 - p.cdnHitRatio
  const visits: Record<TierId, number> = {
    dns: 1 - p.dnsHitRatio,
    cdn: 1,
    lb: origin,
    app: origin,
    cache: origin,
    db: origin * (1 - p.cacheHitRatio),
  }
  return TIER_IDS.map((id) => ({ id, latency: p[`${id}Latency`] / 1000, servers: p[`${id}Servers`], rate: p[`${id}Rate`], visits: visits[id] }))
}

/** Requests per second the tier can carry for the whole mix: capacity / visit ratio. */
export function tierBound(t: TierConfig): number {
  return t.visits > 0 ? (t.servers * t.rate) / t.visits : Infinity
}

/** The tightest tier: its index and the largest request rate the path sustains. */
export function bottleneck(tiers: readonly TierConfig[]): { index: number; maxThroughput: number } {
  let index = 0
  for (let i = 1; i < tiers.length; i++) if (tierBound(tiers[i]!) < tierBound(tiers[index]!)) index = i
  return { index, maxThroughput: tierBound(tiers[index]!) }
}

/** Mean latency with no queueing: sum over tiers of visits x (latency + service time). */
export function lowLoadLatency(tiers: readonly TierConfig[]): number {
  return tiers.reduce((a, t) => a + t.visits * (t.latency + 1 / t.rate), 0)
}

/** Erlang C: probability an arrival waits in an M/M/c queue with offered load a = lambda/mu. */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1
  // Erlang B by its stable recursion, then C from B.
  let b = 1
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b)
  const rho = a / c
  return b / (1 - rho + rho * b)
}

/** Mean latency at request rate lambda, with M/M/c waiting at every tier; null if any tier is overloaded. */
export function jacksonLatency(tiers: readonly TierConfig[], lambda: number): number | null {
  let total = 0
  for (const t of tiers) {
    const arrival = lambda * t.visits
    if (arrival === 0) continue
    if (arrival >= t.servers * t.rate) return null
    const wait = erlangC(t.servers, arrival / t.rate) / (t.servers * t.rate - arrival)
    total += t.visits * (t.latency + 1 / t.rate + wait)
  }
  return total
}

/** Throughput the bound predicts at offered rate lambda: everything up to the bottleneck's bound. */
export function boundedThroughput(maxThroughput: number, lambda: number): number {
  return Math.min(lambda, maxThroughput)
}

/** Utilisation of a tier at request rate lambda: lambda v / (c mu), at most 1. */
export function tierUtilisation(t: TierConfig, lambda: number): number {
  return Math.min(1, (lambda * t.visits) / (t.servers * t.rate))
}
