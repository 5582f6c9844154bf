// One tier as an M/M/c queue: c identical servers with exponential service and one FIFO
// waiting room shared by them (a load balancer in front of the tier's servers, idealised).
import { exponential, type Rng, type Simulation } from '@/lib/sim/engine'

export class Pool<J> {
  up = true
  busy = 0
  served = 0
  dropped = 0
  private readonly waiting: J[] = []
  private head = 0
  /** Integral of busy servers over time, for utilisation. */
  private busyArea = 0
  private lastChange = 0

  constructor(
    private readonly sim: Simulation,
    private readonly rng: Rng,
    readonly servers: number,
    private readonly rate: number,
    private readonly capacity: number,
    private readonly onDone: (job: J) => void,
  ) {}

  get queued(): number {
    return this.waiting.length - this.head
  }

  /** Busy-server seconds so far (divide by servers x time for utilisation). */
  busySeconds(now: number): number {
    return this.busyArea + this.busy * (now - this.lastChange)
  }

  /** Accept a job, or refuse it (false) when the tier is down or its waiting room is full. */
  offer(job: J): boolean {
    if (!this.up || (this.busy >= this.servers && this.queued >= this.capacity)) {
      this.dropped++
      return false
    }
    if (this.busy < this.servers) this.start(job)
    else this.waiting.push(job)
    return true
  }

  private setBusy(n: number): void {
    const now = this.sim.now
    this.busyArea += this.busy * (now - this.lastChange)
    this.lastChange = now
    this.busy = n
  }

  private start(job: J): void {
    this.setBusy(this.busy + 1)
    this.sim.after(exponential(this.rng, this.rate), () => this.finish(job))
  }

  private finish(job: J): void {
    this.served++
    this.setBusy(this.busy - 1)
    if (this.queued > 0) {
      const next = this.waiting[this.head]!
      this.waiting[this.head++] = undefined as unknown as J
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head)
        this.head = 0
      }
      this.start(next)
    }
    this.onDone(job)
  }
}
