// Time and timers as a dependency, so tests can count a room's live timers (a room must leave
// none behind when it unloads) and could drive time by hand.
export type TimerHandle = unknown

export type Clock = {
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    // A pending flush or heartbeat must not keep a test process (or a stopped server) alive.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * The timers one owner (a room, a node) has armed. `clearAll` cancels every one of them and
 * resolves pending `sleep`s early, so a loop waiting in a sleep can notice it was shut down.
 */
export class TimerSet {
  readonly #pending = new Map<TimerHandle, () => void>()
  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.#pending.size
  }

  timeout(fn: () => void, ms: number): () => void {
    const handle = this.clock.setTimeout(() => {
      this.#pending.delete(handle)
      fn()
    }, ms)
    const cancel = (): void => {
      if (this.#pending.delete(handle)) this.clock.clearTimeout(handle)
    }
    this.#pending.set(handle, () => this.clock.clearTimeout(handle))
    return cancel
  }

  /** Calls `fn` every `ms` until the returned function or clearAll cancels it. */
  interval(fn: () => void, ms: number): () => void {
    let cancelCurrent: () => void = () => {}
    let stopped = false
    const arm = (): void => {
      cancelCurrent = this.timeout(() => {
        if (stopped) return
        arm()
        fn()
      }, ms)
    }
    arm()
    return () => {
      stopped = true
      cancelCurrent()
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.#pending.delete(handle)
        resolve()
      }, ms)
      this.#pending.set(handle, () => {
        this.clock.clearTimeout(handle)
        resolve()
      })
    })
  }

  clearAll(): void {
    const cancels = [...this.#pending.values()]
    this.#pending.clear()
    for (const cancel of cancels) cancel()
  }
}
