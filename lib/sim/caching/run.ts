// One caching run: Poisson requests for Zipf-popular objects (independent reference model) hit
// a cache in front of a database. Reads fill the cache on a miss; writes follow the write
// policy. Latency is cache latency plus database latency when the database is touched.
import {
  BaseRun,
  Rng,
  SeriesRecorder,
  constantLike,
  Simulation,
  Zipf,
  exponential,
  round,
  type Metrics,
  type ParamValues,
  type RunState,
} from '@/lib/sim/engine'
import { cheHitRatio, topHitRatio } from './che'
import type { cachingParams } from './params'
import { makeCache, type EvictionCache, type Entry } from './policies'

export type CachingParams = ParamValues<typeof cachingParams.specs>

export class CachingRun extends BaseRun {
  private readonly cache: EvictionCache
  private readonly zipf: Zipf
  private cacheUp = true
  private reads = 0
  private hits = 0
  private writes = 0
  private dbReads = 0
  private dbWrites = 0
  private evictions = 0
  private latencySum = 0
  private requests = 0
  private window = { reads: 0, hits: 0, db: 0 }
  private readonly hitSeries = new SeriesRecorder()
  private readonly dbSeries = new SeriesRecorder()
  private readonly interval: number
  private theory: { che: number; top: number } | undefined

  constructor(
    private readonly p: CachingParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    const arrivals = root.fork()
    const keys = root.fork()
    this.cache = makeCache(p.policy, p.cacheSize, root.fork())
    this.zipf = new Zipf(p.keys, p.zipfSkew)
    const arrive = (): void => {
      this.request(this.zipf.sample(keys), keys.next() < p.readRatio)
      this.sim.after(exponential(arrivals, p.requestRate), arrive)
    }
    this.sim.at(exponential(arrivals, p.requestRate), arrive)
    this.interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(this.interval, () => this.sample())
  }

  private entry(dirty: boolean): Entry {
    return { dirty, expires: this.p.policy === 'ttl' ? this.sim.now + this.p.ttl : Infinity }
  }

  private store(key: number, dirty: boolean): void {
    const victim = this.cache.insert(key, this.entry(dirty), this.sim.now)
    if (!victim) return
    this.evictions++
    // Write-back defers the database write until the dirty object leaves the cache.
    if (victim.entry.dirty) this.dbWrites++
  }

  private request(key: number, read: boolean): void {
    const counted = this.sim.now >= this.p.warmup
    const { cacheLatency, dbLatency } = this.p
    let latency = cacheLatency
    if (read) {
      const hit = this.cacheUp && this.cache.lookup(key, this.sim.now) !== undefined
      if (!hit) {
        this.dbReads++
        this.window.db++
        latency += dbLatency
        if (this.cacheUp) this.store(key, false)
      }
      this.window.reads++
      if (hit) this.window.hits++
      if (counted) {
        this.reads++
        if (hit) this.hits++
      }
    } else {
      this.writes++
      const policy = this.cacheUp ? this.p.writePolicy : 'write-around'
      if (policy === 'write-through') {
        this.store(key, false)
        this.dbWrites++
        latency += dbLatency
      } else if (policy === 'write-back') {
        this.store(key, true)
      } else {
        this.cache.remove(key)
        this.dbWrites++
        latency = dbLatency
      }
      if (policy !== 'write-back') this.window.db++
    }
    if (counted) {
      this.requests++
      this.latencySum += latency
    }
  }

  private sample(): void {
    const w = this.window
    if (w.reads > 0) this.hitSeries.add(this.sim.now, round(w.hits / w.reads, 4))
    this.dbSeries.add(this.sim.now, round(w.db / this.interval, 3))
    this.window = { reads: 0, hits: 0, db: 0 }
  }

  /** Failing the cache drops its contents (a restart comes back cold); dirty data is lost. */
  fail(nodeId: string): void {
    if (nodeId !== 'cache' || !this.cacheUp) return
    this.cacheUp = false
    this.cache.clear()
  }

  heal(nodeId: string): void {
    if (nodeId === 'cache') this.cacheUp = true
  }

  state(): RunState {
    return {
      time: this.sim.now,
      nodes: [
        { id: 'clients', label: 'Clients', kind: 'client', up: true, queue: 0, busy: 0 },
        {
          id: 'cache',
          label: `Cache (${this.p.policy.toUpperCase()})`,
          kind: 'cache',
          up: this.cacheUp,
          queue: 0,
          busy: this.cache.size,
          capacity: this.p.cacheSize,
          gauge: this.cache.size / this.p.cacheSize,
        },
        { id: 'db', label: 'Database', kind: 'database', up: true, queue: 0, busy: this.window.db },
      ],
      inFlight: [],
      partitions: [],
    }
  }

  metrics(): Metrics {
    // The theory values cost O(keys x 100); compute once per run.
    this.theory ??= {
      che: cheHitRatio(this.zipf.probabilities, this.p.cacheSize),
      top: topHitRatio(this.zipf.probabilities, this.p.cacheSize),
    }
    const elapsed = Math.max(1e-9, this.sim.now)
    return {
      time: this.sim.now,
      values: {
        reads: this.reads,
        writes: this.writes,
        hitRatio: this.reads ? round(this.hits / this.reads) : null,
        cheHitRatio: round(this.theory.che),
        topHitRatio: round(this.theory.top),
        dbReads: this.dbReads,
        dbWrites: this.dbWrites,
        dbLoad: round((this.dbReads + this.dbWrites) / elapsed),
        evictions: this.evictions,
        meanLatency: this.requests ? round(this.latencySum / this.requests) : null,
        cached: this.cache.size,
      },
      series: { hitRatio: this.hitSeries.series, cheHitRatio: constantLike(this.hitSeries.series, round(this.theory.che)), dbLoad: this.dbSeries.series },
      perNode: {},
    }
  }
}
