// Counters, chart series, the animation state and the metrics of a chat run. Everything the
// panel reads each frame is kept incrementally: metrics() is O(servers + series), and the
// reconnect times are re-sorted only when a new one has arrived.
import { SeriesRecorder, percentile, round, type Flight, type Metrics, type RunState, type Simulation } from '@/lib/sim/engine'
import type { InboxTotals } from './client'
import type { ChatRun } from './run'
import { expectedFanout } from './theory'

export class ChatStats {
  messages = 0
  deliveries = 0
  pubsub = 0
  lookups = 0
  refused = 0
  resent = 0
  missed = 0
  deliveredAfterResync = 0
  reconnecting = 0
  readonly inboxes: InboxTotals = { outOfOrder: 0, duplicates: 0, heldBack: 0 }
  private readonly reconnects: number[] = []
  private sortedReconnects: Float64Array | null = null
  private readonly flights: Flight[] = []
  private nextFlight = 0
  private window = { pubsub: 0, messages: 0, at: 0 }
  private lastRates = { pubsub: 0, messages: 0 }
  private readonly interval: number
  private readonly series = { pubsubPerSecond: new SeriesRecorder(), messagesPerSecond: new SeriesRecorder(), connected: new SeriesRecorder(), reconnecting: new SeriesRecorder(), fanoutPerMessage: new SeriesRecorder(), theoryFanout: new SeriesRecorder() }

  constructor(
    private readonly sim: Simulation,
    private readonly run: ChatRun,
    horizon: number,
  ) {
    this.interval = Math.max(horizon / 200, 1e-6)
    sim.every(this.interval, () => this.sample())
  }

  crossed(): void {
    this.pubsub++
    this.window.pubsub++
  }

  reconnected(seconds: number): void {
    this.reconnects.push(seconds)
    this.sortedReconnects = null
  }

  reconnectPercentile(q: number): number | null {
    this.sortedReconnects ??= Float64Array.from(this.reconnects).sort()
    return percentile(this.sortedReconnects, q)
  }

  flight(kind: string, from: string, to: string, arriveAt: number): void {
    this.flights.push({ id: `f${this.nextFlight++}`, kind, from, to, sentAt: this.sim.now, arriveAt })
    if (this.flights.length > 80) this.flights.shift()
  }

  private counts(): { connected: number; reconnecting: number; offline: number } {
    const out = { connected: 0, reconnecting: 0, offline: 0 }
    for (const s of this.run.servers) out.connected += s.connections
    out.reconnecting = this.reconnecting
    out.offline = this.run.clients.length - out.connected - out.reconnecting
    return out
  }

  /** Expected pub/sub crossings per message with the servers the registry holds now. */
  private theoryFanout(): number {
    const p = this.run.p
    return p.connectBy === 'room' ? 0 : expectedFanout(this.run.placement.live.length, p.clientsPerRoom)
  }

  private sample(): void {
    const now = this.sim.now
    const span = now - this.window.at
    this.lastRates = { pubsub: this.window.pubsub / span, messages: (this.messages - this.window.messages) / span }
    const counts = this.counts()
    this.series.pubsubPerSecond.add(now, round(this.lastRates.pubsub, 3))
    this.series.messagesPerSecond.add(now, round(this.lastRates.messages, 3))
    this.series.connected.add(now, counts.connected)
    this.series.reconnecting.add(now, counts.reconnecting)
    const sent = this.messages - this.window.messages
    if (sent > 0) {
      this.series.fanoutPerMessage.add(now, round(this.window.pubsub / sent, 4))
      this.series.theoryFanout.add(now, round(this.theoryFanout(), 4))
    }
    this.window = { pubsub: 0, messages: this.messages, at: now }
  }

  state(): RunState {
    const run = this.run
    const now = this.sim.now
    const counts = this.counts()
    const most = Math.max(1, ...run.servers.map((s) => s.connections))
    return {
      time: now,
      nodes: [
        { id: 'clients', label: `${run.clients.length} clients`, kind: 'client', up: true, queue: counts.reconnecting, busy: counts.connected, role: `${counts.reconnecting} reconnecting` },
        { id: 'lookup', label: 'Lookup', kind: 'service', up: true, queue: 0, busy: 0, role: `${run.placement.live.length} in registry` },
        { id: 'pubsub', label: 'Pub/sub', kind: 'pubsub', up: true, queue: 0, busy: 0, role: `${round(this.lastRates.pubsub, 1)} msg/s` },
        ...run.servers.map((s) => ({
          id: s.id,
          label: s.id,
          kind: 'server' as const,
          up: s.up,
          queue: 0,
          busy: s.connections,
          gauge: s.connections / most,
          role: !s.up && run.placement.live.includes(s.id) ? 'dead, lookup still names it' : `${s.members.size} rooms`,
        })),
      ],
      inFlight: this.flights.filter((f) => (f.arriveAt ?? 0) >= now),
      partitions: [],
    }
  }

  metrics(): Metrics {
    const run = this.run
    const p = run.p
    const counts = this.counts()
    const inboxes = this.inboxes
    const ms = (x: number | null): number | null => (x === null ? null : round(x * 1000, 3))
    const s = (x: number | null): number | null => (x === null ? null : round(x, 4))
    return {
      time: this.sim.now,
      values: {
        clients: run.clients.length,
        connected: counts.connected,
        reconnecting: counts.reconnecting,
        offline: counts.offline,
        messages: this.messages,
        deliveries: this.deliveries,
        pubsubMessages: this.pubsub,
        pubsubRate: round(this.lastRates.pubsub, 3),
        fanoutPerMessage: this.messages > 0 ? round(this.pubsub / this.messages, 4) : null,
        theoryFanout: round(this.theoryFanout(), 4),
        deliveryP50: ms(run.delivery.quantile(0.5)),
        deliveryP99: ms(run.delivery.quantile(0.99)),
        reconnects: this.reconnects.length,
        reconnectP50: s(this.reconnectPercentile(0.5)),
        reconnectP99: s(this.reconnectPercentile(0.99)),
        lookups: this.lookups,
        refusedConnects: this.refused,
        keysMoved: run.totals.moved,
        keysOnFailedServer: run.totals.onServer,
        keysMovedWrongly: run.totals.movedWrongly,
        keysMovedBack: run.totals.movedBack,
        outOfOrder: inboxes.outOfOrder,
        duplicatesDropped: inboxes.duplicates,
        heldBack: inboxes.heldBack,
        missedWhileDisconnected: this.missed,
        deliveredAfterResync: this.deliveredAfterResync,
        resent: this.resent,
      },
      series: {
        pubsubPerSecond: this.series.pubsubPerSecond.series,
        messagesPerSecond: this.series.messagesPerSecond.series,
        connected: this.series.connected.series,
        reconnecting: this.series.reconnecting.series,
        fanoutPerMessage: this.series.fanoutPerMessage.series,
        theoryFanout: this.series.theoryFanout.series,
      },
      perNode: Object.fromEntries(run.servers.map((sv) => [sv.id, { connections: sv.connections, rooms: sv.members.size, pubsubOut: sv.pubsubOut, pubsubIn: sv.pubsubIn }])),
    }
  }
}
