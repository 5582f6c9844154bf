// A Clock (server/clock.ts) driven by hand: timers fire only inside advance(), in time order,
// with pending promise callbacks run between them, so timing tests are exact and instant.
import type { Clock, TimerHandle } from '@/server/clock'

type Timer = { id: number; at: number; fn: () => void }

export class FakeClock implements Clock {
  #now: number
  #nextId = 1
  readonly #timers = new Map<number, Timer>()

  constructor(start = 1_700_000_000_000) {
    this.#now = start
  }

  readonly now = (): number => this.#now

  readonly setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const id = this.#nextId++
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), fn })
    return id
  }

  readonly clearTimeout = (handle: TimerHandle): void => {
    this.#timers.delete(handle as number)
  }

  get pending(): number {
    return this.#timers.size
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms
    for (;;) {
      await settle()
      const next = [...this.#timers.values()].filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!next) break
      this.#timers.delete(next.id)
      this.#now = next.at
      next.fn()
    }
    this.#now = until
    await settle()
  }
}

/** Lets queued promise callbacks (a few hops deep) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}
