// What reached users: deliveries per priority, latency histograms (emission to delivery, in
// seconds) and duplicate detection by idempotency key.
import { LogHistogram } from '@/lib/sim/engine'
import type { Note } from './producers'

export class DeliveryLedger {
  delivered = 0
  repeatsDelivered = 0
  duplicatesDelivered = 0
  readonly byPriority = [0, 0, 0]
  readonly latency = [new LogHistogram(), new LogHistogram(), new LogHistogram()]
  /** High-priority latencies and deliveries since the last chart sample. */
  readonly windowHigh = new LogHistogram()
  windowDelivered = 0
  private readonly keys = new Set<number>()

  record(item: Note, now: number): void {
    this.delivered++
    this.windowDelivered++
    this.byPriority[item.priority]!++
    if (item.repeat) this.repeatsDelivered++
    if (this.keys.has(item.key)) this.duplicatesDelivered++
    else this.keys.add(item.key)
    const seconds = (now - item.createdAt) * 60
    this.latency[item.priority]!.add(seconds)
    if (item.priority === 0) this.windowHigh.add(seconds)
  }
}
