// One load-balancing run: Poisson arrivals from a pool of clients, a balancer applying the
// policy, N single-worker FIFO servers, and sessions that are either pinned to a server
// (sticky) or carried by the client (JWT).
import {
  BaseRun,
  Moments,
  QueueServer,
  Rng,
  SeriesRecorder,
  Simulation,
  TimeAverage,
  exponential,
  lognormal,
  percentile,
  constantLike,
  round,
  type Metrics,
  type ParamValues,
  type RequestRecord,
  type RunState,
} from '@/lib/sim/engine'
import type { loadBalancingParams } from './params'
import { makePolicy, type Policy } from './policies'
import { mm1MeanSojourn, mm1MeanWait, theoryMeanSojourn } from './theory'

export type LoadBalancingParams = ParamValues<typeof loadBalancingParams.specs>

export function serverRates(p: LoadBalancingParams): number[] {
  const n = p.servers
  return Array.from({ length: n }, (_, i) =>
    n === 1 ? p.serviceRate : p.serviceRate * (1 + p.speedSpread * ((2 * i) / (n - 1) - 1)),
  )
}

export class LoadBalancingRun extends BaseRun {
  readonly servers: QueueServer[]
  readonly lambda: number
  private readonly policy: Policy
  private readonly pins = new Map<number, QueueServer>()
  private readonly sojourns: number[] = []
  private readonly waits = new Moments()
  private readonly inSystem: TimeAverage
  private readonly windowSojourns: number[] = []
  private readonly maxQueueSeries = new SeriesRecorder()
  private readonly p99Series = new SeriesRecorder()
  private readonly meanSeries = new SeriesRecorder()
  private sojournSum = 0
  private total = 0
  private arrivals = 0
  private completed = 0
  private dropped = 0
  private failedRequests = 0
  private sessionsLost = 0
  private maxQueue = 0
  private nextId = 0

  constructor(
    private readonly p: LoadBalancingParams,
    seed: number,
    private readonly duration: number,
  ) {
    super(new Simulation())
    // Separate streams: arrivals and client ids, service times, balancer choices. Changing the
    // policy then leaves the offered traffic identical (common random numbers).
    const root = new Rng(seed)
    const arrivalRng = root.fork()
    const serviceRng = root.fork()
    const policyRng = root.fork()
    const rates = serverRates(p)
    this.lambda = p.load * rates.reduce((a, b) => a + b, 0)
    const capacity = p.queueCapacity === 0 ? Infinity : p.queueCapacity
    this.servers = rates.map((mu, i) => {
      const serviceTime =
        p.serviceDistribution === 'exponential'
          ? () => exponential(serviceRng, mu)
          : p.serviceDistribution === 'lognormal'
            ? () => lognormal(serviceRng, 1 / mu, 2)
            : () => 1 / mu
      return new QueueServer(this.sim, { id: `s${i}`, capacity, serviceTime, onDone: (job) => this.done(job) })
    })
    this.policy = makePolicy(p.policy, policyRng, this.servers.map((s) => s.id))
    this.inSystem = new TimeAverage(p.warmup)

    const arrive = (): void => {
      this.arrival(arrivalRng.int(p.clients))
      this.sim.after(exponential(arrivalRng, this.lambda), arrive)
    }
    this.sim.at(exponential(arrivalRng, this.lambda), arrive)
    const interval = Math.max(duration / 200, 1e-6)
    this.sim.every(interval, () => this.sample())
    if (p.failServerAt > 0) {
      this.sim.at(p.failServerAt, () => this.fail('s0'))
      if (p.healAfter > 0) this.sim.at(p.failServerAt + p.healAfter, () => this.heal('s0'))
    }
  }

  private counted(job: RequestRecord): boolean {
    return job.arrival >= this.p.warmup
  }

  private arrival(clientId: number): void {
    const now = this.sim.now
    const job: RequestRecord = { id: this.nextId++, arrival: now, outcome: 'pending' }
    this.arrivals++
    let server: QueueServer | undefined
    if (this.p.sessions === 'sticky') {
      const pinned = this.pins.get(clientId)
      server = pinned?.up ? pinned : this.policy(this.servers, clientId)
      if (server) this.pins.set(clientId, server)
    } else server = this.policy(this.servers, clientId)
    if (!server || !server.offer(job)) {
      if (this.counted(job)) this.dropped++
      return
    }
    this.total++
    this.maxQueue = Math.max(this.maxQueue, server.length)
    if (now >= this.p.warmup) this.inSystem.set(now, this.total)
  }

  private done(job: RequestRecord): void {
    this.total--
    if (this.sim.now >= this.p.warmup) this.inSystem.set(this.sim.now, this.total)
    if (!this.counted(job)) return
    this.completed++
    const sojourn = (job.end ?? 0) - job.arrival
    this.sojourns.push(sojourn)
    this.sojournSum += sojourn
    this.windowSojourns.push(sojourn)
    this.waits.add((job.start ?? job.arrival) - job.arrival)
  }

  private sample(): void {
    const now = this.sim.now
    this.maxQueueSeries.add(now, Math.max(...this.servers.map((s) => s.length)))
    const p99 = percentile(this.windowSojourns, 0.99)
    if (p99 !== null) this.p99Series.add(now, p99)
    if (this.completed > 0) this.meanSeries.add(now, round(this.sojournSum / this.completed))
    this.windowSojourns.length = 0
  }

  fail(nodeId: string): void {
    const server = this.servers.find((s) => s.id === nodeId)
    if (!server || !server.up) return
    const lost = server.fail()
    this.failedRequests += lost.length
    this.total -= lost.length
    this.inSystem.set(this.sim.now, this.total)
    // Sticky sessions keep their state in the server's memory: it dies with the server.
    // JWT sessions keep it in the client's token, so the next server reads it from there.
    for (const [client, pinned] of this.pins) {
      if (pinned !== server) continue
      this.pins.delete(client)
      this.sessionsLost++
    }
  }

  heal(nodeId: string): void {
    this.servers.find((s) => s.id === nodeId)?.heal()
  }

  state(): RunState {
    const now = this.sim.now
    return {
      time: now,
      nodes: [
        { id: 'lb', label: 'Load balancer', kind: 'balancer', up: true, queue: 0, busy: 0 },
        ...this.servers.map((s) => ({
          id: s.id,
          label: s.id,
          kind: 'server' as const,
          up: s.up,
          queue: s.waiting,
          busy: s.length - s.waiting,
          capacity: s.capacity === Infinity ? undefined : s.capacity,
          gauge: now > 0 ? Math.min(1, s.busyTime / now) : 0,
        })),
      ],
      inFlight: this.servers.flatMap((s) =>
        s.jobs().slice(0, 50).map((j) => ({ id: `r${j.id}`, kind: 'request', from: 'lb', to: s.id, sentAt: j.arrival })),
      ),
      partitions: [],
    }
  }

  /** The analytic mean sojourn and wait when the model is an M/M/1 per server, else null. */
  private theory(): { sojourn: number | null; wait: number | null } {
    const p = this.p
    const mm1 = p.serviceDistribution === 'exponential' && p.speedSpread === 0 && p.queueCapacity === 0
    if (!mm1 || !(p.servers === 1 || p.policy === 'random')) return { sojourn: null, wait: null }
    const perServer = this.lambda / p.servers
    return { sojourn: mm1MeanSojourn(perServer, p.serviceRate), wait: mm1MeanWait(perServer, p.serviceRate) }
  }

  metrics(): Metrics {
    const now = this.sim.now
    const elapsed = Math.max(1e-9, now - this.p.warmup)
    const theory = this.theory()
    const mean = this.sojourns.length ? this.sojourns.reduce((a, b) => a + b, 0) / this.sojourns.length : null
    const r = (x: number | null): number | null => (x === null ? null : round(x))
    return {
      time: now,
      values: {
        arrivals: this.arrivals,
        completed: this.completed,
        dropped: this.dropped,
        failedRequests: this.failedRequests,
        throughput: round(this.completed / elapsed),
        meanWait: this.waits.count ? round(this.waits.mean) : null,
        meanSojourn: r(mean),
        latencyP50: r(percentile(this.sojourns, 0.5)),
        latencyP95: r(percentile(this.sojourns, 0.95)),
        latencyP99: r(percentile(this.sojourns, 0.99)),
        meanInSystem: round(this.inSystem.average(Math.max(now, this.p.warmup))),
        maxQueue: this.maxQueue,
        sessionsActive: this.pins.size,
        sessionsLost: this.sessionsLost,
        theoryMeanSojourn: r(theory.sojourn),
        theoryMeanWait: r(theory.wait),
      },
      series: {
        maxQueue: this.maxQueueSeries.series,
        latencyP99: this.p99Series.series,
        meanSojourn: this.meanSeries.series,
        theoryMeanSojourn: constantLike(this.meanSeries.series, theoryMeanSojourn(this.p)?.value ?? null),
      },
      perNode: Object.fromEntries(
        this.servers.map((s) => [
          s.id,
          { served: s.served, dropped: s.dropped, queue: s.length, utilization: round(now > 0 ? s.busyTime / now : 0) },
        ]),
      ),
    }
  }
}
