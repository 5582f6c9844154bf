// A binary min-heap of events ordered by (time, sequence). The sequence number breaks ties in
// insertion order, so two events at the same instant always run in the order they were
// scheduled, whatever the heap's internal layout: this is what makes runs reproducible.

export type QueuedEvent<T> = { time: number; seq: number; payload: T }

export class EventQueue<T> {
  private heap: QueuedEvent<T>[] = []
  private nextSeq = 0

  get size(): number {
    return this.heap.length
  }

  push(time: number, payload: T): QueuedEvent<T> {
    const event = { time, seq: this.nextSeq++, payload }
    this.heap.push(event)
    this.up(this.heap.length - 1)
    return event
  }

  peek(): QueuedEvent<T> | undefined {
    return this.heap[0]
  }

  pop(): QueuedEvent<T> | undefined {
    const top = this.heap[0]
    const last = this.heap.pop()
    if (top === undefined || last === undefined) return undefined
    if (this.heap.length > 0) {
      this.heap[0] = last
      this.down(0)
    }
    return top
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!
    const b = this.heap[j]!
    return a.time < b.time || (a.time === b.time && a.seq < b.seq)
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!
    this.heap[i] = this.heap[j]!
    this.heap[j] = t
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) return
      this.swap(i, parent)
      i = parent
    }
  }

  private down(i: number): void {
    const n = this.heap.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < n && this.less(l, m)) m = l
      if (r < n && this.less(r, m)) m = r
      if (m === i) return
      this.swap(i, m)
      i = m
    }
  }
}
