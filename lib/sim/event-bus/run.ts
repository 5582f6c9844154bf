// One event-bus run: producers commit business rows and publish events (directly or through a
// transactional outbox) to a partitioned log; consumer groups fold the log into projections.
// Producers, the broker and consumers crash on schedule or when clicked; the run counts what
// each failure costs: lost events, redeliveries, duplicates, and whether a replay of the log
// from offset 0 rebuilds the live state.
import { BaseRun, Rng, SeriesRecorder, Simulation, round, type Flight, type Metrics, type NodeView, type RunState } from '@/lib/sim/engine'
import { Consumer, type ConsumerHost } from './consumer'
import { Group } from './group'
import { LogHistogram } from '@/lib/sim/engine'
import { Broker, type LogRecord } from './log'
import type { EventBusParams } from './params'
import { Producer, type BusEvent, type ProducerHost } from './producer'
import { replay, type ReplayResult } from './replay'

const MAX_FLIGHTS = 80

export class EventBusRun extends BaseRun {
  readonly broker: Broker
  readonly groups: Group[]
  readonly consumers: Consumer[]
  readonly producers: Producer[]
  readonly events: BusEvent[] = []
  lastReplay: ReplayResult | null = null
  private lostEvents = 0
  private ackedLost = 0
  private acked = 0
  private logDuplicates = 0
  private maxLag = 0
  private readonly everAcked = new Set<number>()
  private readonly latency = new LogHistogram({ floor: 1e-4 })
  private readonly flights: Flight[] = []
  private flightSeq = 0
  private readonly series = { lag: new SeriesRecorder(), redeliveries: new SeriesRecorder(), duplicates: new SeriesRecorder(), lostEvents: new SeriesRecorder() }

  constructor(
    private readonly p: EventBusParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    // Separate parents, so the number of producers does not shift the consumers' streams.
    const producerStreams = root.fork()
    const consumerStreams = root.fork()
    this.broker = new Broker(p.partitions, p.durable)
    const host = this.host()
    this.producers = Array.from({ length: p.producers }, (_, i) =>
      new Producer(i, host, { rate: p.eventRate / p.producers, keys: p.keys, outbox: p.outbox, publishDelay: p.publishDelay, relayInterval: p.relayInterval }, producerStreams.fork()),
    )
    this.groups = Array.from({ length: p.groups }, (_, g) => new Group(g, p.partitions, p.keys, p.idempotent))
    const cfg = { delivery: p.delivery, batchSize: p.batchSize, processTime: p.processTime, failureRate: p.handlerFailureRate, maxRetries: p.maxRetries, retryBackoff: p.retryBackoff, commitInterval: p.commitInterval }
    this.consumers = this.groups.flatMap((group) => {
      const streams = consumerStreams.fork()
      return Array.from({ length: p.consumersPerGroup }, (_, c) => {
        const owned = Array.from({ length: p.partitions }, (_, q) => q).filter((q) => q % p.consumersPerGroup === c)
        return new Consumer(group, c, owned, host, cfg, streams.fork())
      })
    })
    if (!p.durable) this.sim.every(p.flushInterval, () => this.broker.flush())
    this.schedule(p.consumerCrashAt, p.consumerRestartDelay, 'g0-c0')
    this.schedule(p.producerCrashAt, p.producerDowntime, 'producer-0')
    this.schedule(p.brokerCrashAt, p.brokerDowntime, 'broker')
    if (p.replayAt > 0) this.sim.at(p.replayAt, () => (this.lastReplay = this.replay(0)))
    const interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(interval, () => {
      const lag = this.groupLag(0)
      this.maxLag = Math.max(this.maxLag, lag)
      const t = this.sim.now
      this.series.lag.add(t, lag)
      this.series.redeliveries.add(t, this.total('redeliveries'))
      this.series.duplicates.add(t, this.total('duplicates'))
      this.series.lostEvents.add(t, this.lostEvents)
    })
  }

  private schedule(at: number, downFor: number, node: string): void {
    if (at <= 0) return
    this.sim.at(at, () => this.fail(node))
    this.sim.at(at + downFor, () => this.heal(node))
  }

  private host(): ProducerHost & ConsumerHost {
    return {
      sim: this.sim,
      broker: this.broker,
      commit: (producer, key, amount) => {
        const event = { id: this.events.length, key, amount, producer, committedAt: this.sim.now, copies: 0, lost: false }
        this.events.push(event)
        return event
      },
      appended: (event, _record: LogRecord) => {
        if (event.copies === 0) this.acked++
        else this.logDuplicates++
        this.everAcked.add(event.id)
        event.copies++
        // A request already on the wire when its producer died can still land.
        if (event.lost) {
          event.lost = false
          this.lostEvents--
        }
      },
      dropped: (event) => {
        event.lost = true
        this.lostEvents++
      },
      amountOf: (id) => this.events[id]!.amount,
      firstApplied: (group, id) => {
        if (group === 0) this.latency.add(this.sim.now - this.events[id]!.committedAt)
      },
      flight: (kind, from, to, sentAt, arriveAt) => {
        this.flights.push({ id: `f${this.flightSeq++}`, kind, from, to, sentAt, arriveAt })
        if (this.flights.length > MAX_FLIGHTS) this.flights.shift()
      },
    }
  }

  /** Rebuild a group's projection from offset 0 and compare it with the live one. */
  replay(group: number): ReplayResult {
    return replay(this.groups[group]!, this.broker, (id) => this.events[id]!.amount, this.sim.now)
  }

  /** Events the broker acknowledged that are no longer anywhere in the log (a full scan). */
  auditAcked(): number {
    const inLog = new Set<number>()
    for (const part of this.broker.partitions) for (const r of part.records) inLog.add(r.eventId)
    let missing = 0
    for (const id of this.everAcked) if (!inLog.has(id)) missing++
    return missing
  }

  groupLag(g: number): number {
    return this.consumers.filter((c) => c.group.index === g).reduce((a, c) => a + c.lag(), 0)
  }

  private total(k: keyof Group['count']): number {
    return this.groups.reduce((a, g) => a + g.count[k], 0)
  }

  fail(nodeId: string): void {
    if (nodeId === 'broker') {
      if (!this.broker.up) return
      for (const r of this.broker.crash()) {
        const event = this.events[r.eventId]!
        event.copies--
        if (event.copies === 0) {
          event.lost = true
          this.lostEvents++
          this.ackedLost++
        }
      }
      return
    }
    this.producers.find((x) => x.id === nodeId)?.crash()
    this.consumers.find((x) => x.id === nodeId)?.crash()
  }

  heal(nodeId: string): void {
    if (nodeId === 'broker') return this.broker.restart()
    this.producers.find((x) => x.id === nodeId)?.restart()
    this.consumers.find((x) => x.id === nodeId)?.restart()
  }

  state(): RunState {
    const now = this.sim.now
    const nodes: NodeView[] = [
      ...this.producers.map((x) => ({
        id: x.id, label: `producer ${x.index}`, kind: 'service' as const, up: x.up,
        queue: this.p.outbox ? x.outbox.length : x.pending.size, busy: 0, role: this.p.outbox ? 'outbox + relay' : 'dual write',
      })),
      { id: 'broker', label: 'broker', kind: 'pubsub', up: this.broker.up, queue: this.broker.unflushed(), busy: this.broker.length(), role: this.p.durable ? 'durable log' : 'page cache' },
      ...this.broker.partitions.map((part, i) => ({ id: `log-${i}`, label: `partition ${i}`, kind: 'storage' as const, up: this.broker.up, queue: part.records.length - part.flushed, busy: part.records.length })),
      ...this.consumers.map((c) => ({
        id: c.id, label: `group ${c.group.index} consumer ${c.slot}`, kind: 'worker' as const, up: c.up,
        queue: c.lag(), busy: c.busy ? 1 : 0, role: c.owned.length === 0 ? 'idle' : `g${c.group.index}`,
      })),
    ]
    return { time: now, nodes, inFlight: this.flights.filter((f) => (f.arriveAt ?? now) >= now), partitions: [] }
  }

  metrics(): Metrics {
    const lag = this.groupLag(0)
    const r = this.lastReplay
    const ms = (x: number | null): number | null => (x === null ? null : round(x * 1000, 3))
    return {
      time: this.sim.now,
      values: {
        committed: this.events.length,
        refused: this.producers.reduce((a, x) => a + x.refused, 0),
        acked: this.acked,
        logRecords: this.broker.length(),
        logDuplicates: this.logDuplicates,
        lostEvents: this.lostEvents,
        ackedLost: this.ackedLost,
        outboxPending: this.producers.reduce((a, x) => a + x.outbox.length, 0),
        lag,
        maxLag: Math.max(this.maxLag, lag),
        delivered: this.total('delivered'),
        redeliveries: this.total('redeliveries'),
        redeliveredApplied: this.total('redeliveredApplied'),
        duplicates: this.total('duplicates'),
        duplicatesSuppressed: this.total('suppressed'),
        skipped: this.total('skipped'),
        retries: this.total('retries'),
        deadLettered: this.total('deadLettered'),
        latencyP50: ms(this.latency.quantile(0.5)),
        latencyP99: ms(this.latency.quantile(0.99)),
        replayedStateEqualsLive: r === null ? null : r.equal ? 1 : 0,
        replayMismatchKeys: r?.mismatchKeys ?? null,
        replayExcessApplications: r?.excessApplications ?? null,
      },
      series: {
        lag: this.series.lag.series,
        redeliveries: this.series.redeliveries.series,
        duplicates: this.series.duplicates.series,
        lostEvents: this.series.lostEvents.series,
      },
      perNode: Object.fromEntries([
        ...this.consumers.map((c) => [c.id, { processed: c.processed, lag: c.lag() }]),
        ...this.broker.partitions.map((part, i) => [`log-${i}`, { records: part.records.length }]),
        ...this.producers.map((x) => [x.id, { refused: x.refused }]),
      ]),
    }
  }
}
