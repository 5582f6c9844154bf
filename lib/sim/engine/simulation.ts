// The discrete-event core: a clock and an event queue. Model time only moves when an event
// runs, so a run can be stepped one event at a time (the panel) or run to a horizon (tests,
// CLI) with identical results.
import { EventQueue } from './event-queue'

export type Action = () => void

/** A scheduled event; cancelling it makes the core skip it when its time comes. */
export type EventHandle = { readonly time: number; cancelled: boolean }

type Scheduled = { handle: EventHandle; action: Action }

export class Simulation {
  private _now = 0
  private readonly queue = new EventQueue<Scheduled>()
  private _processed = 0

  get now(): number {
    return this._now
  }

  /** Events run so far (cancelled ones excluded). */
  get processed(): number {
    return this._processed
  }

  get pending(): number {
    return this.queue.size
  }

  /** Schedule `action` at absolute time `time` (never in the past). */
  at(time: number, action: Action): EventHandle {
    if (!(time >= this._now)) throw new RangeError(`cannot schedule at ${time}, now is ${this._now}`)
    const handle = { time, cancelled: false }
    this.queue.push(time, { handle, action })
    return handle
  }

  after(delay: number, action: Action): EventHandle {
    return this.at(this._now + Math.max(0, delay), action)
  }

  /** Time of the next live event, or Infinity. */
  nextTime(): number {
    for (;;) {
      const top = this.queue.peek()
      if (top === undefined) return Infinity
      if (!top.payload.handle.cancelled) return top.time
      this.queue.pop()
    }
  }

  /** Run the next live event. Returns false when the queue is empty. */
  step(): boolean {
    for (;;) {
      const event = this.queue.pop()
      if (event === undefined) return false
      if (event.payload.handle.cancelled) continue
      this._now = event.time
      this._processed++
      event.payload.action()
      return true
    }
  }

  /** Run every event with time <= `time`, then set the clock to `time`. */
  runUntil(time: number): void {
    while (this.nextTime() <= time) this.step()
    if (time > this._now) this._now = time
  }

  /** Schedule `action` every `interval` from `start` until `end` (inclusive). */
  every(interval: number, action: Action, start = interval, end = Infinity): void {
    const tick = (t: number): void => {
      if (t > end) return
      this.at(t, () => {
        action()
        tick(t + interval)
      })
    }
    tick(Math.max(start, this._now))
  }
}

/** A failure or recovery injected at a fixed model time. */
export type Injection = { at: number; node: string; action: 'fail' | 'heal' }

export function inject(
  sim: Simulation,
  injections: readonly Injection[],
  target: { fail(node: string): void; heal(node: string): void },
): void {
  for (const i of injections) sim.at(i.at, () => (i.action === 'fail' ? target.fail(i.node) : target.heal(i.node)))
}
