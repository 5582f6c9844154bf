// The follow graph: heavy-tailed follower counts (a few celebrities, a long tail of small
// accounts) and, for each user, a set of distinct followers. Stored in compressed rows both
// ways: followers (for fan-out on write) and followees (for fan-out on read).
import type { Rng } from '@/lib/sim/engine'
import type { CqrsFanoutParams } from './params'

export type FollowGraph = {
  users: number
  followerCount: Int32Array
  /** followers of u: followers[followerStart[u] .. followerStart[u + 1]) */
  followerStart: Int32Array
  followers: Int32Array
  followeeStart: Int32Array
  followees: Int32Array
}

export function followerCounts(p: CqrsFanoutParams, rng: Rng): Int32Array {
  const n = p.users
  const cap = Math.min(p.maxFollowers, n - 1)
  const counts = new Int32Array(n)
  const clamp = (x: number): number => Math.max(p.minFollowers, Math.min(cap, Math.floor(x)))
  if (p.followerDistribution === 'zipf') {
    // Rank r gets cap / r^s; ranks go to users in a random order so ids carry no meaning.
    const order = shuffled(n, rng)
    for (let r = 0; r < n; r++) counts[order[r]!] = clamp(cap / Math.pow(r + 1, p.zipfExponent))
  } else {
    const xmin = Math.max(1, p.minFollowers)
    for (let u = 0; u < n; u++) counts[u] = clamp(xmin * Math.pow(1 - rng.next(), -1 / p.paretoAlpha))
  }
  return counts
}

function shuffled(n: number, rng: Rng): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
  return a
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

export function buildGraph(p: CqrsFanoutParams, rng: Rng): FollowGraph {
  const n = p.users
  const followerCount = followerCounts(p, rng)
  const followerStart = new Int32Array(n + 1)
  for (let u = 0; u < n; u++) followerStart[u + 1] = followerStart[u]! + followerCount[u]!
  const followers = new Int32Array(followerStart[n]!)
  const followeeCount = new Int32Array(n)
  for (let u = 0; u < n; u++) {
    // Distinct followers in O(count): walk the ring of ids from a random start with a random
    // stride coprime to n, skipping u itself.
    const start = rng.int(n)
    let stride = 1 + rng.int(Math.max(1, n - 1))
    while (gcd(stride, n) !== 1) stride = stride + 1 < n ? stride + 1 : 1
    let k = 0
    for (let i = 0; k < followerCount[u]!; i++) {
      const v = (start + i * stride) % n
      if (v === u) continue
      followers[followerStart[u]! + k++] = v
      followeeCount[v]!++
    }
  }
  const followeeStart = new Int32Array(n + 1)
  for (let v = 0; v < n; v++) followeeStart[v + 1] = followeeStart[v]! + followeeCount[v]!
  const followees = new Int32Array(followeeStart[n]!)
  const fill = followeeStart.slice(0, n)
  for (let u = 0; u < n; u++) {
    for (let i = followerStart[u]!; i < followerStart[u + 1]!; i++) followees[fill[followers[i]!]!++] = u
  }
  return { users: n, followerCount, followerStart, followers, followeeStart, followees }
}

/** Cumulative posting weights, (1 + followers)^skew normalised, for sampling authors. */
export function activityCdf(graph: FollowGraph, skew: number): Float64Array {
  const cdf = new Float64Array(graph.users)
  let acc = 0
  for (let u = 0; u < graph.users; u++) cdf[u] = acc += Math.pow(1 + graph.followerCount[u]!, skew)
  for (let u = 0; u < graph.users; u++) cdf[u]! /= acc
  cdf[graph.users - 1] = 1
  return cdf
}

export function sampleCdf(cdf: Float64Array, u: number): number {
  let lo = 0
  let hi = cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cdf[mid]! > u) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Fan-out work per post when authors are drawn from `cdf`: E[f] and Var[f] over pushed authors. */
export function pushWork(graph: FollowGraph, cdf: Float64Array, pushed: (followers: number) => boolean): { mean: number; variance: number } {
  let m1 = 0
  let m2 = 0
  for (let u = 0; u < graph.users; u++) {
    const w = cdf[u]! - (u > 0 ? cdf[u - 1]! : 0)
    const f = graph.followerCount[u]!
    const work = pushed(f) ? f : 0
    m1 += w * work
    m2 += w * work * work
  }
  return { mean: m1, variance: m2 - m1 * m1 }
}
