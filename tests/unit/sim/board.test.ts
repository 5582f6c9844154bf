import { describe, expect, it } from 'vitest'
import {
  boardGraph,
  boardSimParams,
  boardSimulatorFor,
  createBoardRun,
  describeHealth,
  reachable,
  sources,
  startBoardRun,
  type BoardGraph,
  type BoardRecord,
  type BoardSimParams,
} from '@/lib/sim/board'
import { compileTemplate } from '@/lib/templates/compile'
import { TEMPLATES } from '@/templates'
import type { ComponentKind } from '@/lib/shapes/component-kinds'
import { runTo, value } from './helpers'

// Plain tldraw-like records for hand-made boards.
const PAGE = 'page:page'

class Board {
  readonly records: BoardRecord[] = [{ id: PAGE, typeName: 'page' }]
  private bindings = 0

  component(id: string, kind: ComponentKind, capacity = 0, text = '', parentId = PAGE): string {
    this.records.push({ id: `shape:${id}`, typeName: 'shape', type: 'component', parentId, props: { w: 160, h: 96, kind, text, capacity, color: 'blue' } })
    return `shape:${id}`
  }

  shape(id: string, type: string, parentId = PAGE): string {
    this.records.push({ id: `shape:${id}`, typeName: 'shape', type, parentId, props: {} })
    return `shape:${id}`
  }

  /** An arrow from `from` to `to`; pass null to leave an end loose. */
  arrow(id: string, from: string | null, to: string | null, opts: { dash?: string; label?: string } = {}): string {
    const arrowId = `shape:${id}`
    const richText = { type: 'doc', content: [{ type: 'paragraph', content: opts.label ? [{ type: 'text', text: opts.label }] : [] }] }
    this.records.push({ id: arrowId, typeName: 'shape', type: 'arrow', parentId: PAGE, props: { dash: opts.dash ?? 'draw', richText, arrowheadStart: 'none', arrowheadEnd: 'arrow' } })
    for (const [terminal, target] of [['start', from], ['end', to]] as const) {
      if (target) this.records.push({ id: `binding:${this.bindings++}`, typeName: 'binding', type: 'arrow', fromId: arrowId, toId: target, props: { terminal } })
    }
    return arrowId
  }
}

const params = (p: Partial<BoardSimParams> = {}): BoardSimParams => ({ ...boardSimParams.defaults, ...p })
const templateGraph = (slug: string): BoardGraph => boardGraph(compileTemplate(TEMPLATES.find((t) => t.slug === slug)!, 'reference'))
const problems = (g: BoardGraph): string[] => g.problems.map((p) => `${p.code} ${p.shapeId ?? '-'}`)

/** client -> lb -> two servers (100 req/s each) -> database (400 req/s). */
function twoServers() {
  const b = new Board()
  const ids = {
    client: b.component('client', 'client'),
    lb: b.component('lb', 'load-balancer'),
    s1: b.component('s1', 'server', 100),
    s2: b.component('s2', 'server', 100),
    db: b.component('db', 'database', 400),
  }
  b.arrow('a1', ids.client, ids.lb)
  b.arrow('a2', ids.lb, ids.s1)
  b.arrow('a3', ids.lb, ids.s2)
  b.arrow('a4', ids.s1, ids.db)
  b.arrow('a5', ids.s2, ids.db)
  return { b, ids, graph: boardGraph(b.records) }
}

describe('board simulator: every template', () => {
  for (const template of TEMPLATES) {
    it(`${template.slug}: its reference diagram simulates, and every reachable component gets its expected traffic`, () => {
      const g = boardGraph(compileTemplate(template, 'reference'))
      expect(g.nodes.length).toBe(template.diagram.components.length)
      // compile.ts binds every arrow at both ends to components, so nothing is lost on the way.
      expect(g.edges.length).toBe(template.diagram.arrows.length)
      expect(g.problems.filter((p) => p.code === 'loose-arrow' || p.code === 'not-a-component' || p.code === 'bad-component')).toEqual([])
      const p = params()
      const run = createBoardRun(g, p, 1)
      run.advance(p.duration + 5)
      const m = run.metrics()
      const reach = reachable(g)
      const senders = new Set(sources(g).map((n) => n.id))
      const fed = new Set(g.edges.map((e) => e.to))
      for (const n of g.nodes) {
        const got = m.perNode[n.id]!.requests!
        if (!reach.has(n.id)) {
          expect(got, n.label).toBe(0)
          continue
        }
        if (senders.has(n.id) && !fed.has(n.id)) continue
        expect(got, `${n.label} receives traffic`).toBeGreaterThan(0)
        // Arrivals against the routing rules' expectation. Poisson client counts (1.8% SD at
        // 3000 requests, and fan-out scales them together) plus independent routing choices
        // (sqrt(E)): 10% + 4 sqrt(E) is > 4 SD. Only where E >= 100, so the bound means something.
        const expected = run.expected.visits.get(n.id)! * p.requestRate * p.duration
        if (expected >= 100) expect(Math.abs(got - expected), `${n.label}: ${got} vs ${expected}`).toBeLessThanOrEqual(0.1 * expected + 4 * Math.sqrt(expected))
      }
      const state = run.state()
      expect(state.nodes.map((n) => n.id)).toEqual(g.nodes.map((n) => n.id))
      if (senders.size) {
        expect(value(m, 'requests')).toBeGreaterThan(0)
        // Default traffic is far below every template's capacities: nothing is refused.
        expect(value(m, 'rejected')).toBe(0)
        expect(value(m, 'errorRate')).toBeLessThan(0.02)
      }
    })
  }

  it('basics: the only problem is the summary of shapes that are not components', () => {
    const g = templateGraph('basics')
    expect(g.problems).toEqual([
      { code: 'not-simulated', message: '7 shapes are not simulated (1 geo, 4 note, 2 text): only components and the arrows between them are' },
    ])
  })

  it('notifications: its only client receives pushes but sends nothing, so every other component is reported', () => {
    const g = templateGraph('notifications')
    // The devices client is fed by the providers but sends nothing, so it is unreachable too.
    expect(problems(g)).toEqual(['no-client -', ...g.nodes.map((n) => `unreachable ${n.id}`), 'not-simulated -'])
    expect(g.problems[0]!.message).toBe('No client sends traffic: draw an arrow from a client to the component it calls first')
  })

  it('notification-service: producers and the API are unreachable; the retry loop is reported and handled', () => {
    const g = templateGraph('notification-service')
    expect(problems(g)).toEqual([
      'unreachable shape:notification-service-c-producers',
      'unreachable shape:notification-service-c-api',
      'cycle shape:notification-service-c-channel-queues',
      'not-simulated -',
    ])
    expect(g.problems[2]!.message).toContain('Channel queues')
    expect(g.problems[2]!.message).toContain('Retry queue')
  })
})

describe('board simulator: a hand-built board', () => {
  it('utilisation matches offered load / capacity', () => {
    // 80 req/s split over two 100 req/s servers: 0.4 each; the database takes all 80 of 400: 0.2.
    // Pilot over 10 seeds at 120 s: SD 2% of the mean for each, so 8% is 4 SD.
    const { graph, ids } = twoServers()
    const m = runTo(boardSimulatorFor(graph), { requestRate: 80, duration: 120 }, 1, 120)
    for (const [id, u] of [[ids.s1, 0.4], [ids.s2, 0.4], [ids.db, 0.2]] as const) {
      expect(m.perNode[id]!.expectedUtilisation).toBeCloseTo(u, 10)
      expect(Math.abs(m.perNode[id]!.utilisation! / u - 1), id).toBeLessThan(0.08)
    }
    expect(value(m, 'failed')).toBe(0)
    expect(value(m, 'saturationRate')).toBe(200)
  })

  it('failing one server shifts its load to the other', () => {
    // With s1 down from the start the balancer's health check sends everything to s2: 0.8
    // (pilot SD 1.7%, tolerance 8%), s1 gets nothing and no client request fails (exact).
    for (const lbPolicy of ['round-robin', 'least-loaded'] as const) {
      const { graph, ids } = twoServers()
      const run = createBoardRun(graph, params({ requestRate: 80, duration: 120, lbPolicy }), 1)
      run.fail(ids.s1)
      run.advance(120)
      const m = run.metrics()
      expect(m.perNode[ids.s1]!.requests).toBe(0)
      expect(Math.abs(m.perNode[ids.s2]!.utilisation! / 0.8 - 1)).toBeLessThan(0.08)
      expect(value(m, 'failed')).toBe(0)
      expect(run.state().nodes.find((n) => n.id === ids.s1)!.up).toBe(false)
      expect(describeHealth(run.state().nodes.find((n) => n.id === ids.s1)!)).toBe('failed')
    }
  })

  it('failing a server mid-run: callers see exactly its errors, then traffic moves over; heal brings it back', () => {
    const { graph, ids } = twoServers()
    const run = createBoardRun(graph, params({ requestRate: 80, duration: 60 }), 3)
    run.advance(20)
    // Fail it while it is serving something, so there is work to lose.
    while (run.state().nodes.find((n) => n.id === ids.s1)!.busy === 0) run.step()
    run.fail(ids.s1)
    const before = run.metrics().perNode[ids.s1]!.requests!
    run.advance(40)
    const mid = run.metrics()
    // Every client failure is a request s1 answered with an error (lost inside it, or in flight).
    expect(value(mid, 'failed')).toBeGreaterThan(0)
    expect(value(mid, 'failed')).toBe(mid.perNode[ids.s1]!.errors)
    // After the failure s1 only sees requests already on the wire (1 ms at 40 req/s).
    expect(mid.perNode[ids.s1]!.requests! - before).toBeLessThanOrEqual(3)
    const s2Before = run.metrics().perNode[ids.s2]!.served!
    run.heal(ids.s1)
    run.advance(60)
    const end = run.metrics()
    // 20 s at 40 req/s each after the heal: ~800 +- 30; both get traffic again.
    expect(end.perNode[ids.s1]!.served! - mid.perNode[ids.s1]!.served!).toBeGreaterThan(650)
    expect(end.perNode[ids.s2]!.served! - s2Before).toBeLessThan(950)
  })

  it('a failed database fails every request through it, and the servers report errors', () => {
    const { graph, ids } = twoServers()
    const run = createBoardRun(graph, params({ requestRate: 50, duration: 10 }), 2)
    run.fail(ids.db)
    run.advance(12)
    const m = run.metrics()
    expect(value(m, 'completed')).toBe(0)
    expect(value(m, 'failed')).toBe(value(m, 'requests'))
    expect(value(m, 'errorRate')).toBe(1)
    expect(m.perNode[ids.s1]!.errors! + m.perNode[ids.s2]!.errors!).toBe(value(m, 'failed'))
    expect(m.perNode[ids.db]!.errors).toBe(value(m, 'failed'))
    expect(run.state().nodes.find((n) => n.id === ids.s1)!.up).toBe(true)
  })

  it('overload: a server offered more than its capacity fills its waiting room and refuses requests', () => {
    const { graph, ids } = twoServers()
    const run = createBoardRun(graph, params({ requestRate: 300, duration: 20, queueLimit: 50 }), 1)
    run.advance(19.9)
    const m = run.metrics()
    const s1 = run.state().nodes.find((n) => n.id === ids.s1)!
    expect(m.perNode[ids.s1]!.rejected).toBeGreaterThan(0)
    expect(value(m, 'errorRate')).toBeGreaterThan(0.2)
    expect(m.perNode[ids.s1]!.utilisation).toBeGreaterThan(0.95)
    expect(describeHealth(s1)).toBe('overloaded')
    const db = run.state().nodes.find((n) => n.id === ids.db)!
    expect(describeHealth(db)).toBe('ok')
  })

  it('reports a loose arrow, an arrow to a non-component, a disconnected and an unreachable component, by shape id', () => {
    const { b, ids } = twoServers()
    const lonely = b.component('lonely', 'cache')
    const orphan = b.component('orphan', 'worker')
    const store = b.component('store', 'object-storage')
    b.arrow('a6', orphan, store)
    const note = b.shape('note', 'note')
    b.shape('title', 'text')
    const loose = b.arrow('loose', ids.s1, null)
    const toNote = b.arrow('to-note', ids.s2, note)
    b.component('elsewhere', 'server', 0, '', 'page:other')
    const g = boardGraph(b.records, PAGE)
    expect(g.problems).toEqual([
      { code: 'loose-arrow', shapeId: loose, message: 'An arrow is not attached at its end: it is not simulated' },
      { code: 'not-a-component', shapeId: toNote, message: 'An arrow is attached to a note shape, not a component: it is not simulated' },
      { code: 'disconnected', shapeId: lonely, message: 'Cache is not connected to anything: it gets no traffic' },
      { code: 'unreachable', shapeId: orphan, message: 'Worker cannot be reached from any client along the arrows: it gets no traffic' },
      { code: 'unreachable', shapeId: store, message: 'Object storage cannot be reached from any client along the arrows: it gets no traffic' },
      { code: 'not-simulated', message: '2 shapes are not simulated (1 note, 1 text): only components and the arrows between them are' },
    ])
    expect(g.nodes.map((n) => n.id)).not.toContain('shape:elsewhere')
    expect(g.edges).toHaveLength(6)
    // Reported components still appear in the run, idle and marked unreachable.
    const run = createBoardRun(g, params({ duration: 5 }), 1)
    run.advance(5)
    expect(run.metrics().perNode[orphan]!.requests).toBe(0)
    expect(run.state().nodes.find((n) => n.id === orphan)!.role).toBe('unreachable')
  })

  it('reports a board without clients', () => {
    const b = new Board()
    const s = b.component('s', 'server')
    const d = b.component('d', 'database')
    b.arrow('x', s, d)
    expect(problems(boardGraph(b.records))).toEqual(['no-client -', `unreachable ${s}`, `unreachable ${d}`])
    expect(problems(boardGraph([]))).toEqual(['no-client -'])
  })

  it('a loop is reported, simulated, and cut off by the hop limit', () => {
    const b = new Board()
    const c = b.component('c', 'client')
    const x = b.component('x', 'server')
    const y = b.component('y', 'server')
    b.arrow('1', c, x)
    b.arrow('2', x, y)
    b.arrow('3', y, x, { label: 'callback' })
    const g = boardGraph(b.records)
    expect(problems(g)).toEqual([`cycle ${x}`])
    const run = createBoardRun(g, params({ requestRate: 20, duration: 5, maxHops: 6 }), 1)
    run.advance(10)
    const m = run.metrics()
    // Hops 1..6 land on x, y, x, y, x, y; the 7th call is cut off: 3 visits each per request.
    expect(value(m, 'hopLimited')).toBe(value(m, 'requests'))
    expect(m.perNode[x]!.requests).toBe(3 * value(m, 'requests'))
    expect(value(m, 'completed')).toBe(value(m, 'requests'))
  })

  it('a durable queue holds messages while its consumer is down and delivers all of them after; pub/sub loses them', () => {
    for (const kind of ['queue', 'pubsub'] as const) {
      const b = new Board()
      const c = b.component('c', 'client')
      const api = b.component('api', 'server')
      const q = b.component('q', kind)
      const w = b.component('w', 'worker')
      b.arrow('1', c, api)
      b.arrow('2', api, q)
      b.arrow('3', q, w, { dash: 'dashed' })
      const run = createBoardRun(boardGraph(b.records), params({ requestRate: 50, duration: 20 }), 4)
      run.advance(5)
      run.fail(w)
      run.advance(10)
      const during = run.metrics()
      // The producer is decoupled: its requests succeed while the consumer is down.
      expect(value(during, 'failed')).toBe(0)
      run.heal(w)
      run.advance(40)
      const m = run.metrics()
      const published = m.perNode[q]!.served!
      if (kind === 'queue') {
        expect(value(during, 'backlog')).toBeGreaterThan(100)
        expect(value(during, 'redelivered')).toBeGreaterThan(0)
        expect(value(m, 'backlog')).toBe(0)
        expect(m.perNode[w]!.served).toBe(published)
        expect(value(m, 'lost')).toBe(0)
      } else {
        expect(value(m, 'lost')).toBeGreaterThan(100)
        expect(m.perNode[w]!.served! + value(m, 'lost')).toBe(published)
      }
    }
  })

  it('is deterministic for a seed and differs across seeds; a knob change leaves the traffic identical', () => {
    const g = templateGraph('failure-handling')
    const once = (seed: number, p: Partial<BoardSimParams> = {}) => {
      const run = createBoardRun(g, params({ duration: 10, ...p }), seed)
      run.advance(5)
      run.fail('shape:failure-handling-c-payments')
      run.advance(10)
      return run.metrics()
    }
    expect(JSON.stringify(once(7))).toBe(JSON.stringify(once(7)))
    expect(JSON.stringify(once(7))).not.toBe(JSON.stringify(once(8)))
    expect(value(once(7, { cacheHitRatio: 0.1 }), 'requests')).toBe(value(once(7), 'requests'))
  })

  it('validates parameters, naming the parameter', () => {
    const { graph } = twoServers()
    const bad = startBoardRun(graph, { requestRate: 0 }, 1)
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors).toEqual(['requestRate: must be at least 1'])
    const big = startBoardRun(graph, { requestRate: 5000, duration: 600 }, 1)
    expect(big.ok).toBe(false)
    if (!big.ok) expect(big.errors[0]).toMatch(/^requestRate: /)
    const unknown = startBoardRun(graph, { nope: 1 }, 1)
    expect(unknown.ok).toBe(false)
    expect(startBoardRun(graph, {}, 1).ok).toBe(true)
  })

  it('state() stays small and metrics() carries the series', () => {
    const { graph, ids } = twoServers()
    const run = createBoardRun(graph, params({ requestRate: 500, duration: 10, networkLatency: 50 }), 1)
    run.advance(5)
    const s = run.state()
    expect(s.inFlight.length).toBeGreaterThan(0)
    expect(s.inFlight.length).toBeLessThanOrEqual(80)
    for (const f of s.inFlight) expect(f.arriveAt!).toBeGreaterThanOrEqual(s.time)
    expect(s.partitions).toEqual([])
    run.fail('shape:no-such-shape')
    run.heal('shape:no-such-shape')
    const m = run.metrics()
    expect(m.series.throughput!.t.length).toBeGreaterThan(50)
    expect(Object.keys(m.perNode)).toEqual(Object.values(ids))
  })

  it('describeHealth thresholds', () => {
    const v = { up: true, queue: 0 }
    expect(describeHealth({ ...v, gauge: 0.59 })).toBe('ok')
    expect(describeHealth({ ...v, gauge: 0.6 })).toBe('busy')
    expect(describeHealth({ ...v, gauge: 0.2, queue: 10 })).toBe('busy')
    expect(describeHealth({ ...v, gauge: 0.2, role: 'errors' })).toBe('busy')
    expect(describeHealth({ ...v, gauge: 0.9 })).toBe('overloaded')
    expect(describeHealth({ ...v, gauge: 0.1, role: 'overloaded' })).toBe('overloaded')
    expect(describeHealth({ up: false, queue: 0, gauge: 0 })).toBe('failed')
  })
})
