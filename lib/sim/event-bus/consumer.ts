// One consumer in a group: it owns some partitions, fetches batches from its in-memory
// positions and runs the handler on each record. The delivery guarantee is only where the
// offset is committed: at fetch (at most once: a crash skips the rest of the batch) or after
// the batch (at least once: a crash replays the batch, including records already applied).
import { exponential, type Rng, type Simulation } from '@/lib/sim/engine'
import type { Delivery, Group } from './group'
import type { Broker, LogRecord } from './log'

export interface ConsumerHost {
  readonly sim: Simulation
  readonly broker: Broker
  amountOf(eventId: number): number
  /** First application of an event in this group: end-to-end latency is measured here. */
  firstApplied(group: number, eventId: number): void
  flight(kind: string, from: string, to: string, sentAt: number, arriveAt: number): void
}

export type ConsumerConfig = {
  delivery: Delivery
  batchSize: number
  processTime: number
  failureRate: number
  maxRetries: number
  retryBackoff: number
  commitInterval: number
}

/** How long an idle consumer waits before fetching again (a long poll). */
const POLL_INTERVAL = 0.05

export class Consumer {
  up = true
  processed = 0
  readonly id: string
  private epoch = 0
  private readonly position = new Map<number, number>()
  /** One past the last record handled, per owned partition: what an offset commit records. */
  private readonly done = new Map<number, number>()
  private batch: LogRecord[] = []
  private index = 0
  private partition = 0
  private rr = 0

  constructor(
    readonly group: Group,
    readonly slot: number,
    readonly owned: readonly number[],
    private readonly host: ConsumerHost,
    private readonly cfg: ConsumerConfig,
    private readonly rng: Rng,
  ) {
    this.id = `g${group.index}-c${slot}`
    if (cfg.delivery === 'at-least-once' && cfg.commitInterval > 0 && owned.length > 0) {
      host.sim.every(cfg.commitInterval, () => this.commit())
    }
    this.resume()
  }

  /** At least once: everything handled so far is safe to skip on restart. */
  private commit(): void {
    if (!this.up) return
    for (const [p, end] of this.done) this.group.committed[p] = Math.max(this.group.committed[p]!, end)
  }

  get busy(): boolean {
    return this.index < this.batch.length
  }

  /** Records waiting in this consumer's partitions beyond the group's committed offsets. */
  lag(): number {
    return this.owned.reduce((a, p) => a + this.host.broker.partitions[p]!.records.length - this.group.committed[p]!, 0)
  }

  private resume(): void {
    for (const p of this.owned) {
      this.position.set(p, this.group.committed[p]!)
      this.done.set(p, this.group.committed[p]!)
    }
    this.poll()
  }

  private poll(): void {
    if (!this.up || this.owned.length === 0) return
    const { broker, sim } = this.host
    const epoch = this.epoch
    for (let i = 0; i < this.owned.length && broker.up; i++) {
      const p = this.owned[(this.rr + i) % this.owned.length]!
      const from = this.position.get(p)!
      const end = Math.min(broker.visibleEnd(p), from + this.cfg.batchSize)
      if (end <= from) continue
      this.rr = (this.rr + i + 1) % this.owned.length
      this.partition = p
      this.batch = broker.partitions[p]!.records.slice(from, end)
      this.index = 0
      this.position.set(p, end)
      for (const r of this.batch) this.group.deliver(p, r.offset)
      if (this.cfg.delivery === 'at-most-once') this.group.committed[p] = end
      this.host.flight('fetch', 'broker', this.id, sim.now, sim.now + this.cfg.processTime)
      return this.work(epoch, 0)
    }
    sim.after(POLL_INTERVAL, () => {
      if (epoch === this.epoch) this.poll()
    })
  }

  private work(epoch: number, attempt: number): void {
    const { sim } = this.host
    if (this.index >= this.batch.length) {
      if (this.cfg.delivery === 'at-least-once' && this.cfg.commitInterval === 0) this.commit()
      this.batch = []
      this.index = 0
      return this.poll()
    }
    sim.after(exponential(this.rng, 1 / this.cfg.processTime), () => {
      if (epoch !== this.epoch) return
      const record = this.batch[this.index]!
      // Transient failures happen before the handler's effect, so a retry is never a repeat.
      if (this.rng.next() < this.cfg.failureRate) {
        if (attempt < this.cfg.maxRetries) {
          this.group.count.retries++
          sim.after(this.cfg.retryBackoff, () => {
            if (epoch === this.epoch) this.work(epoch, attempt + 1)
          })
          return
        }
        this.group.count.deadLettered++
        this.group.handled(this.partition, record.offset)
      } else {
        const first = this.group.apply(this.partition, record.offset, record.eventId, record.key, this.host.amountOf(record.eventId))
        if (first) this.host.firstApplied(this.group.index, record.eventId)
        this.processed++
      }
      this.index++
      this.done.set(this.partition, record.offset + 1)
      this.work(epoch, 0)
    })
  }

  crash(): void {
    if (!this.up) return
    this.up = false
    this.epoch++
    // At most once: the offset already moved past these records, so nobody will see them.
    if (this.cfg.delivery === 'at-most-once') this.group.count.skipped += this.batch.length - this.index
    this.batch = []
    this.index = 0
  }

  restart(): void {
    if (this.up) return
    this.up = true
    this.resume()
  }
}
