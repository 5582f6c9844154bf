// Which arrows a request takes after a component's own work, as data: the run samples it and the
// theory (expected visits) takes its expectation, so the two cannot drift apart.
import type { ComponentKind } from '@/lib/shapes/component-kinds'
import type { BoardEdge, GraphLike } from './graph'
import { KIND_MODELS, ONE_OF_KINDS, SERVICE_KINDS, type RouteMode } from './models'

/** One group of outgoing arrows: take one of them (`one`), or each with probability `p`. */
export type Part = { edges: BoardEdge[]; pick: 'one' | 'each'; p: number; balance?: boolean }

/**
 * `gate`: probability the request goes on at all (a cache miss, a write, a provider success).
 * When it does not, the component answers itself (`ok`) or fails the request (`error`).
 * `decouple`: acknowledge first, deliver later (queues and pub/sub).
 */
export type RouteSpec = { mode: RouteMode; gate: number; otherwise: 'ok' | 'error'; parts: Part[]; decouple: boolean }

export type RoutingKnobs = {
  cacheHitRatio: number
  cdnHitRatio: number
  writeFraction: number
  asyncFraction: number
  providerFailureRate: number
}

/** Solid arrows to a shard, replica or provider group: one per request; other solid ones all. */
function callParts(edges: readonly BoardEdge[], kindOf: (id: string) => ComponentKind, knobs: RoutingKnobs, route: boolean): Part[] {
  const parts: Part[] = []
  const sync = edges.filter((e) => !e.async)
  const groups = new Map<string, BoardEdge[]>()
  const each: BoardEdge[] = []
  for (const e of sync) {
    const kind = kindOf(e.to)
    const key = route && SERVICE_KINDS.has(kind) ? 'service' : ONE_OF_KINDS.has(kind) ? kind : null
    if (key === null) each.push(e)
    else groups.set(key, [...(groups.get(key) ?? []), e])
  }
  for (const group of groups.values()) parts.push(group.length === 1 ? { edges: group, pick: 'each', p: 1 } : { edges: group, pick: 'one', p: 1 })
  if (each.length) parts.push({ edges: each, pick: 'each', p: 1 })
  // Dashed arrows are background or conditional flows (deferrals, fallbacks, events): a
  // fraction of requests takes each one, without waiting for it.
  const async = edges.filter((e) => e.async)
  if (async.length) parts.push({ edges: async, pick: 'each', p: knobs.asyncFraction })
  return parts
}

export function routeSpecs(graph: GraphLike, knobs: RoutingKnobs): Map<string, RouteSpec> {
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]))
  const kindOf = (id: string): ComponentKind => kinds.get(id)!
  const specs = new Map<string, RouteSpec>()
  for (const node of graph.nodes) {
    const out = graph.edges.filter((e) => e.from === node.id)
    const mode = KIND_MODELS[node.kind].mode
    const all: Part[] = out.length ? [{ edges: out, pick: 'each', p: 1 }] : []
    const spec = (gate: number, otherwise: 'ok' | 'error', parts: Part[], decouple = false): RouteSpec => ({ mode, gate, otherwise, parts, decouple })
    switch (mode) {
      // As a callee a client is a device receiving a push: it answers and calls nothing.
      case 'source':
        specs.set(node.id, spec(0, 'ok', []))
        break
      case 'balance':
        specs.set(node.id, spec(1, 'ok', out.length ? [{ edges: out, pick: 'one', p: 1, balance: true }] : []))
        break
      case 'route':
        specs.set(node.id, spec(1, 'ok', callParts(out, kindOf, knobs, true)))
        break
      case 'call':
        specs.set(node.id, spec(1, 'ok', callParts(out, kindOf, knobs, false)))
        break
      case 'cache': {
        const hit = node.kind === 'cdn' ? knobs.cdnHitRatio : knobs.cacheHitRatio
        specs.set(node.id, spec(1 - hit, 'ok', callParts(out, kindOf, knobs, false)))
        break
      }
      case 'store':
        specs.set(node.id, spec(knobs.writeFraction, 'ok', all))
        break
      case 'decouple':
        specs.set(node.id, spec(1, 'ok', all, true))
        break
      case 'provider':
        specs.set(node.id, spec(1 - knobs.providerFailureRate, 'error', callParts(out, kindOf, knobs, false)))
        break
    }
  }
  return specs
}

/** Expected calls on each arrow per request a component serves (ignoring failures). */
export function expectedCalls(spec: RouteSpec): { edge: BoardEdge; calls: number }[] {
  return spec.parts.flatMap((part) => part.edges.map((edge) => ({ edge, calls: spec.gate * (part.pick === 'one' ? 1 / part.edges.length : part.p) })))
}
