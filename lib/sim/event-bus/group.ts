// A consumer group's shared state: committed offsets (in the broker), and the projection the
// handlers build (in the group's own store, which survives a consumer crash). The handler adds
// each event's amount to its key's balance; the idempotent variant stores processed event ids
// with the balances, so a repeat is recognised and skipped.

export type Delivery = 'at-least-once' | 'at-most-once'

export class Group {
  readonly committed: number[]
  /** One past the highest offset ever delivered, per partition: below it is a redelivery. */
  readonly maxDelivered: number[]
  /** One past the highest offset handled (applied, skipped as a repeat or dead-lettered). */
  readonly handledEnd: number[]
  /** Offsets applied at least once, per partition (the oracle behind redeliveredApplied). */
  readonly appliedOffsets: Uint8Array[]
  readonly balances: number[]
  readonly applications: number[]
  private readonly processedIds = new Set<number>()
  private readonly timesApplied = new Map<number, number>()
  readonly count = { delivered: 0, redeliveries: 0, redeliveredApplied: 0, applied: 0, duplicates: 0, suppressed: 0, skipped: 0, retries: 0, deadLettered: 0 }

  constructor(
    readonly index: number,
    partitions: number,
    keys: number,
    readonly idempotent: boolean,
  ) {
    this.committed = Array.from({ length: partitions }, () => 0)
    this.maxDelivered = Array.from({ length: partitions }, () => 0)
    this.handledEnd = Array.from({ length: partitions }, () => 0)
    this.appliedOffsets = Array.from({ length: partitions }, () => new Uint8Array(1024))
    this.balances = Array.from({ length: keys }, () => 0)
    this.applications = Array.from({ length: keys }, () => 0)
  }

  deliver(partition: number, offset: number): void {
    this.count.delivered++
    if (offset < this.maxDelivered[partition]!) {
      this.count.redeliveries++
      if (this.wasApplied(partition, offset)) this.count.redeliveredApplied++
    } else this.maxDelivered[partition] = offset + 1
  }

  /** Run the handler; returns true when the state changed (first effect of this event). */
  apply(partition: number, offset: number, eventId: number, key: number, amount: number): boolean {
    this.handled(partition, offset)
    if (this.idempotent) {
      if (this.processedIds.has(eventId)) {
        this.count.suppressed++
        return false
      }
      this.processedIds.add(eventId)
    }
    const before = this.timesApplied.get(eventId) ?? 0
    this.timesApplied.set(eventId, before + 1)
    if (before > 0) this.count.duplicates++
    this.count.applied++
    this.balances[key]! += amount
    this.applications[key]!++
    this.markApplied(partition, offset)
    return before === 0
  }

  handled(partition: number, offset: number): void {
    this.handledEnd[partition] = Math.max(this.handledEnd[partition]!, offset + 1)
  }

  private wasApplied(partition: number, offset: number): boolean {
    const bits = this.appliedOffsets[partition]!
    return offset < bits.length && bits[offset] === 1
  }

  private markApplied(partition: number, offset: number): void {
    let bits = this.appliedOffsets[partition]!
    if (offset >= bits.length) {
      const grown = new Uint8Array(Math.max(bits.length * 2, offset + 1))
      grown.set(bits)
      bits = grown
      this.appliedOffsets[partition] = bits
    }
    bits[offset] = 1
  }
}
