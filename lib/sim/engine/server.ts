// A server with one worker, a FIFO waiting room of capacity k and a service-time sampler.
// Jobs that arrive to a full waiting room, or to a failed server, are dropped. Failing a server
// loses what it holds (queued and in service); the caller decides what that means.
import type { EventHandle, Simulation } from './simulation'

/** The record a request leaves behind: enough for latency percentiles and drop counts. */
export type RequestRecord = {
  id: number
  arrival: number
  /** When service began (undefined if it never did). */
  start?: number
  end?: number
  server?: string
  outcome: 'pending' | 'ok' | 'dropped' | 'failed'
}

export type ServerOptions = {
  id: string
  /** Waiting-room capacity, not counting the job in service. Infinity for unbounded. */
  capacity: number
  serviceTime: () => number
  onDone: (job: RequestRecord, server: QueueServer) => void
}

export class QueueServer {
  readonly id: string
  readonly capacity: number
  up = true
  /** Total time spent serving, for utilisation. */
  busyTime = 0
  served = 0
  dropped = 0
  private readonly queue: RequestRecord[] = []
  private head = 0
  private current: { job: RequestRecord; handle: EventHandle } | null = null

  constructor(
    private readonly sim: Simulation,
    private readonly options: ServerOptions,
  ) {
    this.id = options.id
    this.capacity = options.capacity
  }

  /** Jobs waiting (not in service). */
  get waiting(): number {
    return this.queue.length - this.head
  }

  /** Jobs in the system: waiting plus in service (what "connections" counts). */
  get length(): number {
    return this.waiting + (this.current ? 1 : 0)
  }

  /** The jobs held, in service first, for animation. */
  jobs(): RequestRecord[] {
    const held = this.queue.slice(this.head)
    return this.current ? [this.current.job, ...held] : held
  }

  /** Accept or drop a job. Returns false when dropped. */
  offer(job: RequestRecord): boolean {
    job.server = this.id
    if (!this.up || (this.current && this.waiting >= this.capacity)) {
      job.outcome = 'dropped'
      job.end = this.sim.now
      this.dropped++
      return false
    }
    if (this.current) this.queue.push(job)
    else this.begin(job)
    return true
  }

  /** Fail the server: returns the jobs it loses, marked failed. */
  fail(): RequestRecord[] {
    if (!this.up) return []
    this.up = false
    const lost = this.jobs()
    if (this.current) {
      this.current.handle.cancelled = true
      this.busyTime += this.sim.now - (this.current.job.start ?? this.sim.now)
    }
    this.current = null
    this.queue.length = 0
    this.head = 0
    for (const job of lost) {
      job.outcome = 'failed'
      job.end = this.sim.now
    }
    return lost
  }

  heal(): void {
    this.up = true
  }

  private begin(job: RequestRecord): void {
    job.start = this.sim.now
    const duration = this.options.serviceTime()
    const handle = this.sim.after(duration, () => this.finish())
    this.current = { job, handle }
  }

  private finish(): void {
    const current = this.current
    if (!current) return
    this.current = null
    const { job } = current
    job.end = this.sim.now
    job.outcome = 'ok'
    this.busyTime += this.sim.now - (job.start ?? this.sim.now)
    this.served++
    const next = this.queue[this.head]
    if (next) {
      this.queue[this.head++] = undefined as unknown as RequestRecord
      // Compact occasionally so a long run does not keep every served job alive.
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head)
        this.head = 0
      }
      this.begin(next)
    }
    this.options.onDone(job, this)
  }
}
