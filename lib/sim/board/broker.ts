// What a queue or pub/sub component does with a message once it has taken it: every outgoing
// arrow is a consumer (group) that gets its own copy. A queue is durable: each consumer has a
// backlog, at most `prefetch` messages out at once (its worker count), and a failed delivery is
// retried after a delay, in order. Pub/sub is fire-and-forget: a failed delivery is lost.
import type { Simulation } from '@/lib/sim/engine'
import type { BoardEdge } from './graph'
import type { Reply } from './station'

export type Deliver = (edge: BoardEdge, hops: number, reply: Reply) => void

/** Messages a queue holds across its consumers before it refuses new ones. */
export const MAX_BACKLOG = 100_000
/** Deliveries out at once to one consumer, at most. */
export const MAX_PREFETCH = 256

type Lane = { edge: BoardEdge; prefetch: number; retry: number[]; backlog: number[]; head: number; inflight: number; pausedUntil: number; wake: boolean }

export class Broker {
  lost = 0
  redelivered = 0
  private readonly lanes: Lane[]
  private held = 0

  constructor(
    private readonly sim: Simulation,
    edges: readonly { edge: BoardEdge; prefetch: number }[],
    private readonly durable: boolean,
    private readonly redeliveryDelay: number,
    private readonly deliver: Deliver,
    private readonly isUp: () => boolean,
  ) {
    this.lanes = edges.map(({ edge, prefetch }) => ({ edge, prefetch: Math.max(1, Math.min(MAX_PREFETCH, prefetch)), retry: [], backlog: [], head: 0, inflight: 0, pausedUntil: 0, wake: false }))
  }

  /** Messages waiting for a consumer. */
  get backlog(): number {
    return this.held
  }

  get inflight(): number {
    return this.lanes.reduce((a, l) => a + l.inflight, 0)
  }

  /** Take a message; false (refuse it) when the backlog is full. */
  publish(hops: number): boolean {
    if (!this.durable) {
      for (const lane of this.lanes) this.deliver(lane.edge, hops, (ok) => void (ok || this.lost++))
      return true
    }
    if (this.held + this.lanes.length > MAX_BACKLOG) return false
    for (const lane of this.lanes) {
      lane.backlog.push(hops)
      this.held++
      this.pump(lane)
    }
    return true
  }

  /** After the queue comes back up: resume every consumer. */
  resume(): void {
    for (const lane of this.lanes) this.pump(lane)
  }

  private next(lane: Lane): number | undefined {
    if (lane.retry.length) return lane.retry.shift()
    if (lane.head >= lane.backlog.length) return undefined
    const hops = lane.backlog[lane.head++]
    if (lane.head > 1024 && lane.head * 2 > lane.backlog.length) {
      lane.backlog = lane.backlog.slice(lane.head)
      lane.head = 0
    }
    return hops
  }

  private pump(lane: Lane): void {
    if (!this.isUp()) return
    if (this.sim.now < lane.pausedUntil) {
      if (!lane.wake) {
        lane.wake = true
        this.sim.at(lane.pausedUntil, () => {
          lane.wake = false
          this.pump(lane)
        })
      }
      return
    }
    while (lane.inflight < lane.prefetch) {
      const hops = this.next(lane)
      if (hops === undefined) return
      this.held--
      lane.inflight++
      this.deliver(lane.edge, hops, (ok) => {
        lane.inflight--
        if (!ok) {
          // Back to the head of this consumer's line; the consumer is given time to recover.
          this.redelivered++
          lane.retry.push(hops)
          this.held++
          lane.pausedUntil = Math.max(lane.pausedUntil, this.sim.now + this.redeliveryDelay)
        }
        this.pump(lane)
      })
    }
  }
}
