// Expected load on every component, from the routing rules alone: the overlay the run is checked
// against, and the "this board saturates at X req/s" figure. Exact in expectation when nothing
// fails and nothing overflows (every random choice is independent of the path a request took;
// round robin splits evenly in the long run).
import { sources, type GraphLike } from './graph'
import { modelFor } from './models'
import { expectedCalls, routeSpecs, type RoutingKnobs } from './routing'

export type Expected = {
  /** Arrivals at each component per request sent by each client (clients send at equal rates). */
  visits: Map<string, number>
  /** Utilisation of each component per 1 req/s sent by each client. */
  utilisationPerRate: Map<string, number>
  /** The per-client request rate at which the first component reaches utilisation 1. */
  saturationRate: number | null
  /** That component. */
  bottleneck: string | null
}

export function expectedLoad(graph: GraphLike, knobs: RoutingKnobs & { maxHops: number }): Expected {
  const specs = routeSpecs(graph, knobs)
  const visits = new Map(graph.nodes.map((n) => [n.id, 0]))
  // Mass arriving at each component at the current hop; a client sends on one of its arrows.
  let wave = new Map<string, number>()
  for (const client of sources(graph)) {
    const out = graph.edges.filter((e) => e.from === client.id)
    for (const e of out) wave.set(e.to, (wave.get(e.to) ?? 0) + 1 / out.length)
  }
  for (let hop = 1; hop <= knobs.maxHops && wave.size; hop++) {
    const next = new Map<string, number>()
    for (const [id, mass] of wave) {
      visits.set(id, visits.get(id)! + mass)
      for (const { edge, calls } of expectedCalls(specs.get(id)!)) if (calls > 0) next.set(edge.to, (next.get(edge.to) ?? 0) + mass * calls)
    }
    wave = next
  }
  const utilisationPerRate = new Map<string, number>()
  let saturationRate: number | null = null
  let bottleneck: string | null = null
  for (const node of graph.nodes) {
    if (node.kind === 'client') continue
    const u = visits.get(node.id)! / modelFor(node).capacity
    utilisationPerRate.set(node.id, u)
    if (u > 0 && (saturationRate === null || 1 / u < saturationRate)) {
      saturationRate = 1 / u
      bottleneck = node.id
    }
  }
  return { visits, utilisationPerRate, saturationRate, bottleneck }
}
