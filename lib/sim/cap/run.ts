// One CAP run: clients issue reads and writes to random replicas; a partition cuts the first
// `minoritySize` replicas off between partitionAt and healAt. The driver times out slow
// operations, records which were acknowledged, and checks every successful read against the
// last write acknowledged before the read began.
import {
  BaseRun,
  Rng,
  SeriesRecorder,
  Simulation,
  exponential,
  percentile,
  round,
  type Metrics,
  type ParamValues,
  type RunState,
} from '@/lib/sim/engine'
import { ApProtocol } from './ap'
import { CpProtocol } from './cp'
import { Network } from './network'
import type { capParams } from './params'
import type { ClientOp, Protocol } from './protocol'

export type CapParams = ParamValues<typeof capParams.specs>

type Side = 'none' | 'majority' | 'minority'
type Tally = { attempted: number; succeeded: number }

export class CapRun extends BaseRun {
  readonly net: Network
  private readonly protocol: Protocol
  private readonly lastAcked = new Map<number, number>()
  private readonly tallies: Record<Side, Tally> = {
    none: { attempted: 0, succeeded: 0 },
    majority: { attempted: 0, succeeded: 0 },
    minority: { attempted: 0, succeeded: 0 },
  }
  private readonly latencies: number[] = []
  private readonly writtenDuringCut = new Map<number, Set<'majority' | 'minority'>>()
  private readonly availability = new SeriesRecorder()
  private window = { settled: 0, succeeded: 0 }
  private staleReads = 0
  private reads = 0
  private writesAcked = 0
  private minorityWritesAcked = 0
  private healedAt: number | null = null
  private convergedAt: number | null = null
  private nextOp = 0

  constructor(
    private readonly p: CapParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    const clients = root.fork()
    this.net = new Network(this.sim, root.fork(), p.replicas, p.latency)
    this.protocol =
      p.mode === 'cp'
        ? new CpProtocol(this.sim, this.net, root.fork(), p)
        : new ApProtocol(this.sim, this.net, p.antiEntropyInterval)
    const issue = (): void => {
      if (p.clientsStopAt > 0 && this.sim.now >= p.clientsStopAt) return
      this.issue({
        id: this.nextOp++,
        node: this.net.ids[clients.int(p.replicas)]!,
        key: clients.int(p.keys),
        read: clients.next() < p.readFraction,
        invokedAt: this.sim.now,
      })
      this.sim.after(exponential(clients, p.opRate), issue)
    }
    this.sim.at(exponential(clients, p.opRate), issue)
    if (p.partitionAt > 0) {
      this.sim.at(p.partitionAt, () => this.partition(this.net.ids.slice(0, p.minoritySize)))
      if (p.healAt > p.partitionAt) this.sim.at(p.healAt, () => this.healPartition())
    }
    this.sim.every(Math.max(horizon / 200, 1e-6), () => {
      // Operations that finished (answered or timed out) in this window: an operation issued in
      // one window may finish in the next, so dividing by those issued could exceed 1.
      if (this.window.settled) this.availability.add(this.sim.now, round(this.window.succeeded / this.window.settled, 4))
      this.window = { settled: 0, succeeded: 0 }
    })
  }

  /** Cut `minority` off from the rest (the panel's dragged cut). */
  partition(minority: readonly string[]): void {
    this.net.cut = new Set(minority.filter((id) => this.net.ids.includes(id)))
    this.net.cutSince = this.sim.now
    this.healedAt = null
    this.convergedAt = null
  }

  healPartition(): void {
    if (this.net.cut.size === 0) return
    this.net.cut = new Set()
    this.net.cutSince = Infinity
    this.healedAt = this.sim.now
    this.convergedAt = null
    const check = (): void => {
      if (this.healedAt === null || this.convergedAt !== null) return
      if (this.protocol.divergentKeys() === 0) this.convergedAt = this.sim.now
      else this.sim.after(Math.min(10, this.p.antiEntropyInterval), check)
    }
    check()
  }

  private side(node: string): Side {
    if (this.net.cut.size === 0) return 'none'
    return this.net.cut.has(node) ? 'minority' : 'majority'
  }

  private issue(op: ClientOp): void {
    const side = this.side(op.node)
    const tally = this.tallies[side]
    tally.attempted++
    // Linearizability, as far as one register per key can show it: a read must not return a
    // version older than the newest write acknowledged before the read was invoked.
    const floor = this.lastAcked.get(op.key) ?? 0
    let settled = false
    const timeout = this.sim.after(this.p.requestTimeout, () => {
      settled = true
      this.window.settled++
    })
    const reply = (ok: boolean, version: number): void => {
      if (settled) return
      settled = true
      timeout.cancelled = true
      this.window.settled++
      if (!ok) return
      tally.succeeded++
      this.window.succeeded++
      this.latencies.push(this.sim.now - op.invokedAt)
      if (op.read) {
        this.reads++
        if (version < floor) this.staleReads++
        return
      }
      this.writesAcked++
      this.lastAcked.set(op.key, Math.max(this.lastAcked.get(op.key) ?? 0, version))
      if (side === 'minority') this.minorityWritesAcked++
      if (side !== 'none') {
        const sides = this.writtenDuringCut.get(op.key) ?? new Set()
        sides.add(side)
        this.writtenDuringCut.set(op.key, sides)
      }
    }
    if (op.read) this.protocol.read(op, reply)
    else this.protocol.write(op, reply)
  }

  fail(nodeId: string): void {
    if (!this.net.isUp(nodeId)) return
    this.net.up.set(nodeId, false)
    this.protocol.crash(nodeId)
  }

  heal(nodeId: string): void {
    if (this.net.isUp(nodeId) || !this.net.ids.includes(nodeId)) return
    this.net.up.set(nodeId, true)
    this.protocol.restart(nodeId)
  }

  state(): RunState {
    return {
      time: this.sim.now,
      nodes: this.net.ids.map((id) => ({
        id,
        label: id,
        kind: 'replica' as const,
        up: this.net.isUp(id),
        queue: 0,
        busy: 0,
        role: this.protocol.role(id),
      })),
      inFlight: this.net.inFlight(),
      partitions: this.net.partitions(),
    }
  }

  metrics(): Metrics {
    const rate = (t: Tally): number | null => (t.attempted ? round(t.succeeded / t.attempted) : null)
    const all = Object.values(this.tallies).reduce(
      (a, t) => ({ attempted: a.attempted + t.attempted, succeeded: a.succeeded + t.succeeded }),
      { attempted: 0, succeeded: 0 },
    )
    const conflicts = [...this.writtenDuringCut.values()].filter((s) => s.size === 2).length
    return {
      time: this.sim.now,
      values: {
        operations: all.attempted,
        availability: rate(all),
        availabilityMajority: rate(this.tallies.majority),
        availabilityMinority: rate(this.tallies.minority),
        reads: this.reads,
        staleReads: this.staleReads,
        writesAcked: this.writesAcked,
        minorityWritesAcked: this.minorityWritesAcked,
        conflicts,
        divergentKeys: this.protocol.divergentKeys(),
        timeToConverge: this.healedAt !== null && this.convergedAt !== null ? round(this.convergedAt - this.healedAt) : null,
        latencyP50: percentile(this.latencies, 0.5),
        latencyP99: percentile(this.latencies, 0.99),
        messagesDelivered: this.net.delivered,
        messagesLost: this.net.lost,
        ...this.protocol.safety(),
      },
      series: { availability: this.availability.series },
      perNode: {},
    }
  }
}
