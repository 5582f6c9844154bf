// The last few hops sent, for the canvas to animate: a fixed ring, so recording costs O(1) and
// state() returns at most RING flights.
import type { Flight } from '@/lib/sim/engine'

const RING = 80

export class FlightRing {
  private readonly ring: (Flight | undefined)[] = new Array<Flight | undefined>(RING)
  private next = 0
  private seq = 0

  record(kind: string, from: string, to: string, sentAt: number, arriveAt: number): void {
    this.ring[this.next] = { id: `f${this.seq++}`, kind, from, to, sentAt, arriveAt }
    this.next = (this.next + 1) % RING
  }

  /** Hops still on the wire at `now`, oldest first. */
  inFlight(now: number): Flight[] {
    const out: Flight[] = []
    for (let i = 0; i < RING; i++) {
      const f = this.ring[(this.next + i) % RING]
      if (f && (f.arriveAt ?? 0) >= now) out.push(f)
    }
    return out
  }
}
