// A producer service with its own database. Each business operation commits a row; the event
// then reaches the log either by a direct publish from memory (a dual write: a crash between
// the commit and the broker's ack loses it) or through the transactional outbox (the event row
// commits with the business row, and a relay publishes from the table until acknowledged).
import { exponential, type Rng, type Simulation } from '@/lib/sim/engine'
import type { Broker, LogRecord } from './log'

export type BusEvent = {
  id: number
  key: number
  amount: number
  producer: number
  committedAt: number
  /** Copies in the log (a relay that crashes before marking a row sent publishes it again). */
  copies: number
  lost: boolean
}

export interface ProducerHost {
  readonly sim: Simulation
  readonly broker: Broker
  commit(producer: number, key: number, amount: number): BusEvent
  appended(event: BusEvent, record: LogRecord): void
  /** A committed event that will never reach the log: the dual-write inconsistency. */
  dropped(event: BusEvent): void
  flight(kind: string, from: string, to: string, sentAt: number, arriveAt: number): void
}

export type ProducerConfig = { rate: number; keys: number; outbox: boolean; publishDelay: number; relayInterval: number }

const RELAY_BATCH = 100

export class Producer {
  up = true
  refused = 0
  readonly id: string
  /** Unsent outbox rows, oldest first (outbox mode only). */
  readonly outbox: BusEvent[] = []
  /** Events held in memory until the broker acks them (direct mode only). */
  readonly pending = new Set<BusEvent>()
  private epoch = 0
  private relayBusy = false

  constructor(
    readonly index: number,
    private readonly host: ProducerHost,
    private readonly cfg: ProducerConfig,
    private readonly arrivals: Rng,
  ) {
    this.id = `producer-${index}`
    const next = (): void => {
      this.operation()
      host.sim.after(exponential(arrivals, cfg.rate), next)
    }
    host.sim.at(exponential(arrivals, cfg.rate), next)
    if (cfg.outbox) host.sim.every(cfg.relayInterval, () => this.relay())
  }

  private operation(): void {
    // The key and amount are drawn even when the service is down, so a crash does not shift
    // the traffic that follows it (common random numbers across crash settings).
    const key = this.arrivals.int(this.cfg.keys)
    const amount = 1 + this.arrivals.int(100)
    if (!this.up) return void this.refused++
    const event = this.host.commit(this.index, key, amount)
    if (this.cfg.outbox) this.outbox.push(event)
    else this.publish(event)
  }

  private publish(event: BusEvent): void {
    const { sim, broker } = this.host
    const epoch = this.epoch
    const d = this.cfg.publishDelay
    this.pending.add(event)
    // The first half of the round trip is the send buffer (linger, batching): a crash there
    // loses the event. Once on the wire it reaches the broker even if this process dies.
    sim.after(d / 2, () => {
      if (epoch !== this.epoch) return
      this.host.flight('publish', this.id, 'broker', sim.now, sim.now + d / 4)
      sim.after(d / 4, () => {
        const record = broker.append(event.id, event.key, sim.now)
        if (record) this.host.appended(event, record)
        sim.after(d / 4, () => {
          if (record) return void this.pending.delete(event)
          if (epoch !== this.epoch) return
          // Broker down: retry from memory.
          this.publish(event)
        })
      })
    })
  }

  private relay(): void {
    if (!this.up || this.relayBusy || this.outbox.length === 0) return
    const { sim, broker } = this.host
    const epoch = this.epoch
    const batch = this.outbox.slice(0, RELAY_BATCH)
    const half = this.cfg.publishDelay / 2
    this.relayBusy = true
    this.host.flight('relay', this.id, 'broker', sim.now, sim.now + half)
    sim.after(half, () => {
      const sent = new Set<BusEvent>()
      for (const event of batch) {
        const record = broker.append(event.id, event.key, sim.now)
        if (record) {
          this.host.appended(event, record)
          sent.add(event)
        }
      }
      sim.after(half, () => {
        // A relay that died before marking the rows sent will publish them again: at least once.
        if (epoch !== this.epoch) return
        this.relayBusy = false
        for (let i = this.outbox.length - 1; i >= 0; i--) if (sent.has(this.outbox[i]!)) this.outbox.splice(i, 1)
      })
    })
  }

  crash(): void {
    if (!this.up) return
    this.up = false
    this.epoch++
    this.relayBusy = false
    // Direct mode: whatever is only in memory is gone. Requests already on the wire may still
    // land; those that do not are dropped when their reply comes back to a dead process.
    for (const event of this.pending) {
      if (event.copies === 0) this.host.dropped(event)
    }
    this.pending.clear()
  }

  restart(): void {
    this.up = true
  }
}
