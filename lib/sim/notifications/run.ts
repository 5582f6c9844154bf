// One notification-service run: producers -> dedup -> quiet-hour holds and digests -> a
// priority queue -> workers (per-user rate limit at pick time) -> push/email/SMS with retries.
import { BaseRun, Rng, SeriesRecorder, Simulation, exponential, round, type Metrics, type ParamValues, type RunState } from '@/lib/sim/engine'
import { CHANNELS, Channel, sendWithRetry, type ChannelName } from './channels'
import { DedupWindow } from './dedup'
import { DeliveryLedger } from './ledger'
import type { notificationsParams } from './params'
import { PRIORITY_NAMES, WorkQueue } from './priority-queue'
import { startProducers, type Note } from './producers'
import { QuietHours } from './quiet-hours'
import { UserLimiter } from './user-limit'

export type NotificationsParams = ParamValues<typeof notificationsParams.specs>

type Worker = { id: string; up: boolean; current: Note | null; processed: number }
type User = { offset: number; channel: ChannelName; held: Note[]; digest: Note[]; deferred: Note[]; waking: boolean }

const SEC = 1 / 60

export class NotificationsRun extends BaseRun {
  readonly queue: WorkQueue<Note>
  readonly limiter: UserLimiter
  readonly channels: Record<ChannelName, Channel>
  private readonly users: User[]
  private readonly workers: Worker[]
  private readonly dedup: DedupWindow | null
  private readonly quiet: QuietHours
  private readonly workRng: Rng
  private readonly jitterRng: Rng
  private readonly deferredIds = new Set<number>()
  private readonly ledger = new DeliveryLedger()
  readonly counts = { emitted: 0, repeatsEmitted: 0, deduped: 0, failed: 0, rateLimited: 0, deferred: 0, heldForQuiet: 0, digests: 0, retries: 0 }
  private heldNow = 0
  private bufferedNow = 0
  private nextId = 0
  private readonly interval: number
  private readonly series = { queue: new SeriesRecorder(), held: new SeriesRecorder(), delivered: new SeriesRecorder(), highP99: new SeriesRecorder() }

  constructor(
    private readonly p: NotificationsParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    const streams = { arrivals: root.fork(), users: root.fork(), priority: root.fork(), repeats: root.fork() }
    const userRng = root.fork()
    this.workRng = root.fork()
    this.jitterRng = root.fork()
    const cfg = {
      push: { latency: p.pushLatency * SEC, failure: p.pushFailure, cost: p.pushCost },
      email: { latency: p.emailLatency * SEC, failure: p.emailFailure, cost: p.emailCost },
      sms: { latency: p.smsLatency * SEC, failure: p.smsFailure, cost: p.smsCost },
    }
    this.channels = Object.fromEntries(CHANNELS.map((c) => [c, new Channel(this.sim, c, cfg[c], root.fork(), root.fork())])) as Record<ChannelName, Channel>
    this.users = Array.from({ length: p.users }, () => {
      const offset = userRng.int(24) - 12
      const u = userRng.next()
      return { offset: p.timezones ? offset : 0, channel: u < 0.6 ? 'push' : u < 0.9 ? 'email' : 'sms', held: [], digest: [], deferred: [], waking: false }
    })
    this.workers = Array.from({ length: p.workers }, (_, i) => ({ id: `w${i}`, up: true, current: null, processed: 0 }))
    this.queue = new WorkQueue(p.queue)
    this.limiter = new UserLimiter(p.rateLimit, p.rateWindow)
    this.dedup = p.dedup ? new DedupWindow(p.dedupWindow * SEC) : null
    this.quiet = new QuietHours(p.quietHours, p.quietStart, p.quietEnd)
    const producer = { ...p, repeatDelay: p.repeatDelay * SEC }
    startProducers(this.sim, producer, streams, () => this.nextId++, (n) => this.intake(n))
    if (p.batching) this.sim.every(p.digestInterval, () => this.flushDigests())
    this.interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(this.interval, () => this.sample())
  }

  private intake(note: Note): void {
    this.counts.emitted++
    if (note.repeat) this.counts.repeatsEmitted++
    if (this.dedup?.check(note.key, this.sim.now)) return void this.counts.deduped++
    this.route(note)
  }

  /** Digest low items, hold non-high items in quiet hours, queue the rest. */
  private route(note: Note): void {
    const user = this.users[note.user]!
    if (note.priority === 2 && this.p.batching && !note.parts) {
      user.digest.push(note)
      this.bufferedNow++
      return
    }
    if (note.priority > 0 && this.quiet.isQuiet(this.sim.now, user.offset)) {
      this.counts.heldForQuiet++
      this.heldNow++
      if (user.held.length === 0) this.sim.at(this.quiet.nextEnd(this.sim.now, user.offset), () => this.release(user))
      user.held.push(note)
      return
    }
    this.queue.push(note)
    this.kick()
  }

  private release(user: User): void {
    const held = user.held.splice(0)
    this.heldNow -= held.length
    for (const n of held) this.route(n)
  }

  private flushDigests(): void {
    const now = this.sim.now
    for (const [i, user] of this.users.entries()) {
      if (user.digest.length === 0 || this.quiet.isQuiet(now, user.offset)) continue
      const parts = user.digest.splice(0)
      this.bufferedNow -= parts.length
      this.counts.digests++
      const id = this.nextId++
      this.queue.push({ id, user: i, priority: 2, key: -1 - id, createdAt: now, repeat: false, parts })
    }
    this.kick()
  }

  private kick(): void {
    for (const w of this.workers) if (w.up && !w.current) this.pick(w)
  }

  private pick(w: Worker): void {
    for (;;) {
      const note = this.queue.pop()
      if (!note) return
      const user = this.users[note.user]!
      const admitted = this.limiter.admit(note.user, this.sim.now)
      if (!admitted.ok) {
        // Over the user's limit: high priority waits for a free slot, the rest is dropped.
        if (note.priority > 0) this.counts.rateLimited += note.parts?.length ?? 1
        else this.defer(user, note, admitted.retryAt)
        continue
      }
      if (user.deferred.length > 0) this.wakeAt(user, this.limiter.nextSlot(note.user, this.sim.now))
      w.current = note
      this.sim.after(exponential(this.workRng, 1 / (this.p.workTime * SEC)), () => {
        w.current = null
        w.processed++
        this.dispatch(note, w.id)
        if (w.up) this.pick(w)
      })
      return
    }
  }

  /** One deferred item per user is back in the queue at a time, so a backlog costs no events. */
  private defer(user: User, note: Note, retryAt: number): void {
    if (this.deferredIds.has(note.id)) user.deferred.unshift(note)
    else {
      this.deferredIds.add(note.id)
      this.counts.deferred++
      user.deferred.push(note)
    }
    this.wakeAt(user, retryAt)
  }

  private wakeAt(user: User, time: number): void {
    if (user.waking) return
    user.waking = true
    this.sim.at(Math.max(time, this.sim.now), () => {
      user.waking = false
      const next = user.deferred.shift()
      if (next) this.route(next)
    })
  }

  private dispatch(note: Note, from: string): void {
    const channel = this.channels[note.parts ? 'email' : this.users[note.user]!.channel]
    const retry = { maxRetries: this.p.maxRetries, backoff: this.p.retryBackoff * SEC }
    sendWithRetry(this.sim, channel, retry, this.jitterRng, note.id, from, () => this.counts.retries++, (ok) => {
      const items = note.parts ?? [note]
      if (!ok) return void (this.counts.failed += items.length)
      for (const item of items) this.ledger.record(item, this.sim.now)
    })
  }

  private sample(): void {
    const now = this.sim.now
    this.series.queue.add(now, this.queue.length)
    this.series.held.add(now, this.heldNow + this.bufferedNow)
    const l = this.ledger
    this.series.delivered.add(now, round(l.windowDelivered / this.interval, 3))
    const p99 = l.windowHigh.quantile(0.99)
    if (p99 !== null) this.series.highP99.add(now, round(p99, 3))
    l.windowHigh.clear()
    l.windowDelivered = 0
  }

  fail(nodeId: string): void {
    const w = this.workers.find((x) => x.id === nodeId)
    if (w) w.up = false
    if ((CHANNELS as readonly string[]).includes(nodeId)) this.channels[nodeId as ChannelName].up = false
  }

  heal(nodeId: string): void {
    const w = this.workers.find((x) => x.id === nodeId)
    if (w && !w.up) {
      w.up = true
      if (!w.current) this.pick(w)
    }
    if ((CHANNELS as readonly string[]).includes(nodeId)) this.channels[nodeId as ChannelName].up = true
  }

  state(): RunState {
    const sends = CHANNELS.flatMap((c) => [...this.channels[c].inFlight].slice(-80)).sort((a, b) => a.sentAt - b.sentAt).slice(-80)
    return {
      time: this.sim.now,
      nodes: [
        { id: 'producers', label: 'Producers', kind: 'client', up: true, queue: 0, busy: 0 },
        { id: 'dedup', label: 'Dedup', kind: 'gateway', up: true, queue: 0, busy: this.dedup?.size ?? 0, role: this.dedup ? 'on' : 'off' },
        { id: 'held', label: 'Quiet hours / digests', kind: 'storage', up: true, queue: this.heldNow + this.bufferedNow, busy: 0 },
        { id: 'queue', label: 'Work queue', kind: 'queue', up: true, queue: this.queue.length, busy: 0, role: this.p.queue },
        ...this.workers.map((w) => ({ id: w.id, label: w.id, kind: 'worker' as const, up: w.up, queue: 0, busy: w.current ? 1 : 0, capacity: 1, gauge: w.current ? 1 : 0 })),
        ...CHANNELS.map((c) => ({ id: c, label: c, kind: 'channel' as const, up: this.channels[c].up, queue: 0, busy: this.channels[c].inFlight.size })),
      ],
      inFlight: sends.map((s) => ({ id: `n${s.id}-${s.sentAt}`, kind: 'notification', from: s.from, to: s.to, sentAt: s.sentAt, arriveAt: s.arriveAt })),
      partitions: [],
    }
  }

  metrics(): Metrics {
    const c = this.counts
    const q = (p: number, x: number): number | null => {
      const v = this.ledger.latency[p]!.quantile(x)
      return v === null ? null : round(v, 3)
    }
    const cost = CHANNELS.reduce((a, ch) => a + this.channels[ch].cost, 0)
    const values: Record<string, number | null> = {
      ...c,
      delivered: this.ledger.delivered,
      repeatsDelivered: this.ledger.repeatsDelivered,
      duplicatesDelivered: this.ledger.duplicatesDelivered,
      dropped: c.failed + c.rateLimited,
      queued: this.queue.length,
      held: this.heldNow + this.bufferedNow,
      cost: round(cost),
      sends: CHANNELS.reduce((a, ch) => a + this.channels[ch].sends, 0),
      priorityViolations: this.queue.violations,
      overtakes: this.queue.overtakes,
      maxPerUserInWindow: this.limiter.maxInWindow,
      rateLimit: this.p.rateLimit,
    }
    for (const [i, name] of PRIORITY_NAMES.entries()) {
      const cap = name[0]!.toUpperCase() + name.slice(1)
      values[`delivered${cap}`] = this.ledger.byPriority[i]!
      values[`latency${cap}P50`] = q(i, 0.5)
      values[`latency${cap}P99`] = q(i, 0.99)
    }
    return {
      time: this.sim.now,
      values,
      series: Object.fromEntries(Object.entries(this.series).map(([k, s]) => [k, s.series])),
      perNode: Object.fromEntries([
        ...CHANNELS.map((ch) => [ch, { sends: this.channels[ch].sends, failures: this.channels[ch].failures, cost: round(this.channels[ch].cost) }]),
        ...this.workers.map((w) => [w.id, { processed: w.processed }]),
      ]),
    }
  }
}
