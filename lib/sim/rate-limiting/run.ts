// One API-gateway run: tenants with API keys and plans send traffic; the gateway rejects bad
// keys (401) before anything else, applies the tenant's limiter (429), routes the rest to a
// backend service and meters accepted requests for the invoice.
import {
  BaseRun,
  Rng,
  SeriesRecorder,
  Simulation,
  exponential,
  maxInWindow,
  round,
  type Metrics,
  type ParamValues,
  type RunState,
} from '@/lib/sim/engine'
import { admissionBound, makeLimiter, type Limiter, type LimiterConfig } from './limiters'
import type { rateLimitingParams } from './params'

export type RateLimitingParams = ParamValues<typeof rateLimitingParams.specs>

type Tenant = {
  id: string
  plan: 'free' | 'pro'
  config: LimiterConfig
  limiter: Limiter
  accepted: number[]
  rejected: number
}

export class RateLimitingRun extends BaseRun {
  readonly tenants: Tenant[]
  private readonly down = new Set<string>()
  private readonly backend: number[]
  private unauthorized = 0
  private unavailable = 0
  private requests = 0
  private window = { accepted: 0, rejected: 0, unauthorized: 0 }
  private readonly series = { accepted: new SeriesRecorder(), rejected: new SeriesRecorder(), unauthorized: new SeriesRecorder() }
  private readonly interval: number

  constructor(
    private readonly p: RateLimitingParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    this.backend = Array.from({ length: p.services }, () => 0)
    this.tenants = Array.from({ length: p.tenants }, (_, i) => {
      const plan = i % 2 === 1 ? 'pro' : 'free'
      const m = plan === 'pro' ? p.proMultiplier : 1
      const config = { rate: p.rate * m, burst: Math.round(p.burst * m), limit: Math.round(p.limit * m), window: p.window }
      return { id: `t${i}`, plan, config, limiter: makeLimiter(p.algorithm, config), accepted: [], rejected: 0 }
    })
    // One stream per tenant: changing the algorithm leaves every tenant's traffic identical.
    for (const [i, tenant] of this.tenants.entries()) this.drive(tenant, root.fork(), i === 0 ? p.noisyFactor : 1)
    this.interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(this.interval, () => {
      for (const k of ['accepted', 'rejected', 'unauthorized'] as const) this.series[k].add(this.sim.now, round(this.window[k] / this.interval, 3))
      this.window = { accepted: 0, rejected: 0, unauthorized: 0 }
    })
  }

  private drive(tenant: Tenant, rng: Rng, factor: number): void {
    const rate = this.p.offeredRate * factor
    const send = (): void => this.request(tenant, rng)
    if (this.p.traffic === 'boundary') {
      // A full window's limit just before and just after every boundary: the fixed window's
      // worst case, twice its limit inside a sliver of time.
      const W = this.p.window
      const eps = W / 100
      const burst = (k: number): void => {
        this.sim.at(k * W - eps, () => {
          for (let i = 0; i < tenant.config.limit; i++) send()
        })
        this.sim.at(k * W + eps, () => {
          for (let i = 0; i < tenant.config.limit; i++) send()
          burst(k + 1)
        })
      }
      burst(1)
      return
    }
    const batch = this.p.traffic === 'bursty' ? 10 : 1
    const next = (): void => {
      for (let i = 0; i < batch; i++) send()
      this.sim.after(exponential(rng, rate / batch), next)
    }
    this.sim.at(exponential(rng, rate / batch), next)
  }

  private request(tenant: Tenant, rng: Rng): void {
    this.requests++
    const now = this.sim.now
    if (this.down.has('gateway')) return void this.unavailable++
    // Authentication first: a bad key costs one lookup and never reaches a limiter or backend.
    if (rng.next() < this.p.invalidKeyFraction) {
      this.unauthorized++
      this.window.unauthorized++
      return
    }
    if (!tenant.limiter.admit(now)) {
      tenant.rejected++
      this.window.rejected++
      return
    }
    tenant.accepted.push(now)
    this.window.accepted++
    const service = rng.int(this.p.services)
    if (this.down.has(`svc-${service}`)) this.unavailable++
    else this.backend[service]!++
  }

  fail(nodeId: string): void {
    if (nodeId === 'gateway' || /^svc-\d+$/.test(nodeId)) this.down.add(nodeId)
  }

  heal(nodeId: string): void {
    this.down.delete(nodeId)
  }

  state(): RunState {
    return {
      time: this.sim.now,
      nodes: [
        ...this.tenants.map((t) => ({ id: t.id, label: `${t.id} (${t.plan})`, kind: 'client' as const, up: true, queue: 0, busy: 0 })),
        { id: 'gateway', label: 'API gateway', kind: 'gateway' as const, up: !this.down.has('gateway'), queue: this.tenants.reduce((a, t) => a + t.limiter.queued, 0), busy: 0 },
        ...this.backend.map((served, i) => ({ id: `svc-${i}`, label: `service ${i}`, kind: 'service' as const, up: !this.down.has(`svc-${i}`), queue: 0, busy: served })),
      ],
      inFlight: [],
      partitions: [],
    }
  }

  /** Max admissions in any window of length tau, per tenant, against the algorithm's bound. */
  envelope(tenant: Tenant, tau: number): { max: number; bound: number } {
    return { max: maxInWindow(tenant.accepted, tau), bound: admissionBound(this.p.algorithm, tenant.config, tau) }
  }

  metrics(): Metrics {
    const W = this.p.window
    const t0 = this.tenants[0]!
    const taus = [0.1, 0.25, 0.5, 1, 2, 5, 10].map((k) => k * W)
    const accepted = this.tenants.reduce((a, t) => a + t.accepted.length, 0)
    // Against the window's limit L: 1 means never above L in any window W; fixed windows reach 2.
    const overLimit = Math.max(...this.tenants.map((t) => maxInWindow(t.accepted, W) / t.config.limit))
    const overBound = Math.max(...this.tenants.flatMap((t) => taus.map((tau) => { const e = this.envelope(t, tau); return e.max / e.bound })))
    const invoice = (t: Tenant): number => (t.accepted.length / 1000) * (t.plan === 'pro' ? this.p.pricePro : this.p.priceFree)
    return {
      time: this.sim.now,
      values: {
        requests: this.requests,
        accepted,
        rejected: this.tenants.reduce((a, t) => a + t.rejected, 0),
        unauthorized: this.unauthorized,
        unavailable: this.unavailable,
        backendRequests: this.backend.reduce((a, b) => a + b, 0),
        maxAcceptedInWindow: maxInWindow(t0.accepted, W),
        windowLimit: t0.config.limit,
        maxInWindowOverLimit: round(overLimit),
        maxEnvelopeOverBound: round(overBound),
        billedRequests: accepted,
        revenue: round(this.tenants.reduce((a, t) => a + invoice(t), 0)),
      },
      series: {
        accepted: this.series.accepted.series,
        rejected: this.series.rejected.series,
        unauthorized: this.series.unauthorized.series,
        envelope: { t: taus, v: taus.map((tau) => this.envelope(t0, tau).max) },
        envelopeBound: { t: taus, v: taus.map((tau) => round(this.envelope(t0, tau).bound)) },
      },
      perNode: Object.fromEntries([
        ...this.tenants.map((t) => [t.id, { accepted: t.accepted.length, rejected: t.rejected, invoice: round(invoice(t)) }]),
        ...this.backend.map((served, i) => [`svc-${i}`, { served }]),
      ]),
    }
  }
}
