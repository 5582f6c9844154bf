// One CQRS feed run: posts commit to the write store and reach the read store after a
// replication lag; feeds are built by fan-out on write (each post copied into every follower's
// timeline), fan-out on read (a read pulls every followee's recent posts) or the hybrid
// (celebrities above a follower threshold are pulled). Every read is audited against the
// write store: which posts it should show, and which of those it missed.
import { BaseRun, Rng, SeriesRecorder, Simulation, constantLike, exponential, percentile, round, type Flight, type Metrics, type RunState } from '@/lib/sim/engine'
import { LogHistogram } from '@/lib/sim/engine'
import { FeedStore, newest, type Post } from './feeds'
import { activityCdf, buildGraph, pushWork, sampleCdf, type FollowGraph } from './graph'
import type { CqrsFanoutParams } from './params'
import { readAudit, type ReadAudit } from './audit'

const MAX_FLIGHTS = 80

export class CqrsFanoutRun extends BaseRun {
  readonly graph: FollowGraph
  readonly posts: Post[] = []
  /** The write store: every post, per author, oldest first. */
  readonly byAuthor = new Map<number, Post[]>()
  readonly audit: ReadAudit = { reads: 0, checkedPosts: 0, missedAfterLag: 0, staleReads: 0, stalenessSum: 0, maxStaleness: 0 }
  private readonly timelines: FeedStore
  private readonly authorLists: FeedStore
  private readonly down = new Set<string>()
  private readonly pendingReplication: Post[] = []
  private readonly pendingFanout: Post[] = []
  private readonly latency = new LogHistogram({ floor: 1e-4 })
  private readonly flights: Flight[] = []
  private flightSeq = 0
  fanoutWrites = 0
  /** Mean and variance of fan-out work per post, from the graph and the activity weights. */
  readonly theory: { mean: number; variance: number }
  maxFanout = 0
  replicated = 0
  private sources = 0
  private failedReads = 0
  private window = { inserts: 0, reads: 0, stale: 0, latencies: [] as number[] }
  private readonly series = { fanoutWrites: new SeriesRecorder(), readLatencyP99: new SeriesRecorder(), staleFraction: new SeriesRecorder() }

  constructor(
    private readonly p: CqrsFanoutParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    // One stream each, so switching the strategy replays the same graph, posts, lags and reads.
    this.graph = buildGraph(p, root.fork())
    const postRng = root.fork()
    const lagRng = root.fork()
    const readRng = root.fork()
    const fetchRng = root.fork()
    this.timelines = new FeedStore(p.feedSize)
    this.authorLists = new FeedStore(p.feedSize)
    const activity = activityCdf(this.graph, p.activitySkew)
    this.theory = pushWork(this.graph, activity, (f) => p.strategy === 'push' || (p.strategy === 'hybrid' && f <= p.celebrityThreshold))
    const nextPost = (): void => {
      this.post(sampleCdf(activity, postRng.next()), lagRng.next())
      this.sim.after(exponential(postRng, p.postRate), nextPost)
    }
    this.sim.at(exponential(postRng, p.postRate), nextPost)
    const nextRead = (): void => {
      this.read(readRng.int(p.users), fetchRng.next())
      this.sim.after(exponential(readRng, p.readRate), nextRead)
    }
    this.sim.at(exponential(readRng, p.readRate), nextRead)
    const interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(interval, () => {
      const w = this.window
      const t = this.sim.now
      this.series.fanoutWrites.add(t, round(w.inserts / interval, 3))
      this.series.readLatencyP99.add(t, round(percentile(w.latencies, 0.99) ?? 0, 3))
      this.series.staleFraction.add(t, w.reads ? round(w.stale / w.reads, 4) : 0)
      this.window = { inserts: 0, reads: 0, stale: 0, latencies: [] }
    })
  }

  isCelebrity(author: number): boolean {
    return this.p.strategy === 'hybrid' && this.graph.followerCount[author]! > this.p.celebrityThreshold
  }

  private post(author: number, u: number): void {
    const now = this.sim.now
    const lag = this.p.replicationLag * (1 - this.p.lagJitter * u)
    const post = { id: this.posts.length, author, time: now, visibleAt: now + lag }
    this.posts.push(post)
    let list = this.byAuthor.get(author)
    if (!list) this.byAuthor.set(author, (list = []))
    list.push(post)
    this.flight('replicate', 'write-store', 'read-store', now, post.visibleAt)
    this.sim.at(post.visibleAt, () => (this.down.has('read-store') ? this.pendingReplication.push(post) : this.replicate(post)))
  }

  private replicate(post: Post): void {
    this.replicated++
    this.authorLists.insert(post.author, post)
    if (this.p.strategy === 'pull' || this.isCelebrity(post.author)) return
    if (this.down.has('fanout')) this.pendingFanout.push(post)
    else this.fanOut(post)
  }

  private fanOut(post: Post): void {
    const g = this.graph
    for (let i = g.followerStart[post.author]!; i < g.followerStart[post.author + 1]!; i++) {
      this.timelines.insert(g.followers[i]!, post)
      this.fanoutWrites++
      this.window.inserts++
    }
    this.maxFanout = Math.max(this.maxFanout, g.followerCount[post.author]!)
    this.flight('fanout', 'fanout', 'feed-cache', this.sim.now, this.sim.now + g.followerCount[post.author]! / this.p.insertRate)
  }

  private read(reader: number, u: number): void {
    const now = this.sim.now
    if (this.down.has('read-store')) return void this.failedReads++
    const g = this.graph
    const lists: (readonly Post[])[] = []
    if (this.p.strategy !== 'pull') lists.push(this.timelines.get(reader))
    for (let i = g.followeeStart[reader]!; i < g.followeeStart[reader + 1]!; i++) {
      const f = g.followees[i]!
      if (this.p.strategy === 'pull' || this.isCelebrity(f)) lists.push(this.authorLists.get(f))
    }
    const shown = newest(lists, this.p.feedSize)
    // Sources are fetched in parallel and the read waits for the slowest: the maximum of k
    // exponentials, drawn by inverting its CDF (1 - e^-x/m)^k with one uniform.
    const k = lists.length
    const latency = this.p.readBase + (k > 0 ? -Math.log(1 - Math.pow(u, 1 / k)) * this.p.fetchTime : 0)
    this.latency.add(latency)
    this.sources += k
    this.window.reads++
    this.window.latencies.push(latency)
    const stale = readAudit(this.audit, shown, this.followeePosts(reader), now, this.p.replicationLag, this.p.feedSize)
    if (stale) this.window.stale++
    this.flight('read', 'readers', this.p.strategy === 'pull' ? 'read-store' : 'feed-cache', now, now + latency / 1000)
  }

  /** The write store's newest posts by everyone `reader` follows, newest first per author. */
  private followeePosts(reader: number): Post[][] {
    const g = this.graph
    const out: Post[][] = []
    for (let i = g.followeeStart[reader]!; i < g.followeeStart[reader + 1]!; i++) {
      const list = this.byAuthor.get(g.followees[i]!)
      if (list) out.push(list.slice(-this.p.feedSize).reverse())
    }
    return out
  }

  private flight(kind: string, from: string, to: string, sentAt: number, arriveAt: number): void {
    this.flights.push({ id: `f${this.flightSeq++}`, kind, from, to, sentAt, arriveAt })
    if (this.flights.length > MAX_FLIGHTS) this.flights.shift()
  }

  fail(nodeId: string): void {
    if (nodeId === 'read-store' || nodeId === 'fanout') this.down.add(nodeId)
  }

  heal(nodeId: string): void {
    if (!this.down.delete(nodeId)) return
    // The backlog is applied at once: catching up is instant in this model.
    if (nodeId === 'read-store') for (const post of this.pendingReplication.splice(0)) this.replicate(post)
    if (nodeId === 'fanout') for (const post of this.pendingFanout.splice(0)) this.fanOut(post)
  }

  state(): RunState {
    const now = this.sim.now
    const up = (id: string): boolean => !this.down.has(id)
    return {
      time: now,
      nodes: [
        { id: 'writers', label: 'posting users', kind: 'client', up: true, queue: 0, busy: 0 },
        { id: 'write-store', label: 'write store', kind: 'database', up: true, queue: 0, busy: this.posts.length },
        { id: 'read-store', label: 'read store', kind: 'replica', up: up('read-store'), queue: this.posts.length - this.replicated, busy: this.replicated, role: `lag <= ${this.p.replicationLag} s` },
        { id: 'fanout', label: 'fan-out workers', kind: 'worker', up: up('fanout'), queue: this.pendingFanout.length, busy: 0, role: this.p.strategy },
        { id: 'feed-cache', label: 'timelines', kind: 'cache', up: up('read-store'), queue: 0, busy: this.timelines.entries },
        { id: 'readers', label: 'feed readers', kind: 'client', up: true, queue: 0, busy: 0 },
      ],
      inFlight: this.flights.filter((f) => (f.arriveAt ?? now) >= now),
      partitions: [],
    }
  }

  metrics(): Metrics {
    const a = this.audit
    const reads = a.reads
    const replicated = this.replicated
    return {
      time: this.sim.now,
      values: {
        posts: this.posts.length,
        reads,
        failedReads: this.failedReads,
        fanoutWrites: this.fanoutWrites,
        writeAmplification: replicated ? round(this.fanoutWrites / replicated, 4) : null,
        theoryWriteAmplification: round(this.theory.mean, 4),
        maxFanout: this.maxFanout,
        maxFanoutSeconds: round(this.maxFanout / this.p.insertRate, 6),
        readSources: reads ? round(this.sources / reads, 4) : null,
        readLatencyP50: round1(this.latency.quantile(0.5)),
        readLatencyP99: round1(this.latency.quantile(0.99)),
        staleReadFraction: reads ? round(a.staleReads / reads, 4) : null,
        meanStaleness: a.staleReads ? round(a.stalenessSum / a.staleReads, 4) : null,
        maxStaleness: round(a.maxStaleness, 4),
        missedAfterLag: a.missedAfterLag,
        checkedPosts: a.checkedPosts,
      },
      series: {
        fanoutWrites: this.series.fanoutWrites.series,
        // Expected inserts per second: post rate x activity-weighted mean followers of pushed authors.
        theoryFanoutWrites: constantLike(this.series.fanoutWrites.series, round(this.p.postRate * this.theory.mean, 3)),
        readLatencyP99: this.series.readLatencyP99.series,
        staleFraction: this.series.staleFraction.series,
      },
      perNode: {
        'write-store': { posts: this.posts.length },
        'read-store': { posts: replicated },
        'feed-cache': { entries: this.timelines.entries },
        fanout: { writes: this.fanoutWrites },
      },
    }
  }
}

const round1 = (x: number | null): number | null => (x === null ? null : round(x, 3))
