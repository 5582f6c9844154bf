// A load balancer's choice among its arrows. Health checks are instant and exact: a failed
// target is never picked while another is up, and least-loaded sees true counts.
import type { BoardEdge } from './graph'
import type { BoardSimParams } from './params'
import type { Station } from './station'

/** The chosen arrow and the round-robin pointer after it; undefined when every target is down. */
export function pickTarget(edges: readonly BoardEdge[], rr: number, policy: BoardSimParams['lbPolicy'], station: (id: string) => Station): { edge: BoardEdge; rr: number } | undefined {
  const n = edges.length
  let best: { i: number; load: number } | undefined
  // Scanning from the pointer spreads ties (least-loaded) the way round robin spreads turns.
  for (let k = 0; k < n; k++) {
    const i = (rr + k) % n
    const target = station(edges[i]!.to)
    if (!target.up) continue
    if (policy === 'round-robin') {
      best = { i, load: 0 }
      break
    }
    if (!best || target.load < best.load) best = { i, load: target.load }
  }
  return best && { edge: edges[best.i]!, rr: (best.i + 1) % n }
}
