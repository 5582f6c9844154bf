// One sharding run: users (keys) with a tenant and a region, placed on shards by the chosen
// shard key and placement; Zipf-popular single-key queries and fan-out queries; an optional
// resize at a set time that counts the keys that change owner.
import {
  BaseRun,
  Rng,
  SeriesRecorder,
  theoryAt,
  Simulation,
  Zipf,
  coefficientOfVariation,
  exponential,
  percentile,
  round,
  type Metrics,
  type ParamValues,
  type RunState,
} from '@/lib/sim/engine'
import type { shardingParams } from './params'
import { expectedMovedFraction, makePlacement, type KeyValue, type Placement } from './placement'

export type ShardingParams = ParamValues<typeof shardingParams.specs>

export class ShardingRun extends BaseRun {
  private shards: string[]
  private readonly placement: Placement
  private readonly keyValues: KeyValue[]
  /** Owner of each user's data now. */
  private owners: string[]
  private readonly down = new Set<string>()
  private readonly load = new Map<string, number>()
  private readonly latencies: number[] = []
  private readonly hotSeries = new SeriesRecorder()
  private readonly movedSeries = new SeriesRecorder()
  private windowLoad = new Map<string, number>()
  private moved: number | null = null
  private expectedMoved: number | null = null
  private queries = 0
  private crossQueries = 0
  private slowCross = 0
  private failedQueries = 0
  private readonly rng: Rng

  constructor(
    private readonly p: ShardingParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    const population = root.fork()
    const arrivals = root.fork()
    this.rng = root.fork()
    this.shards = Array.from({ length: p.shards }, (_, i) => `shard-${i}`)
    const tenantSizes = new Zipf(p.tenants, p.tenantSkew)
    this.keyValues = Array.from({ length: p.keys }, (_, u) => {
      const tenant = tenantSizes.sample(population)
      const region = population.int(p.regions)
      if (p.shardKey === 'tenant') return { text: `t${tenant}`, ordinal: tenant, space: p.tenants }
      if (p.shardKey === 'region') return { text: `r${region}`, ordinal: region, space: p.regions }
      return { text: `u${u}`, ordinal: u, space: p.keys }
    })
    this.placement = makePlacement(p.placement, this.shards, p.virtualNodes, seed)
    this.owners = this.keyValues.map((k) => this.placement.owner(k))

    // Popularity rank -> user through a shuffle, so hot users are not the low ids (which would
    // make range placement look worse than it is).
    const popularity = new Zipf(p.keys, p.keySkew)
    const byRank = Array.from({ length: p.keys }, (_, i) => i)
    for (let i = byRank.length - 1; i > 0; i--) {
      const j = population.int(i + 1)
      ;[byRank[i], byRank[j]] = [byRank[j]!, byRank[i]!]
    }
    const arrive = (): void => {
      this.query(byRank[popularity.sample(arrivals)]!)
      this.sim.after(exponential(arrivals, p.requestRate), arrive)
    }
    this.sim.at(exponential(arrivals, p.requestRate), arrive)
    if (p.resize !== 'none') this.sim.at(p.resizeAt, () => this.resize(p.resize === 'add' ? 1 : -1))
    this.sim.every(Math.max(horizon / 200, 1e-6), () => this.sample())
  }

  private shardLatency(): number {
    return this.rng.next() < this.p.slowProbability ? this.p.slowLatency : this.p.shardLatency
  }

  private count(shard: string): void {
    this.load.set(shard, (this.load.get(shard) ?? 0) + 1)
    this.windowLoad.set(shard, (this.windowLoad.get(shard) ?? 0) + 1)
  }

  private query(user: number): void {
    this.queries++
    if (this.rng.next() >= this.p.crossShardFraction) {
      const shard = this.owners[user]!
      this.count(shard)
      if (this.down.has(shard)) this.failedQueries++
      else this.latencies.push(this.shardLatency())
      return
    }
    // A fan-out query waits for its slowest shard (Dean and Barroso, "The Tail at Scale").
    this.crossQueries++
    const k = Math.min(this.p.fanout, this.shards.length)
    const pool = [...this.shards]
    let worst = 0
    let failed = false
    for (let i = 0; i < k; i++) {
      const [shard] = pool.splice(this.rng.int(pool.length), 1)
      this.count(shard!)
      if (this.down.has(shard!)) failed = true
      worst = Math.max(worst, this.shardLatency())
    }
    if (failed) this.failedQueries++
    else {
      if (worst >= this.p.slowLatency && this.p.slowLatency > this.p.shardLatency) this.slowCross++
      this.latencies.push(worst)
    }
  }

  private resize(delta: 1 | -1): void {
    const before = this.shards.length
    if (delta < 0 && before <= 1) return
    this.shards = delta > 0 ? [...this.shards, `shard-${before}`] : this.shards.slice(0, -1)
    this.placement.resize(this.shards)
    const next = this.keyValues.map((k) => this.placement.owner(k))
    this.moved = next.reduce((n, owner, i) => n + (owner === this.owners[i] ? 0 : 1), 0)
    this.expectedMoved = expectedMovedFraction(this.p.placement, before, this.shards.length)
    this.owners = next
  }

  private sample(): void {
    const total = [...this.windowLoad.values()].reduce((a, b) => a + b, 0)
    if (total > 0) this.hotSeries.add(this.sim.now, round(Math.max(...this.windowLoad.values()) / total, 4))
    this.windowLoad = new Map()
    if (this.p.resize !== 'none') this.movedSeries.add(this.sim.now, this.moved === null ? 0 : round(this.moved / this.p.keys))
  }

  /** The theory line for the moved fraction: 0 before the resize, the formula's value after. */
  private expectedMovedAt(t: number): number | null {
    if (t < this.p.resizeAt) return 0
    const n = this.p.shards
    const m = this.p.resize === 'add' ? n + 1 : Math.max(1, n - 1)
    return expectedMovedFraction(this.p.placement, n, m)
  }

  private keysPerShard(): Map<string, number> {
    const counts = new Map<string, number>(this.shards.map((s) => [s, 0]))
    for (const owner of this.owners) counts.set(owner, (counts.get(owner) ?? 0) + 1)
    return counts
  }

  fail(nodeId: string): void {
    if (this.shards.includes(nodeId)) this.down.add(nodeId)
  }

  heal(nodeId: string): void {
    this.down.delete(nodeId)
  }

  state(): RunState {
    const counts = this.keysPerShard()
    return {
      time: this.sim.now,
      nodes: this.shards.map((s) => ({
        id: s,
        label: s,
        kind: 'shard' as const,
        up: !this.down.has(s),
        queue: 0,
        busy: counts.get(s) ?? 0,
        gauge: (counts.get(s) ?? 0) / Math.max(1, this.p.keys),
      })),
      inFlight: [],
      partitions: [],
    }
  }

  metrics(): Metrics {
    const counts = [...this.keysPerShard().values()]
    const mean = this.p.keys / this.shards.length
    const loads = this.shards.map((s) => this.load.get(s) ?? 0)
    const totalLoad = loads.reduce((a, b) => a + b, 0)
    const k = Math.min(this.p.fanout, this.shards.length)
    return {
      time: this.sim.now,
      values: {
        shards: this.shards.length,
        keysMoved: this.moved,
        movedFraction: this.moved === null ? null : round(this.moved / this.p.keys),
        expectedMovedFraction: this.expectedMoved === null ? null : round(this.expectedMoved),
        keyCV: round(coefficientOfVariation(counts)),
        maxOverMeanKeys: round(Math.max(...counts) / mean),
        loadCV: round(coefficientOfVariation(loads)),
        hottestShardShare: totalLoad ? round(Math.max(...loads) / totalLoad) : null,
        queries: this.queries,
        crossShardQueries: this.crossQueries,
        failedQueries: this.failedQueries,
        slowCrossShardFraction: this.crossQueries ? round(this.slowCross / this.crossQueries) : null,
        expectedSlowCrossShardFraction: round(1 - Math.pow(1 - this.p.slowProbability, k)),
        latencyP50: percentile(this.latencies, 0.5),
        latencyP99: percentile(this.latencies, 0.99),
      },
      series: {
        hottestShardShare: this.hotSeries.series,
        movedFraction: this.movedSeries.series,
        expectedMovedFraction: theoryAt(this.movedSeries.series, (t) => this.expectedMovedAt(t)),
      },
      perNode: Object.fromEntries(
        this.shards.map((s) => [s, { keys: this.keysPerShard().get(s) ?? 0, queries: this.load.get(s) ?? 0 }]),
      ),
    }
  }
}
