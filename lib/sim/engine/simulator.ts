// The contract every simulator implements. The panel, the tests and `npm run simulate` all
// drive a simulator through this interface only: create a run, advance it, read its state
// (for animation) and its metrics (for charts), and fail or heal nodes.
import type { ParamSet, ParamSpecs, ParamValues } from './params'
import type { Series } from './stats'
import type { Simulation } from './simulation'

export type MetricSpec = {
  name: string
  description: string
  unit?: string
  /** value: one number; series: a time series; perNode: one number per node id. */
  kind: 'value' | 'series' | 'perNode'
  /**
   * Series only: the name of another series in the same Metrics holding the theory curve for this
   * one (on the same x values or its own). The panel draws it dashed beside the simulated line.
   */
  theory?: string
}

/** JSON-able metrics. Values are null when undefined so far (e.g. p99 before any request). */
export type Metrics = {
  time: number
  values: Record<string, number | null>
  series: Record<string, Series>
  perNode: Record<string, Record<string, number>>
}

export type NodeView = {
  id: string
  label: string
  kind: 'server' | 'balancer' | 'cache' | 'database' | 'shard' | 'replica' | 'gateway' | 'service' | 'client' | 'dns' | 'cdn' | 'queue' | 'pubsub' | 'worker' | 'channel' | 'storage'
  up: boolean
  /** Jobs waiting, for queue bars. */
  queue: number
  /** Jobs in service or held. */
  busy: number
  capacity?: number
  /** A free-form role label, e.g. "leader", "follower", "minority". */
  role?: string
  /** A gauge in 0..1 the view can colour by (utilisation, fullness, share of keys). */
  gauge?: number
}

/** Something moving between two nodes: a request, a reply or a replication message. */
export type Flight = { id: string; kind: string; from: string; to: string; sentAt: number; arriveAt?: number }

export type RunState = {
  time: number
  nodes: NodeView[]
  inFlight: Flight[]
  /** Node groups that cannot talk to each other (CAP), empty when fully connected. */
  partitions: string[][]
}

export interface Run {
  readonly now: number
  /** Process one event; false when nothing is left to do. */
  step(): boolean
  /** Process every event up to `toTime` and move the clock there. */
  advance(toTime: number): void
  state(): RunState
  metrics(): Metrics
  /** Fail a node now (click in the panel); unknown ids are ignored. */
  fail(nodeId: string): void
  heal(nodeId: string): void
}

// Method syntax makes the parameter bivariant, as for `caveat` and `theory`, so a simulator with
// specific parameters still fits the registry's Simulator<Record<...>>.
type ValuesOf<P> = { of(params: P): readonly number[] }['of']

/**
 * A sweep chart: the simulated `metric` (a value metric) at several values of one parameter, each
 * from its own short run, with the theory curve over the whole range. Time charts cannot show
 * "latency against load" or "hit ratio against cache size"; a sweep can, at one run per point.
 */
export type SweepSpec<P = Record<string, number | string | boolean>> = {
  id: string
  label: string
  /**
   * The swept (numeric) parameter. A plain string: `keyof P` would make P contravariant here and
   * stop a specific simulator fitting the registry's Simulator<Record<...>>; tests check the name.
   */
  param: string
  /** 6-10 values within the parameter's range, or computed from the run's parameters (e.g. fractions of a bound). */
  values: readonly number[] | ValuesOf<P>
  /** A value metric read at the end of each point's run. */
  metric: string
  unit?: string
  /** Model time per point; short enough that the whole sweep costs under ~1.5 s of CPU. */
  duration: number
  /** The theory at these parameters (the swept value included), or null where none applies. */
  theory(params: P): number | null
  /** Parameters forced for the sweep so the theory applies (e.g. one server for M/M/1). */
  overrides?: Partial<P>
  /** One line on how the points depart from the curve. */
  caveat?: string
}

export interface Simulator<P = Record<string, number | string | boolean>> {
  id: string
  title: string
  summary: string
  /** The unit of model time, e.g. "s" or "ms". */
  timeUnit: string
  defaultDuration: number
  params: ParamSet<ParamSpecs> & { schema: import('zod').ZodType<P> }
  metrics: readonly MetricSpec[]
  /** What the model leaves out, in 2-4 sentences (the panel and docs/simulators.md show it). */
  leavesOut: string
  /**
   * One line saying why this run departs from the theory drawn on its charts (warm-up, a finite
   * run, a knob outside the theory's assumptions), or null when it does not.
   */
  caveat?(params: P, metrics: Metrics): string | null
  /** Cross-parameter checks beyond each field's range, as "name: message" strings. */
  validate?(params: P): string[]
  /** Sweep charts drawn under the time charts (lib/sim/sweep.ts runs them). */
  sweeps?: readonly SweepSpec<P>[]
  /** `horizon` is the expected run length, used only to space chart samples. */
  create(params: P, seed: number, horizon?: number): Run
}

export function defineSimulator<const T extends ParamSpecs>(
  def: Omit<Simulator<ParamValues<T>>, 'params'> & { params: ParamSet<T> },
): Simulator<ParamValues<T>> {
  return def as unknown as Simulator<ParamValues<T>>
}

/** The plumbing every run shares: stepping and advancing the simulation clock. */
export abstract class BaseRun implements Run {
  constructor(protected readonly sim: Simulation) {}
  get now(): number {
    return this.sim.now
  }
  step(): boolean {
    return this.sim.step()
  }
  advance(toTime: number): void {
    this.sim.runUntil(toTime)
  }
  abstract state(): RunState
  abstract metrics(): Metrics
  abstract fail(nodeId: string): void
  abstract heal(nodeId: string): void
}
