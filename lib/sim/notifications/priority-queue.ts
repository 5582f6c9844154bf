// The work queue: three FIFO lanes taken highest first, or one FIFO lane for comparison. Every
// pick is audited: taking an item while a higher-priority one waits is a violation.

export type Priority = 0 | 1 | 2 // high, normal, low
export const PRIORITY_NAMES = ['high', 'normal', 'low'] as const

type Entry<T> = { item: T; seq: number }
type Lane<T> = { entries: Entry<T>[]; head: number }

export class WorkQueue<T extends { priority: Priority }> {
  private readonly lanes: Lane<T>[]
  private seq = 0
  /** Items waiting per priority, whatever the discipline. */
  readonly waitingBy: [number, number, number] = [0, 0, 0]
  violations = 0
  /** High items taken ahead of an older waiting low item: the queue actually reordered work. */
  overtakes = 0

  constructor(private readonly discipline: 'priority' | 'fifo') {
    this.lanes = Array.from({ length: discipline === 'priority' ? 3 : 1 }, () => ({ entries: [], head: 0 }))
  }

  get length(): number {
    return this.waitingBy[0] + this.waitingBy[1] + this.waitingBy[2]
  }

  push(item: T): void {
    const lane = this.lanes[this.discipline === 'priority' ? item.priority : 0]!
    lane.entries.push({ item, seq: this.seq++ })
    this.waitingBy[item.priority]++
  }

  pop(): T | undefined {
    const lane = this.lanes.find((l) => l.head < l.entries.length)
    if (!lane) return undefined
    const { item, seq } = lane.entries[lane.head++]!
    if (lane.head > 1024 && lane.head * 2 > lane.entries.length) {
      lane.entries.splice(0, lane.head)
      lane.head = 0
    }
    this.waitingBy[item.priority]--
    for (let p = 0; p < item.priority; p++) if (this.waitingBy[p]! > 0) this.violations++
    const low = this.lanes[2]
    if (item.priority === 0 && low && low.head < low.entries.length && low.entries[low.head]!.seq < seq) this.overtakes++
    return item
  }
}
