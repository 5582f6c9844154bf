// One component while a run plays: a pool of workers in front of a FIFO waiting room, with the
// counters the panel and the canvas read. Utilisation is the time-average of busy workers over
// the pool, kept as a running integral so reading it costs O(1).
import type { BoardNode } from './graph'
import type { ResolvedModel } from './models'
import type { RouteSpec } from './routing'

export type Reply = (ok: boolean) => void
export type Job = { hops: number; reply: Reply }

export class Station {
  up = true
  busy = 0
  private waiting: Job[] = []
  private head = 0
  /** Requests that reached it, served, refused for a full waiting room, answered with an error. */
  arrivals = 0
  served = 0
  rejected = 0
  errors = 0
  /** Round-robin pointer, for balancers. */
  rr = 0
  /** Utilisation over the last sampling window, and what happened in it (for colours). */
  recent = 0
  recentRejected = 0
  recentErrors = 0
  private windowRejected = 0
  private windowErrors = 0
  private area = 0
  private last = 0
  private windowStart = { time: 0, area: 0 }

  constructor(
    readonly node: BoardNode,
    readonly model: ResolvedModel,
    readonly route: RouteSpec,
  ) {}

  get queued(): number {
    return this.waiting.length - this.head
  }

  /** Jobs held per worker: what a least-loaded balancer compares. */
  get load(): number {
    return (this.busy + this.queued) / this.model.workers
  }

  setBusy(now: number, delta: number): void {
    this.area += this.busy * (now - this.last)
    this.last = now
    this.busy += delta
  }

  enqueue(job: Job): void {
    this.waiting.push(job)
  }

  dequeue(): Job | undefined {
    if (this.head >= this.waiting.length) return undefined
    const job = this.waiting[this.head++]
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
    return job
  }

  reject(): void {
    this.rejected++
    this.windowRejected++
    this.fault()
  }

  fault(): void {
    this.errors++
    this.windowErrors++
  }

  utilisation(now: number): number {
    if (!Number.isFinite(this.model.workers) || now <= 0) return 0
    return (this.area + this.busy * (now - this.last)) / (this.model.workers * now)
  }

  /** Close a sampling window: utilisation and trouble in it. */
  sample(now: number): void {
    const area = this.area + this.busy * (now - this.last)
    const span = now - this.windowStart.time
    this.recent = Number.isFinite(this.model.workers) && span > 0 ? (area - this.windowStart.area) / (this.model.workers * span) : 0
    this.windowStart = { time: now, area }
    this.recentRejected = this.windowRejected
    this.recentErrors = this.windowErrors
    this.windowRejected = 0
    this.windowErrors = 0
  }
}
