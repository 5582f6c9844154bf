// One failure-handling run: Poisson client requests through a chain of services, each call
// guarded by a timeout, retries, a circuit breaker and a bulkhead, with a fault injected into
// one service. Tracks end-to-end success and latency, and the retry storm the fault sets off.
import {
  BaseRun,
  Rng,
  SeriesRecorder,
  constantLike,
  Simulation,
  exponential,
  lognormal,
  round,
  type Flight,
  type Metrics,
  type ParamValues,
  type RunState,
} from '@/lib/sim/engine'
import { availabilityWithRetries, productRule } from './theory'
import { Edge, type EdgeConfig, type RetryRecord } from './edge'
import { LogHistogram } from '@/lib/sim/engine'
import type { failureHandlingParams } from './params'
import { Service } from './service'

export type FailureHandlingParams = ParamValues<typeof failureHandlingParams.specs>

/** Per-call error probability of s_i: errorRate x (1 - spread .. 1 + spread) along the chain. */
export function errorRates(p: FailureHandlingParams): number[] {
  const n = p.services
  return Array.from({ length: n }, (_, i) => Math.min(1, p.errorRate * (1 + p.errorSpread * ((2 * i) / (n - 1) - 1))))
}

/** The success rate the series law predicts for these knobs: the product rule, with retries when on. */
export function theorySuccess(p: FailureHandlingParams): number {
  const rates = errorRates(p)
  return p.retry === 'none' ? productRule(rates) : availabilityWithRetries(rates, p.maxRetries, p.retryLayer)
}

const MAX_SERVICES = 6
const RETRY_LOG_CAP = 200_000

export class FailureHandlingRun extends BaseRun {
  readonly services: Service[]
  readonly edges: Edge[]
  /** Retry sends in order, for the clustering statistic (capped). */
  readonly retryLog: RetryRecord[] = []
  private requests = 0
  private succeeded = 0
  private failed = 0
  private readonly latency = new LogHistogram()
  private readonly windowLatency = new LogHistogram()
  private win = { offered: 0, ok: 0, done: 0, sickArrivals: 0, retries: 0 }
  private peakAmplification = 0
  private flightId = 0
  private readonly interval: number
  private readonly series = {
    offered: new SeriesRecorder(),
    attempts: new SeriesRecorder(),
    amplification: new SeriesRecorder(),
    retries: new SeriesRecorder(),
    successRate: new SeriesRecorder(),
    latencyP99: new SeriesRecorder(),
  }

  constructor(
    private readonly p: FailureHandlingParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    // Streams forked in a fixed order for the largest chain, so a policy knob (retries, jitter,
    // breaker) leaves arrivals, work times and independent errors identical.
    const root = new Rng(seed)
    const arrivalRng = root.fork()
    const streams = Array.from({ length: MAX_SERVICES }, () => ({ work: root.fork(), error: root.fork(), jitter: root.fork() }))
    const clientJitter = root.fork()
    const mean = p.serviceTime / 1000
    const rates = errorRates(p)
    this.services = rates.map((errorRate, i) => {
      const work = streams[i]!.work
      return new Service(this.sim, `s${i}`, { workers: p.workers, capacity: p.queueCapacity, errorRate, workTime: () => lognormal(work, mean, 1) }, streams[i]!.error)
    })
    const edgeConfig = (retries: boolean): EdgeConfig => ({
      timeout: p.timeout / 1000,
      policy: p.retry,
      maxRetries: p.maxRetries,
      backoff: p.backoff / 1000,
      jitter: p.jitter,
      retries,
      bulkhead: p.bulkhead,
      breaker: { enabled: p.breaker, threshold: p.breakerThreshold, cooldown: p.breakerCooldown / 1000 },
    })
    const log = (r: RetryRecord): void => {
      this.win.retries++
      if (this.retryLog.length < RETRY_LOG_CAP) this.retryLog.push(r)
    }
    const nextId = (): number => this.flightId++
    // Edge 0 is client -> s0; edge i is s(i-1) -> s(i).
    this.edges = this.services.map((target, i) => {
      const from = i === 0 ? 'client' : `s${i - 1}`
      const jitter = i === 0 ? clientJitter : streams[i - 1]!.jitter
      return new Edge(this.sim, i, from, target, edgeConfig(i === 0 || p.retryLayer === 'every'), jitter, log, nextId)
    })
    for (let i = 0; i + 1 < this.services.length; i++) this.services[i]!.downstream = this.edges[i + 1]

    const lambda = p.rate
    const arrive = (): void => {
      this.request()
      this.sim.after(exponential(arrivalRng, lambda), arrive)
    }
    this.sim.at(exponential(arrivalRng, lambda), arrive)
    this.scheduleFault()
    this.interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(this.interval, () => this.sample())
  }

  get watched(): Service {
    return this.services[Math.min(this.p.sickService, this.services.length - 1)]!
  }

  private scheduleFault(): void {
    const { sickKind, sickAt, sickFor, slowFactor } = this.p
    if (sickKind === 'none') return
    const s = this.watched
    this.sim.at(sickAt, () => {
      if (sickKind === 'slow') s.slow = slowFactor
      else if (sickKind === 'errors') s.erroring = true
      else s.crash()
    })
    if (sickFor > 0) this.sim.at(sickAt + sickFor, () => s.heal())
  }

  private request(): void {
    this.requests++
    this.win.offered++
    const start = this.sim.now
    this.edges[0]!.call(
      () => true,
      (ok) => {
        this.win.done++
        if (!ok) return void this.failed++
        this.succeeded++
        this.win.ok++
        const ms = (this.sim.now - start) * 1000
        this.latency.add(ms)
        this.windowLatency.add(ms)
      },
    )
  }

  private sample(): void {
    const now = this.sim.now
    const w = this.win
    const sickArrivals = this.watched.arrivals
    const arrivals = sickArrivals - w.sickArrivals
    this.series.offered.add(now, round(w.offered / this.interval, 3))
    this.series.attempts.add(now, round(arrivals / this.interval, 3))
    this.series.retries.add(now, round(w.retries / this.interval, 3))
    if (w.offered > 0) {
      const amp = arrivals / w.offered
      this.peakAmplification = Math.max(this.peakAmplification, amp)
      this.series.amplification.add(now, round(amp, 4))
    }
    if (w.done > 0) this.series.successRate.add(now, round(w.ok / w.done, 4))
    const p99 = this.windowLatency.quantile(0.99)
    if (p99 !== null) this.series.latencyP99.add(now, round(p99, 3))
    this.windowLatency.clear()
    this.win = { offered: 0, ok: 0, done: 0, sickArrivals, retries: 0 }
  }

  fail(nodeId: string): void {
    this.services.find((s) => s.id === nodeId)?.crash()
  }

  heal(nodeId: string): void {
    this.services.find((s) => s.id === nodeId)?.heal()
  }

  state(): RunState {
    const now = this.sim.now
    const flights: Flight[] = this.edges
      .flatMap((e) => [...e.outstanding].slice(-80))
      .sort((a, b) => a.sentAt - b.sentAt)
      .slice(-80)
      .map((a) => ({ id: `a${a.id}`, kind: 'request', from: a.from, to: a.to, sentAt: a.sentAt }))
    return {
      time: now,
      nodes: [
        { id: 'client', label: 'Client', kind: 'client', up: true, queue: 0, busy: this.edges[0]!.outstanding.size },
        ...this.services.map((s, i) => {
          const breaker = this.edges[i]!.breaker.view(now)
          const fault = !s.up ? 'crashed' : s.erroring ? 'erroring' : s.slow > 1 ? `slow x${s.slow}` : ''
          const role = [breaker === 'closed' ? '' : `breaker ${breaker}`, fault].filter(Boolean).join(', ')
          return { id: s.id, label: s.id, kind: 'service' as const, up: s.up, queue: s.waiting, busy: s.busy, capacity: this.p.workers, role: role || undefined, gauge: s.busy / this.p.workers }
        }),
      ],
      inFlight: flights,
      partitions: [],
    }
  }

  metrics(): Metrics {
    const done = this.succeeded + this.failed
    const sum = (f: (e: Edge) => number): number => this.edges.reduce((a, e) => a + f(e), 0)
    const p50 = this.latency.quantile(0.5)
    const p99 = this.latency.quantile(0.99)
    const sickEdge = this.edges[this.services.indexOf(this.watched)]!
    return {
      time: this.sim.now,
      values: {
        requests: this.requests,
        succeeded: this.succeeded,
        failed: this.failed,
        successRate: done ? round(this.succeeded / done) : null,
        theoryAvailability: round(errorRates(this.p).reduce((a, q) => a * (1 - q), 1)),
        latencyP50: p50 === null ? null : round(p50, 3),
        latencyP99: p99 === null ? null : round(p99, 3),
        attempts: sum((e) => e.attempts),
        retries: sum((e) => e.retries),
        timeouts: sum((e) => e.timeouts),
        amplification: this.requests ? round(this.watched.arrivals / this.requests, 4) : null,
        peakAmplification: round(this.peakAmplification, 4),
        shortCircuited: sum((e) => e.shortCircuited),
        bulkheadRejected: sum((e) => e.bulkheadRejected),
        breakerOpens: sum((e) => e.breaker.opens),
        sickProbes: sickEdge.breaker.probes,
        sickArrivalsWhileOpen: this.watched.arrivalsWhileGuarded,
      },
      series: {
        ...Object.fromEntries(Object.entries(this.series).map(([k, s]) => [k, s.series])),
        theoryAvailability: constantLike(this.series.successRate.series, round(theorySuccess(this.p))),
      },
      perNode: Object.fromEntries(
        this.services.map((s, i) => {
          const e = this.edges[i]!
          return [s.id, { arrivals: s.arrivals, ok: s.ok, failed: s.failed, rejected: s.rejected, timeouts: e.timeouts, shortCircuited: e.shortCircuited, breakerOpens: e.breaker.opens }]
        }),
      ),
    }
  }
}
