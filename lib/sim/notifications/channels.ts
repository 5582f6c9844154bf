// Delivery channels and the retry loop on top of them. A send takes the channel's latency and
// then succeeds or fails; a failed send is retried with exponential backoff and full jitter
// (so a channel outage does not come back as a synchronized wave), and given up after
// `maxRetries`. Every attempt is billed, failed ones included.
import { lognormal, type Rng, type Simulation } from '@/lib/sim/engine'

export type ChannelName = 'push' | 'email' | 'sms'
export const CHANNELS: readonly ChannelName[] = ['push', 'email', 'sms']

export type ChannelConfig = { latency: number; failure: number; cost: number }
export type Send = { id: number; from: string; to: ChannelName; sentAt: number; arriveAt: number }

export class Channel {
  up = true
  sends = 0
  failures = 0
  cost = 0
  readonly inFlight = new Set<Send>()

  constructor(
    private readonly sim: Simulation,
    readonly name: ChannelName,
    private readonly config: ChannelConfig,
    private readonly latencyRng: Rng,
    private readonly failureRng: Rng,
  ) {}

  send(id: number, from: string, done: (ok: boolean) => void): void {
    const now = this.sim.now
    const s: Send = { id, from, to: this.name, sentAt: now, arriveAt: now + lognormal(this.latencyRng, this.config.latency, 1) }
    this.sends++
    this.cost += this.config.cost
    this.inFlight.add(s)
    this.sim.at(s.arriveAt, () => {
      this.inFlight.delete(s)
      const ok = this.failureRng.next() >= this.config.failure && this.up
      if (!ok) this.failures++
      done(ok)
    })
  }
}

export type RetryConfig = { maxRetries: number; backoff: number }

/** Send through `channel`, retrying failures; `done(true)` at delivery, `done(false)` when given up. */
export function sendWithRetry(sim: Simulation, channel: Channel, retry: RetryConfig, jitterRng: Rng, id: number, from: string, onRetry: () => void, done: (ok: boolean) => void): void {
  const attempt = (k: number): void =>
    channel.send(id, from, (ok) => {
      if (ok) return done(true)
      if (k >= retry.maxRetries) return done(false)
      onRetry()
      sim.after(jitterRng.next() * retry.backoff * 2 ** k, () => attempt(k + 1))
    })
  attempt(0)
}
