// The broker's partitioned, append-only log. A record is visible to consumers only once it is
// flushed (Kafka's high watermark plays this role), so a crash can truncate records that some
// producer was told were stored, but never records a consumer has already read.

export type LogRecord = { eventId: number; key: number; offset: number; appendedAt: number }

export class Partition {
  readonly records: LogRecord[] = []
  /** Records [0, flushed) are on disk and visible; the rest sit in the page cache. */
  flushed = 0
}

export class Broker {
  up = true
  readonly partitions: Partition[]
  /** Records truncated by crashes, i.e. acknowledged to a producer and then lost. */
  truncated = 0
  appended = 0

  constructor(
    partitions: number,
    private readonly durable: boolean,
  ) {
    this.partitions = Array.from({ length: partitions }, () => new Partition())
  }

  partitionOf(key: number): number {
    return key % this.partitions.length
  }

  /** Append and acknowledge; a durable log fsyncs first, so the ack implies the record is safe. */
  append(eventId: number, key: number, now: number): LogRecord | null {
    if (!this.up) return null
    const part = this.partitions[this.partitionOf(key)]!
    const record = { eventId, key, offset: part.records.length, appendedAt: now }
    part.records.push(record)
    if (this.durable) part.flushed = part.records.length
    this.appended++
    return record
  }

  flush(): void {
    if (!this.up) return
    for (const part of this.partitions) part.flushed = part.records.length
  }

  /** Crash: the page cache is gone, every unflushed record with it. Returns the lost records. */
  crash(): LogRecord[] {
    this.up = false
    const lost: LogRecord[] = []
    for (const part of this.partitions) {
      lost.push(...part.records.splice(part.flushed))
    }
    this.truncated += lost.length
    return lost
  }

  restart(): void {
    this.up = true
  }

  visibleEnd(p: number): number {
    return this.partitions[p]!.flushed
  }

  unflushed(): number {
    return this.partitions.reduce((a, part) => a + part.records.length - part.flushed, 0)
  }

  length(): number {
    return this.partitions.reduce((a, part) => a + part.records.length, 0)
  }
}
