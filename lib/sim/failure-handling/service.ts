// One service in the chain: a pool of workers and a bounded waiting room. A worker is held for
// the whole call, including the wait for the downstream dependency (thread-per-request), which
// is how a slow dependency eats its callers' capacity.
import type { EventHandle, Rng, Simulation } from '@/lib/sim/engine'
import type { Edge } from './edge'

type Job = { reply: (ok: boolean) => void; dead: boolean; work?: EventHandle }

export type ServiceConfig = { workers: number; capacity: number; errorRate: number; workTime: () => number }

export class Service {
  up = true
  slow = 1
  erroring = false
  arrivals = 0
  ok = 0
  failed = 0
  rejected = 0
  /** Calls that reached this service while its caller's breaker was not closed. */
  arrivalsWhileGuarded = 0
  downstream?: Edge
  inbound?: Edge
  private readonly active = new Set<Job>()
  private queue: Job[] = []
  private head = 0

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly config: ServiceConfig,
    private readonly errorRng: Rng,
  ) {}

  get busy(): number {
    return this.active.size
  }

  get waiting(): number {
    return this.queue.length - this.head
  }

  receive(reply: (ok: boolean) => void): void {
    this.arrivals++
    if (this.inbound && this.inbound.breaker.state !== 'closed') this.arrivalsWhileGuarded++
    const job: Job = { reply, dead: false }
    if (!this.up) return this.reject(job)
    if (this.active.size < this.config.workers) this.start(job)
    else if (this.waiting < this.config.capacity) this.queue.push(job)
    else this.reject(job)
  }

  private reject(job: Job): void {
    this.rejected++
    job.dead = true
    job.reply(false)
  }

  private start(job: Job): void {
    this.active.add(job)
    job.work = this.sim.after(this.config.workTime() * this.slow, () => this.finish(job))
  }

  private finish(job: Job): void {
    job.work = undefined
    // One draw per finished call keeps the error stream aligned when other knobs change.
    const independentError = this.errorRng.next() < this.config.errorRate
    if (independentError || this.erroring) return this.complete(job, false)
    if (!this.downstream) return this.complete(job, true)
    this.downstream.call(() => !job.dead, (ok) => this.complete(job, ok))
  }

  private complete(job: Job, ok: boolean): void {
    if (job.dead) return
    job.dead = true
    this.active.delete(job)
    if (ok) this.ok++
    else this.failed++
    job.reply(ok)
    this.pull()
  }

  private pull(): void {
    while (this.up && this.active.size < this.config.workers && this.waiting > 0) this.start(this.queue[this.head++]!)
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
  }

  /** Crash: every call held fails at once (connection reset), new calls are refused. */
  crash(): void {
    if (!this.up) return
    this.up = false
    const lost = [...this.active, ...this.queue.slice(this.head)]
    this.active.clear()
    this.queue = []
    this.head = 0
    for (const job of lost) {
      if (job.work) job.work.cancelled = true
      job.dead = true
      this.failed++
      job.reply(false)
    }
  }

  heal(): void {
    this.up = true
    this.slow = 1
    this.erroring = false
  }
}
