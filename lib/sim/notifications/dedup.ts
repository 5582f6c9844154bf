// Idempotency keys remembered for a window: a key seen again inside it is an exact repeat and
// is dropped. Keys expire in arrival order, so memory is bounded by the keys of one window.

export class DedupWindow {
  private readonly seen = new Map<number, number>()
  private readonly order: { key: number; time: number }[] = []
  private head = 0

  constructor(private readonly window: number) {}

  /** True if `key` was seen within the window (a repeat); otherwise remembers it. */
  check(key: number, now: number): boolean {
    while (this.head < this.order.length && this.order[this.head]!.time < now - this.window) {
      const old = this.order[this.head++]!
      if (this.seen.get(old.key) === old.time) this.seen.delete(old.key)
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head)
      this.head = 0
    }
    if (this.seen.has(key)) return true
    this.seen.set(key, now)
    this.order.push({ key, time: now })
    return false
  }

  get size(): number {
    return this.seen.size
  }
}
