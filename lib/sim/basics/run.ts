// One request-path run: Poisson clients -> DNS (on a resolver miss) -> CDN edge -> (on a CDN
// miss) load balancer -> app servers -> cache -> (on a cache miss) database. Each tier is an
// M/M/c queue behind a fixed hop latency; the run reports end-to-end latency, utilisation per
// tier and which tier saturates first as the traffic ramps up.
import { BaseRun, Rng, SeriesRecorder, Simulation, percentile, round, theoryAt, type Flight, type Metrics, type RunState } from '@/lib/sim/engine'
import { LogHistogram } from '@/lib/sim/engine'
import { Pool } from './pool'
import { TIER_IDS, TIER_KINDS, TIER_LABELS, bottleneck, boundedThroughput, jacksonLatency, lowLoadLatency, tierBound, tierConfigs, tierUtilisation, type BasicsParams, type TierConfig } from './tiers'
import { RampedPoisson } from './traffic'

type Request = { id: number; born: number; path: number[]; step: number }

/** Windowed utilisation at or above this for SATURATION_TICKS samples in a row = saturated. */
const SATURATION = 0.98
const SATURATION_TICKS = 3

export class BasicsRun extends BaseRun {
  readonly tiers: TierConfig[]
  readonly pools: Pool<Request>[]
  readonly traffic: RampedPoisson
  private readonly bottleneck: { index: number; maxThroughput: number }
  readonly latency = new LogHistogram({ ratio: 1.01 })
  private readonly down = new Set<string>()
  private readonly flights: Flight[] = []
  private arrivals = 0
  private completed = 0
  private failed = 0
  private nextId = 0
  private readonly interval: number
  private window = { completed: 0, arrivals: 0, latencies: [] as number[], busy: [] as number[], at: 0 }
  private readonly windowUtil: number[]
  private readonly hotTicks: number[]
  private saturated: { tier: number; at: number } | null = null
  private readonly series = { throughput: new SeriesRecorder(), offered: new SeriesRecorder(), latencyP99: new SeriesRecorder(), bottleneckUtilization: new SeriesRecorder(), meanLatency: new SeriesRecorder() }

  constructor(
    private readonly p: BasicsParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    // Separate streams: arrivals, routing coins (hit or miss) and one per tier's service times,
    // so a hit-ratio or capacity knob leaves the offered traffic identical.
    const arrivalRng = root.fork()
    const routeRng = root.fork()
    this.tiers = tierConfigs(p)
    this.bottleneck = bottleneck(this.tiers)
    this.pools = this.tiers.map((t, i) => new Pool<Request>(this.sim, root.fork(), t.servers, t.rate, t.servers * p.queueLimit, (job) => this.leave(job, i)))
    this.windowUtil = this.tiers.map(() => 0)
    this.hotTicks = this.tiers.map(() => 0)
    this.window.busy = this.tiers.map(() => 0)
    this.traffic = new RampedPoisson(p.rate, p.rampTo, horizon)
    const arrive = (): void => {
      this.arrive(routeRng)
      this.sim.at(Math.max(this.sim.now, this.traffic.next(arrivalRng, this.sim.now)), arrive)
    }
    this.sim.at(this.traffic.next(arrivalRng, 0), arrive)
    this.interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(this.interval, () => this.sample())
  }

  private arrive(rng: Rng): void {
    this.arrivals++
    this.window.arrivals++
    const p = this.p
    // Tier indices follow TIER_IDS: dns 0, cdn 1, lb 2, app 3, cache 4, db 5.
    const path: number[] = []
    if (rng.next() >= p.dnsHitRatio) path.push(0)
    path.push(1)
    if (rng.next() >= p.cdnHitRatio) {
      path.push(2, 3, 4)
      // A failed cache is a miss for everyone: the database takes the whole read load.
      const hit = rng.next() < p.cacheHitRatio
      if (!hit || this.down.has('cache')) path.push(5)
    }
    if (this.down.has('cache')) {
      const at = path.indexOf(4)
      if (at >= 0) path.splice(at, 1)
    }
    this.hop({ id: this.nextId++, born: this.sim.now, path, step: 0 }, 'client')
  }

  /** Travel to the request's next tier (its fixed latency), then queue there. */
  private hop(job: Request, from: string): void {
    const tier = this.tiers[job.path[job.step]!]!
    const arriveAt = this.sim.now + tier.latency
    this.flights.push({ id: `r${job.id}.${job.step}`, kind: 'request', from, to: tier.id, sentAt: this.sim.now, arriveAt })
    if (this.flights.length > 80) this.flights.shift()
    this.sim.at(arriveAt, () => {
      if (!this.pools[job.path[job.step]!]!.offer(job)) this.failed++
    })
  }

  private leave(job: Request, tierIndex: number): void {
    job.step++
    if (job.step < job.path.length) return this.hop(job, TIER_IDS[tierIndex]!)
    const latency = this.sim.now - job.born
    this.completed++
    this.latency.add(latency)
    this.window.completed++
    this.window.latencies.push(latency)
  }

  /** The offered rate in the middle of the sample window ending at t. */
  private windowRate(t: number): number {
    return this.traffic.rateAt(Math.max(0, t - this.interval / 2))
  }

  private sample(): void {
    const now = this.sim.now
    const span = now - this.window.at
    for (const [i, pool] of this.pools.entries()) {
      const busy = pool.busySeconds(now)
      this.windowUtil[i] = span > 0 ? (busy - this.window.busy[i]!) / (pool.servers * span) : 0
      this.window.busy[i] = busy
      this.hotTicks[i] = this.windowUtil[i]! >= SATURATION ? this.hotTicks[i]! + 1 : 0
      if (!this.saturated && this.hotTicks[i]! >= SATURATION_TICKS) this.saturated = { tier: i, at: round(now, 3) }
    }
    this.series.throughput.add(now, round(this.window.completed / span, 3))
    this.series.offered.add(now, round(this.traffic.rateAt(now), 3))
    this.series.latencyP99.add(now, round((percentile(this.window.latencies, 0.99) ?? 0) * 1000, 3))
    this.series.bottleneckUtilization.add(now, round(this.windowUtil[this.bottleneck.index]!, 4))
    const lat = this.window.latencies
    if (lat.length > 0) this.series.meanLatency.add(now, round((lat.reduce((a, b) => a + b, 0) / lat.length) * 1000, 3))
    this.window = { completed: 0, arrivals: 0, latencies: [], busy: this.window.busy, at: now }
  }

  fail(nodeId: string): void {
    const i = TIER_IDS.indexOf(nodeId as (typeof TIER_IDS)[number])
    if (i < 0) return
    this.down.add(nodeId)
    // A failed cache is bypassed (see arrive); other tiers refuse new work and drain what they hold.
    if (nodeId !== 'cache') this.pools[i]!.up = false
  }

  heal(nodeId: string): void {
    const i = TIER_IDS.indexOf(nodeId as (typeof TIER_IDS)[number])
    if (i < 0) return
    this.down.delete(nodeId)
    this.pools[i]!.up = true
  }

  state(): RunState {
    const now = this.sim.now
    return {
      time: now,
      nodes: [
        { id: 'client', label: 'Clients', kind: 'client', up: true, queue: 0, busy: 0, role: `${round(this.traffic.rateAt(now), 1)} req/s` },
        ...this.tiers.map((t, i) => ({
          id: t.id,
          label: TIER_LABELS[t.id],
          kind: TIER_KINDS[t.id],
          up: !this.down.has(t.id),
          queue: this.pools[i]!.queued,
          busy: this.pools[i]!.busy,
          capacity: t.servers,
          gauge: Math.min(1, this.windowUtil[i]!),
          role: i === this.bottleneck.index ? `bottleneck: ${round(this.bottleneck.maxThroughput, 1)} req/s max` : this.saturated?.tier === i ? 'saturated first' : undefined,
        })),
      ],
      inFlight: this.flights.filter((f) => (f.arriveAt ?? 0) >= now),
      partitions: [],
    }
  }

  metrics(): Metrics {
    const now = this.sim.now
    const ms = (x: number | null): number | null => (x === null ? null : round(x * 1000, 4))
    return {
      time: now,
      values: {
        requests: this.arrivals,
        completed: this.completed,
        failed: this.failed,
        offeredRate: round(this.traffic.rateAt(now), 3),
        throughput: now > 0 ? round(this.completed / now, 3) : null,
        maxThroughput: round(this.bottleneck.maxThroughput, 3),
        bottleneckTier: this.bottleneck.index,
        saturatedTier: this.saturated?.tier ?? null,
        saturatedAt: this.saturated?.at ?? null,
        meanLatency: ms(this.latency.mean),
        latencyP50: ms(this.latency.quantile(0.5)),
        latencyP99: ms(this.latency.quantile(0.99)),
        lowLoadLatency: ms(lowLoadLatency(this.tiers)),
        theoryLatency: ms(jacksonLatency(this.tiers, this.traffic.rateAt(now))),
      },
      series: {
        throughput: this.series.throughput.series,
        offered: this.series.offered.series,
        latencyP99: this.series.latencyP99.series,
        bottleneckUtilization: this.series.bottleneckUtilization.series,
        meanLatency: this.series.meanLatency.series,
        // Theory on the same x values, at the offered rate in the middle of each sample window.
        theoryLatency: theoryAt(this.series.meanLatency.series, (t) => ms(jacksonLatency(this.tiers, this.windowRate(t)))),
        throughputBound: theoryAt(this.series.throughput.series, (t) => boundedThroughput(this.bottleneck.maxThroughput, this.windowRate(t))),
        theoryUtilization: theoryAt(this.series.bottleneckUtilization.series, (t) => tierUtilisation(this.tiers[this.bottleneck.index]!, this.windowRate(t))),
      },
      perNode: Object.fromEntries(
        this.tiers.map((t, i) => {
          const pool = this.pools[i]!
          return [t.id, {
            utilization: round(this.windowUtil[i]!, 4),
            meanUtilization: now > 0 ? round(pool.busySeconds(now) / (pool.servers * now), 4) : 0,
            served: pool.served,
            dropped: pool.dropped,
            queue: pool.queued,
            visits: round(t.visits, 4),
            bound: Number.isFinite(tierBound(t)) ? round(tierBound(t), 3) : -1,
          }]
        }),
      ),
    }
  }
}
