// A run of the board itself: clients send Poisson traffic along the arrows; each component is a
// pool of workers (models.ts) that passes requests on by its kind's rule (routing.ts). A caller
// waits for its solid arrows and not for its dashed ones; a failed dependency fails the caller.
import { BaseRun, LogHistogram, Rng, SeriesRecorder, Simulation, exponential, round, type Metrics, type RunState } from '@/lib/sim/engine'
import { pickTarget } from './balance'
import { Broker } from './broker'
import { FlightRing } from './flights'
import { reachable, sources, type BoardEdge, type GraphLike } from './graph'
import { modelFor } from './models'
import type { BoardSimParams } from './params'
import { routeSpecs } from './routing'
import { Station, type Job, type Reply } from './station'
import { expectedLoad, type Expected } from './theory'
import { nodeMetrics, nodeView } from './view'

type Streams = { arrivals: Rng; service: Rng; route: Rng }

export class BoardRun extends BaseRun {
  readonly stations: Station[]
  readonly expected: Expected
  private readonly byId: Map<string, Station>
  private readonly out = new Map<string, BoardEdge[]>()
  private readonly streams = new Map<string, Streams>()
  private readonly brokers = new Map<string, Broker>()
  private readonly reach: Set<string>
  private readonly flights = new FlightRing()
  private readonly latency = new LogHistogram({ floor: 0.01 })
  private readonly windowLatency = new LogHistogram({ floor: 0.01 })
  private readonly series = { throughput: new SeriesRecorder(), latencyP99: new SeriesRecorder(), errorRate: new SeriesRecorder() }
  private totals = { requests: 0, completed: 0, failed: 0, hopLimited: 0 }
  private window = { completed: 0, failed: 0 }

  constructor(
    graph: GraphLike,
    private readonly p: BoardSimParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const specs = routeSpecs(graph, p)
    this.expected = expectedLoad(graph, p)
    this.reach = reachable(graph)
    this.stations = graph.nodes.map((n) => new Station(n, modelFor(n), specs.get(n.id)!))
    this.byId = new Map(this.stations.map((s) => [s.node.id, s]))
    for (const e of graph.edges) this.out.set(e.from, [...(this.out.get(e.from) ?? []), e])
    // Three streams per component, forked in board order: changing a knob (the balancing policy,
    // a hit ratio) leaves every client's arrival times identical.
    const root = new Rng(seed)
    for (const s of this.stations) this.streams.set(s.node.id, { arrivals: root.fork(), service: root.fork(), route: root.fork() })
    for (const s of this.stations) {
      if (!s.route.decouple) continue
      const lanes = (this.out.get(s.node.id) ?? []).map((edge) => ({ edge, prefetch: this.byId.get(edge.to)!.model.workers }))
      this.brokers.set(s.node.id, new Broker(this.sim, lanes, s.node.kind === 'queue', p.redeliveryDelay, (edge, hops, reply) => this.call(edge, hops, reply), () => s.up))
    }
    for (const client of sources(graph)) this.drive(this.byId.get(client.id)!)
    const interval = Math.max(horizon / 200, 1e-6)
    this.sim.every(interval, () => this.sample(interval))
  }

  private drive(client: Station): void {
    const { arrivals, route } = this.streams.get(client.node.id)!
    const out = this.out.get(client.node.id)!
    const send = (): void => {
      // A failed client sends nothing; a client always waits for its reply, even on a dashed arrow.
      if (client.up) {
        const start = this.sim.now
        this.totals.requests++
        const edge = out.length === 1 ? out[0]! : out[route.int(out.length)]!
        this.call(edge, 1, (ok) => this.done(start, ok))
      }
      const t = this.sim.now + exponential(arrivals, this.p.requestRate)
      if (t < this.p.duration) this.sim.at(t, send)
    }
    const first = exponential(arrivals, this.p.requestRate)
    if (first < this.p.duration) this.sim.at(first, send)
  }

  private done(start: number, ok: boolean): void {
    if (!ok) {
      this.totals.failed++
      this.window.failed++
      return
    }
    const ms = (this.sim.now - start) * 1000
    this.totals.completed++
    this.window.completed++
    this.latency.add(ms)
    this.windowLatency.add(ms)
  }

  private call(edge: BoardEdge, hops: number, reply: Reply): void {
    const arriveAt = this.sim.now + this.p.networkLatency / 1000
    this.flights.record(edge.async ? 'message' : 'request', edge.from, edge.to, this.sim.now, arriveAt)
    const to = this.byId.get(edge.to)!
    this.sim.at(arriveAt, () => this.arrive(to, { hops, reply }))
  }

  private arrive(s: Station, job: Job): void {
    if (job.hops > this.p.maxHops) {
      this.totals.hopLimited++
      return job.reply(true)
    }
    s.arrivals++
    if (!s.up) {
      s.fault()
      return job.reply(false)
    }
    if (s.route.mode === 'source') return job.reply(true)
    if (s.busy < s.model.workers) this.start(s, job)
    else if (s.queued < this.p.queueLimit) s.enqueue(job)
    else {
      s.reject()
      job.reply(false)
    }
  }

  private start(s: Station, job: Job): void {
    s.setBusy(this.sim.now, 1)
    const service = exponential(this.streams.get(s.node.id)!.service, 1 / s.model.serviceTime)
    this.sim.after(service, () => this.finish(s, job))
  }

  private finish(s: Station, job: Job): void {
    s.setBusy(this.sim.now, -1)
    if (s.up) {
      s.served++
      this.forward(s, job)
      const next = s.dequeue()
      if (next) this.start(s, next)
    } else {
      s.fault()
      job.reply(false)
    }
  }

  /** After a component's own work: answer, or pass the request on by its kind's rule. */
  private forward(s: Station, job: Job): void {
    const spec = s.route
    const rng = this.streams.get(s.node.id)!.route
    if (spec.gate < 1 && !(rng.next() < spec.gate)) {
      if (spec.otherwise === 'error') s.fault()
      return job.reply(spec.otherwise === 'ok')
    }
    if (spec.decouple) {
      if (this.brokers.get(s.node.id)!.publish(job.hops)) return job.reply(true)
      s.reject()
      return job.reply(false)
    }
    const wait: BoardEdge[] = []
    const take = (e: BoardEdge): void => {
      if (e.async) this.call(e, job.hops + 1, () => {})
      else wait.push(e)
    }
    for (const part of spec.parts) {
      if (part.pick === 'each') {
        for (const e of part.edges) if (part.p >= 1 || rng.next() < part.p) take(e)
        continue
      }
      const e = part.balance ? this.balance(s, part.edges) : part.edges[rng.int(part.edges.length)]
      if (!e) {
        // Every target behind the balancer is down.
        s.fault()
        return job.reply(false)
      }
      take(e)
    }
    if (wait.length === 0) return job.reply(true)
    let pending = wait.length
    let failed = false
    for (const e of wait)
      this.call(e, job.hops + 1, (ok) => {
        failed ||= !ok
        if (--pending > 0) return
        if (failed) s.fault()
        job.reply(!failed)
      })
  }

  private balance(s: Station, edges: readonly BoardEdge[]): BoardEdge | undefined {
    const pick = pickTarget(edges, s.rr, this.p.lbPolicy, (id) => this.byId.get(id)!)
    if (pick) s.rr = pick.rr
    return pick?.edge
  }

  private sample(interval: number): void {
    for (const s of this.stations) s.sample(this.sim.now)
    const { completed, failed } = this.window
    this.series.throughput.add(this.sim.now, round(completed / interval, 3))
    this.series.latencyP99.add(this.sim.now, round(this.windowLatency.quantile(0.99) ?? 0, 3))
    this.series.errorRate.add(this.sim.now, completed + failed > 0 ? round(failed / (completed + failed), 4) : 0)
    this.window = { completed: 0, failed: 0 }
    this.windowLatency.clear()
  }

  fail(nodeId: string): void {
    const s = this.byId.get(nodeId)
    if (!s || !s.up) return
    s.up = false
    // Requests waiting inside it are lost; those in service fail when their service ends.
    for (let job = s.dequeue(); job; job = s.dequeue()) {
      s.fault()
      job.reply(false)
    }
  }

  heal(nodeId: string): void {
    const s = this.byId.get(nodeId)
    if (!s || s.up) return
    s.up = true
    this.brokers.get(nodeId)?.resume()
  }

  state(): RunState {
    const nodes = this.stations.map((s) => nodeView(s, this.brokers.get(s.node.id), this.reach.has(s.node.id)))
    return { time: this.sim.now, nodes, inFlight: this.flights.inFlight(this.sim.now), partitions: [] }
  }

  /** The component with the highest utilisation so far (null before any traffic). */
  bottleneckId(): string | null {
    let best: Station | null = null
    for (const s of this.stations) if (s.utilisation(this.sim.now) > (best?.utilisation(this.sim.now) ?? 0)) best = s
    return best?.node.id ?? null
  }

  metrics(): Metrics {
    const now = this.sim.now
    const { requests, completed, failed, hopLimited } = this.totals
    const answered = completed + failed
    const q = (x: number): number | null => {
      const v = this.latency.quantile(x)
      return v === null ? null : round(v, 3)
    }
    const brokers = [...this.brokers.values()]
    const perNode: Metrics['perNode'] = {}
    for (const s of this.stations) perNode[s.node.id] = nodeMetrics(s, this.brokers.get(s.node.id), now, (this.expected.utilisationPerRate.get(s.node.id) ?? 0) * this.p.requestRate)
    const busiest = this.bottleneckId()
    return {
      time: now,
      values: {
        requests,
        completed,
        failed,
        errorRate: answered > 0 ? round(failed / answered, 4) : null,
        latencyP50: q(0.5),
        latencyP99: q(0.99),
        throughput: now > 0 ? round(completed / Math.min(now, this.p.duration), 3) : null,
        bottleneck: busiest ? round(this.byId.get(busiest)!.utilisation(now), 4) : null,
        saturationRate: this.expected.saturationRate === null ? null : round(this.expected.saturationRate, 3),
        rejected: this.stations.reduce((a, s) => a + s.rejected, 0),
        hopLimited,
        backlog: brokers.reduce((a, b) => a + b.backlog, 0),
        redelivered: brokers.reduce((a, b) => a + b.redelivered, 0),
        lost: brokers.reduce((a, b) => a + b.lost, 0),
      },
      series: { throughput: this.series.throughput.series, latencyP99: this.series.latencyP99.series, errorRate: this.series.errorRate.series },
      perNode,
    }
  }
}
