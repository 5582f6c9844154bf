// Simulate the board itself: its components and arrows, read as a graph. Not in the registry
// (a run needs the board's graph, not just parameters): the panel builds the graph with
// boardGraph(records, pageId), then uses boardSimulatorFor(graph) wherever a Simulator goes.
import { defineSimulator, parseParams, type MetricSpec, type Simulator } from '@/lib/sim/engine'
import type { GraphLike } from './graph'
import { boardSimParams, validateBoardParams, type BoardSimParams } from './params'
import { BoardRun } from './run'

export { boardGraph, reachable, sources, type BoardEdge, type BoardGraph, type GraphLike, type BoardNode, type BoardProblem, type BoardRecord, type ProblemCode } from './graph'
export { describeHealth, BUSY_AT, BUSY_QUEUE, OVERLOADED_AT, type Health } from './health'
export { KIND_MODELS, modelFor, type KindModel, type ResolvedModel, type RouteMode } from './models'
export { boardSimParams, validateBoardParams, type BoardSimParams } from './params'
export { expectedLoad, type Expected } from './theory'
export { BoardRun }

type Graph = GraphLike

export const BOARD_METRICS: readonly MetricSpec[] = [
  { name: 'requests', description: 'Requests sent by the clients', kind: 'value' },
  { name: 'completed', description: 'Client requests answered successfully', kind: 'value' },
  { name: 'failed', description: 'Client requests answered with an error', kind: 'value' },
  { name: 'errorRate', description: 'failed / (completed + failed)', kind: 'value' },
  { name: 'latencyP50', description: 'Median client latency (successful requests)', unit: 'ms', kind: 'value' },
  { name: 'latencyP99', description: '99th percentile client latency', unit: 'ms', kind: 'value' },
  { name: 'throughput', description: 'Successful client requests per second', unit: 'req/s', kind: 'value' },
  { name: 'bottleneck', description: 'Highest utilisation of any component so far (which one: run.bottleneckId())', kind: 'value' },
  { name: 'saturationRate', description: 'Theory: requests per client per second at which the first component reaches 100% utilisation', unit: 'req/s', kind: 'value' },
  { name: 'rejected', description: 'Requests refused by full waiting rooms (overload)', kind: 'value' },
  { name: 'hopLimited', description: 'Requests cut off by the hop limit (loops)', kind: 'value' },
  { name: 'backlog', description: 'Messages waiting in queues now', kind: 'value' },
  { name: 'redelivered', description: 'Queue deliveries retried after a consumer failed them', kind: 'value' },
  { name: 'lost', description: 'Pub/sub deliveries lost to a failed subscriber', kind: 'value' },
  { name: 'throughput', description: 'Successful client requests per second, per sampling window', unit: 'req/s', kind: 'series' },
  { name: 'latencyP99', description: 'p99 client latency per sampling window (0 when none)', unit: 'ms', kind: 'series' },
  { name: 'errorRate', description: 'Share of client requests failed per sampling window', kind: 'series' },
  { name: 'utilisation', description: 'Share of worker time busy since the start', kind: 'perNode' },
  { name: 'load', description: 'Utilisation over the last sampling window (what the colours show)', kind: 'perNode' },
  { name: 'expectedUtilisation', description: 'Theory: utilisation from the routing rules when nothing fails', kind: 'perNode' },
  { name: 'queue', description: 'Requests waiting now (a queue: its backlog)', kind: 'perNode' },
  { name: 'requests', description: 'Requests that reached the component', kind: 'perNode' },
  { name: 'served', description: 'Requests it finished its own work on', kind: 'perNode' },
  { name: 'errors', description: 'Requests it answered with an error (down, full, or a failed dependency)', kind: 'perNode' },
  { name: 'rejected', description: 'Requests refused because its waiting room was full', kind: 'perNode' },
]

const INFO = {
  title: 'This board',
  summary: "The board's own components and arrows: traffic from the clients, each component by its kind's model.",
  timeUnit: 's',
  defaultDuration: boardSimParams.defaults.duration,
  params: boardSimParams,
  metrics: BOARD_METRICS,
  validate: validateBoardParams,
  leavesOut:
    "Request types (a client's arrows are equally likely); per-component latency and worker counts (only capacity is editable); workers held while waiting on dependencies; timeouts, retries and circuit breakers on synchronous calls; payload sizes, bandwidth and cache contents (a fixed hit ratio).",
} as const

/** A run over `graph`. `horizon` only spaces chart samples; it defaults to params.duration. */
export function createBoardRun(graph: Graph, params: BoardSimParams, seed: number, horizon?: number): BoardRun {
  return new BoardRun(graph, params, seed >>> 0, horizon ?? params.duration)
}

/** Like the engine's Simulator, except that create() takes the board's graph first. */
export const boardSimulator = {
  id: 'board',
  ...INFO,
  create: createBoardRun,
}

/** A Simulator bound to one graph, for code that drives any Simulator (startRun, the panel). */
export function boardSimulatorFor(graph: Graph): Simulator<BoardSimParams> {
  return defineSimulator({ id: 'board', ...INFO, create: (params, seed, horizon) => createBoardRun(graph, params, seed, horizon) })
}

/** Untrusted parameters (a shared record) to a run: schema, then cross-field rules. */
export function startBoardRun(graph: Graph, input: unknown, seed: number, horizon?: number): { ok: true; run: BoardRun; params: BoardSimParams } | { ok: false; errors: string[] } {
  const parsed = parseParams(boardSimParams.schema, input)
  if (!parsed.ok) return parsed
  const errors = validateBoardParams(parsed.value)
  if (errors.length) return { ok: false, errors }
  return { ok: true, params: parsed.value, run: createBoardRun(graph, parsed.value, seed, horizon) }
}
