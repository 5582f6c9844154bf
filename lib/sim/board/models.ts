// The default behaviour of each component kind. Deliberately coarse: a component is a pool of
// identical workers in front of one FIFO waiting room, plus a rule for which arrows a request
// takes next. Only `capacity` is editable on the board (the shape's capacity prop).
import type { ComponentKind } from '@/lib/shapes/component-kinds'
import type { NodeView } from '@/lib/sim/engine'
import type { BoardNode } from './graph'

/**
 * How a component passes a request on, after its own work:
 * - source: a client; sends requests, and answers at once when something calls it (a device).
 * - balance: one healthy target per request (round robin or least loaded).
 * - route: like call, but picks one of its service targets (an API gateway routes by path).
 * - call: every solid arrow, in parallel (shards, replicas and providers: one of each group).
 * - cache: answers a hit ratio itself; misses are passed on like `call`.
 * - store: answers itself; writes (a fraction) go on along every arrow (replication, CDC).
 * - decouple: acknowledges at once and delivers every message to each consumer later.
 * - provider: an outside service that fails a fraction of requests; otherwise like `call`.
 */
export type RouteMode = 'source' | 'balance' | 'route' | 'call' | 'cache' | 'store' | 'decouple' | 'provider'

export type KindModel = {
  /** Mean time one request holds a worker, in ms (the component's own work, not its calls). */
  latencyMs: number
  /** Requests per second the component can serve when the shape leaves capacity at 0. */
  capacity: number
  mode: RouteMode
  view: NodeView['kind']
}

export const KIND_MODELS: Readonly<Record<ComponentKind, KindModel>> = {
  client: { latencyMs: 0, capacity: Infinity, mode: 'source', view: 'client' },
  dns: { latencyMs: 5, capacity: 100_000, mode: 'call', view: 'dns' },
  cdn: { latencyMs: 5, capacity: 100_000, mode: 'cache', view: 'cdn' },
  'load-balancer': { latencyMs: 0.5, capacity: 50_000, mode: 'balance', view: 'balancer' },
  'api-gateway': { latencyMs: 2, capacity: 10_000, mode: 'route', view: 'gateway' },
  server: { latencyMs: 20, capacity: 1_000, mode: 'call', view: 'server' },
  'websocket-server': { latencyMs: 5, capacity: 5_000, mode: 'call', view: 'server' },
  worker: { latencyMs: 50, capacity: 200, mode: 'call', view: 'worker' },
  cache: { latencyMs: 1, capacity: 50_000, mode: 'cache', view: 'cache' },
  database: { latencyMs: 10, capacity: 2_000, mode: 'store', view: 'database' },
  'db-replica': { latencyMs: 10, capacity: 2_000, mode: 'store', view: 'replica' },
  'db-shard': { latencyMs: 10, capacity: 2_000, mode: 'store', view: 'shard' },
  queue: { latencyMs: 2, capacity: 50_000, mode: 'decouple', view: 'queue' },
  pubsub: { latencyMs: 2, capacity: 50_000, mode: 'decouple', view: 'pubsub' },
  'object-storage': { latencyMs: 50, capacity: 5_000, mode: 'store', view: 'storage' },
  'search-index': { latencyMs: 30, capacity: 1_000, mode: 'store', view: 'storage' },
  'notification-provider': { latencyMs: 200, capacity: 1_000, mode: 'provider', view: 'service' },
}

/** Targets a gateway routes between (one per request); its other arrows are called every time. */
export const SERVICE_KINDS: ReadonlySet<ComponentKind> = new Set(['server', 'websocket-server', 'worker', 'load-balancer', 'api-gateway'])

/** A caller with several solid arrows to one of these kinds uses one per request (a key's shard). */
export const ONE_OF_KINDS: ReadonlySet<ComponentKind> = new Set(['db-shard', 'db-replica', 'notification-provider'])

export type ResolvedModel = KindModel & {
  /** capacity after the shape's override. */
  capacity: number
  /** Workers: capacity x latency, at least 1, so capacity = workers / mean service time exactly. */
  workers: number
  /** Mean service time in seconds: workers / capacity. */
  serviceTime: number
}

export function modelFor(node: Pick<BoardNode, 'kind' | 'capacity'>): ResolvedModel {
  const base = KIND_MODELS[node.kind]
  if (node.kind === 'client') return { ...base, workers: Infinity, serviceTime: 0 }
  const capacity = node.capacity > 0 ? node.capacity : base.capacity
  const workers = Math.max(1, Math.round((capacity * base.latencyMs) / 1000))
  return { ...base, capacity, workers, serviceTime: workers / capacity }
}
