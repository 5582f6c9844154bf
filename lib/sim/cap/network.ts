// The replicas' network: nodes that can crash, a cut that splits them into two sides, and
// messages with exponential delays. A message is delivered only if sender and receiver are up
// and on the same side when it arrives, so a partition also eats messages already in flight.
import { Rng, exponential, type Flight, type Simulation } from '@/lib/sim/engine'

export class Network {
  readonly ids: string[]
  readonly up: Map<string, boolean>
  /** The minority side while partitioned; empty when healed. */
  cut = new Set<string>()
  cutSince = Infinity
  private readonly flights = new Map<number, Flight>()
  private nextFlight = 0
  delivered = 0
  lost = 0

  constructor(
    private readonly sim: Simulation,
    private readonly rng: Rng,
    n: number,
    private readonly meanDelay: number,
  ) {
    this.ids = Array.from({ length: n }, (_, i) => `n${i}`)
    this.up = new Map(this.ids.map((id) => [id, true]))
  }

  get majority(): number {
    return Math.floor(this.ids.length / 2) + 1
  }

  isUp(id: string): boolean {
    return this.up.get(id) === true
  }

  connected(a: string, b: string): boolean {
    return this.isUp(a) && this.isUp(b) && this.cut.has(a) === this.cut.has(b)
  }

  send(from: string, to: string, kind: string, deliver: () => void): void {
    if (!this.connected(from, to)) {
      this.lost++
      return
    }
    const id = this.nextFlight++
    const arriveAt = this.sim.now + exponential(this.rng, 1 / this.meanDelay)
    this.flights.set(id, { id: `m${id}`, kind, from, to, sentAt: this.sim.now, arriveAt })
    this.sim.at(arriveAt, () => {
      this.flights.delete(id)
      if (!this.connected(from, to)) {
        this.lost++
        return
      }
      this.delivered++
      deliver()
    })
  }

  inFlight(limit = 200): Flight[] {
    return [...this.flights.values()].slice(0, limit)
  }

  partitions(): string[][] {
    if (this.cut.size === 0) return []
    return [this.ids.filter((id) => !this.cut.has(id)), [...this.cut]]
  }
}
