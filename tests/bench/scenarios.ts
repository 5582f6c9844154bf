// The six measurements, each a function of a running BenchServer. Figures only; nothing asserts.
// All clients run in this one process (2-core machine: the load generator shares the cores
// with the server processes, so absolute figures are pessimistic for every server alike).
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { BenchClient, closeAll, openClients, type Endpoint } from './load-generator'
import * as Y from 'yjs'
import { Writer, markedShape, markersIn } from './records'
import type { BenchServer } from './servers'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

let roomCounter = 0
function roomNames(tag: string, count: number): string[] {
  const run = `${Date.now().toString(36)}${roomCounter++}`
  return Array.from({ length: count }, (_, i) => `b${tag}${run}x${i}`)
}

async function endpointsFor(server: BenchServer, rooms: string[], nodeOf: (i: number) => number): Promise<Endpoint[]> {
  const out: Endpoint[] = []
  for (const [i, room] of rooms.entries()) out.push(await server.endpoint(room, nodeOf(i)))
  return out
}

type Pending = { seq: number; sent: number; sender: number; need: number; got: Set<number>; coalesced: boolean }

/** Whom a client speaks for: BenchClient.person, the same across a reconnect. */
type Party = Pick<BenchClient, 'person'>

/**
 * Tracks writes until every other client of the room has seen them. Each writer rewrites one
 * record, so a receiver that sees write n of a writer has that writer's earlier writes too, even
 * when a server merged them and Yjs gc dropped the overwritten values (Hocuspocus relays
 * cross-node through state-vector diffs, which do this under load): those count as delivered at
 * that moment and are reported as coalesced. Writers and receivers are people, not sockets: a
 * writer's edits made while its socket closed reach the others in the state its next socket
 * uploads, with later edits of the new socket, so keyed by socket they could never be coalesced.
 */
export class Tracker {
  readonly pending = new Map<number, Pending>()
  readonly #bySender = new Map<number, Pending[]>()
  readonly latencies: number[] = []
  coalesced = 0
  /** Writes sent before this instant (warm-up) are delivered but not counted. */
  recordFrom = 0
  seq = 0

  /** `intendedAt`: the open-loop schedule's send time, so a late sender's own delay counts. */
  next(sender: Party, need: number, intendedAt = performance.now()): number {
    const seq = ++this.seq
    const p: Pending = { seq, sent: intendedAt, sender: sender.person, need, got: new Set(), coalesced: false }
    this.pending.set(seq, p)
    let list = this.#bySender.get(sender.person)
    if (!list) this.#bySender.set(sender.person, (list = []))
    list.push(p)
    return seq
  }

  /** Called right before the send, so the clock excludes building the update. */
  stamp(seq: number): void {
    const p = this.pending.get(seq)
    if (p) p.sent = performance.now()
  }

  onMarkers = (client: Party, seqs: number[], at: number): void => {
    const receiver = client.person
    for (const seq of seqs) {
      const p = this.pending.get(seq)
      if (!p || p.sender === receiver || p.got.has(receiver)) continue
      const list = this.#bySender.get(p.sender) ?? []
      for (const q of list) {
        if (q.seq > seq) break
        if (q.got.has(receiver)) continue
        q.got.add(receiver)
        if (q !== p) q.coalesced = true
        if (q.got.size >= q.need) this.#done(q, at)
      }
      while (list.length > 0 && !this.pending.has(list[0]!.seq)) list.shift()
    }
  }

  #done(p: Pending, at: number): void {
    this.pending.delete(p.seq)
    if (p.sent < this.recordFrom) return
    this.latencies.push(at - p.sent)
    if (p.coalesced) this.coalesced++
  }

  /** Writes still undelivered that were sent after the warm-up. */
  lost(): number {
    let n = 0
    for (const p of this.pending.values()) if (p.sent >= this.recordFrom) n++
    return n
  }

  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(20)
  }
}

export type LatencyResult = {
  p50: number
  p99: number
  delivered: number
  lost: number
  coalesced: number
  sent: number
  sentPerSec: number
  /** CPU of each server node while sending, in % of one core. */
  cpuPercent: number[]
}

function cpuAll(server: BenchServer): number[] {
  return Array.from({ length: server.nodeCount }, (_, i) => server.cpu(i))
}

/**
 * 1 and 2: `clients` per room (every one a writer), `rate` updates/s per room spread over them
 * round-robin, for `durationMs`; each client also moves its cursor (awareness) twice a second.
 * Latency of a write = until every other client of the room has it.
 */
export async function latency(
  server: BenchServer,
  opts: {
    rooms: number
    clients: number
    rate: number
    durationMs: number
    warmupMs: number
    crossNode: boolean
    /** Cursor moves per second per client during the run (default 2; 0: none). */
    cursorHz?: number
    /** Called as sending starts and once the drain ends, before any client closes. */
    window?: { open(): void; close(): void }
  },
): Promise<LatencyResult> {
  const cursorGapMs = 1000 / (opts.cursorHz ?? 2)
  const rooms = roomNames(opts.crossNode ? 'x' : 'l', opts.rooms)
  await server.prepareRooms(rooms)
  const tracker = new Tracker()
  const groups: Array<{ writers: Writer[]; clients: BenchClient[] }> = []
  for (const [r, room] of rooms.entries()) {
    const writers = Array.from({ length: opts.clients }, (_, c) => new Writer(`r${r}c${c}`))
    const eps = await endpointsFor(server, Array<string>(opts.clients).fill(room), (c) => (opts.crossNode ? c % 2 : 0))
    const clients = await openClients((c) => new BenchClient(eps[c]!, writers[c]!.doc), opts.clients, opts.clients)
    for (const client of clients) client.onMarkers = tracker.onMarkers
    groups.push({ writers, clients })
  }
  for (const g of groups) for (const c of g.clients) c.sendAwareness({ user: { name: `u${c.id}` }, cursor: { x: 0, y: 0 } })
  await sleep(500)

  const sent = new Array<number>(groups.length).fill(0)
  opts.window?.open()
  const cpuBefore = cpuAll(server)
  const started = performance.now()
  tracker.recordFrom = started + opts.warmupMs
  const runMs = opts.durationMs + opts.warmupMs
  let lastCursor = started
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now()
      const elapsed = now - started
      const due = Math.floor((Math.min(elapsed, runMs) / 1000) * opts.rate)
      for (const [r, g] of groups.entries()) {
        while (sent[r]! < due) {
          const i = sent[r]! % g.clients.length
          const client = g.clients[i]!
          const seq = tracker.next(client, g.clients.length - 1)
          const update = g.writers[i]!.write(seq)
          tracker.stamp(seq)
          client.sendUpdate(update)
          sent[r]!++
        }
      }
      if (now - lastCursor >= cursorGapMs) {
        lastCursor = now
        for (const g of groups) for (const c of g.clients) c.sendAwareness({ user: { name: `u${c.id}` }, cursor: { x: Math.round(elapsed), y: c.id } })
      }
      if (elapsed >= runMs) {
        clearInterval(timer)
        resolve()
      }
    }, 2)
  })
  const sendSeconds = (performance.now() - started) / 1000
  const cpuPercent = cpuAll(server).map((c, i) => ((c - cpuBefore[i]!) / sendSeconds) * 100)
  await tracker.drain(3_000)
  opts.window?.close()
  const total = sent.reduce((a, b) => a + b, 0)
  await closeAll(groups.flatMap((g) => g.clients))
  return {
    p50: percentile(tracker.latencies, 50),
    p99: percentile(tracker.latencies, 99),
    delivered: tracker.latencies.length,
    lost: tracker.lost(),
    coalesced: tracker.coalesced,
    sent: total,
    sentPerSec: total / sendSeconds,
    cpuPercent,
  }
}

export type FanoutResult = {
  p50: number
  p99: number
  max: number
  writes: number
  lost: number
  /** Per node: time until the last reader on that node had each write (attributes the tail). */
  byNode: Array<{ p50: number; p99: number; max: number }>
  /** This process's own event-loop delay while writing: a stalled generator delays every reader. */
  generatorLag: { p99: number; max: number }
  /** The writes' span, epoch ms, for the nodes' own probes. */
  window: { from: number; to: number }
}

/**
 * 3: one writer on node 0, `readers` readers in one room, reader i on node i % `nodes` (default
 * 1: all on node 0); time until the last reader has the write.
 */
export async function fanout(server: BenchServer, opts: { readers: number; writes: number; gapMs: number; nodes?: number }): Promise<FanoutResult> {
  const [room] = roomNames('f', 1)
  await server.prepareRooms([room!])
  const eps = await endpointsFor(server, Array<string>(opts.readers + 1).fill(room!), (i) => (i === 0 ? 0 : (i - 1) % (opts.nodes ?? 1)))
  const writer = new Writer('fanout')
  const writerClient = new BenchClient(eps[0]!, writer.doc)
  await writerClient.synced
  const readers = await openClients((i) => new BenchClient(eps[i + 1]!), opts.readers, 50)
  const tracker = new Tracker()
  const nodeCount = opts.nodes ?? 1
  const nodeOf = new Map(readers.map((r, i) => [r.id, i % nodeCount]))
  const sentAt = new Map<number, number>()
  /** Per node, per write: when its last reader there got it so far. */
  const lastAt = Array.from({ length: nodeCount }, () => new Map<number, number>())
  for (const reader of readers) {
    reader.onMarkers = (client, seqs, at) => {
      const byWrite = lastAt[nodeOf.get(client.id) ?? 0]!
      for (const seq of seqs) byWrite.set(seq, Math.max(byWrite.get(seq) ?? 0, at))
      tracker.onMarkers(client, seqs, at)
    }
  }
  await sleep(500)
  const lag = monitorEventLoopDelay({ resolution: 1 })
  lag.enable()
  const window = { from: Date.now(), to: 0 }
  for (let w = 0; w < opts.writes; w++) {
    const seq = tracker.next(writerClient, opts.readers)
    const update = writer.write(seq)
    tracker.stamp(seq)
    sentAt.set(seq, performance.now())
    writerClient.sendUpdate(update)
    await sleep(opts.gapMs)
  }
  await tracker.drain(5_000)
  lag.disable()
  window.to = Date.now()
  await closeAll([writerClient, ...readers])
  const byNode = lastAt.map((byWrite) => {
    const ms = [...byWrite].map(([seq, at]) => at - (sentAt.get(seq) ?? at))
    return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) }
  })
  return {
    p50: percentile(tracker.latencies, 50),
    p99: percentile(tracker.latencies, 99),
    max: Math.max(...tracker.latencies),
    writes: tracker.latencies.length,
    lost: tracker.lost(),
    byNode,
    generatorLag: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    window,
  }
}

export type MemoryResult = { kbPerConn: number; retainedMb: number; baselineMb: number; openMb: number }

/** 4: RSS of node 0 before and after `count` rooms x 1 synced connection, then after churn. */
export async function memory(server: BenchServer, opts: { count: number; settleMs: number }): Promise<MemoryResult> {
  const first = roomNames('m', opts.count)
  const second = roomNames('n', opts.count)
  await server.prepareRooms([...first, ...second])
  const eps1 = await endpointsFor(server, first, () => 0)
  const eps2 = await endpointsFor(server, second, () => 0)
  await sleep(opts.settleMs)
  const baseline = server.rss(0)
  const clients = await openClients((i) => new BenchClient(eps1[i]!), opts.count, 50)
  await sleep(opts.settleMs)
  const open = server.rss(0)
  await closeAll(clients)
  await sleep(opts.settleMs)
  const again = await openClients((i) => new BenchClient(eps2[i]!), opts.count, 50)
  await closeAll(again)
  // Our tier unloads a room 2 s after its last client leaves; Hocuspocus at once; the stock
  // server without persistence never does.
  await sleep(Math.max(opts.settleMs, 4_000))
  const after = server.rss(0)
  const mb = (b: number): number => b / (1024 * 1024)
  return { kbPerConn: (open - baseline) / opts.count / 1024, retainedMb: mb(after - baseline), baselineMb: mb(baseline), openMb: mb(open) }
}

export type LoadResult = { p50: number; max: number; stateKb: number; runs: number }

/**
 * 5 (in memory): a room filled by `uploadLog`, its holder still connected; then a fresh client's
 * connect -> SyncStep2 is timed `runs` times.
 */
export async function warmLoad(server: BenchServer, opts: { updates: number; runs: number }): Promise<LoadResult> {
  const [room] = roomNames('w', 1)
  const holder = await uploadLog(server, room!, opts.updates)
  const times: number[] = []
  let stateBytes = 0
  for (let run = 0; run < opts.runs; run++) {
    const ep = await server.endpoint(room!, 0)
    const started = performance.now()
    const client = new BenchClient(ep)
    await client.synced
    times.push(performance.now() - started)
    stateBytes = client.syncState?.byteLength ?? 0
    await client.close()
    await sleep(50)
  }
  await holder.close()
  return { p50: percentile(times, 50), max: Math.max(...times), stateKb: stateBytes / 1024, runs: opts.runs }
}

/**
 * Creates `room` and fills it with `updates` logged updates (200 shapes, each moved updates/200
 * times) in frames of 50 merged updates, through a holder client that is returned still
 * connected once the server holds them all.
 */
export async function uploadLog(server: BenchServer, room: string, updates: number): Promise<BenchClient> {
  await server.prepareRooms([room])
  const holderWriter = new Writer('holder')
  const log: Uint8Array[] = []
  holderWriter.doc.on('update', (u: Uint8Array) => log.push(u))
  for (let i = 0; i < updates; i++) holderWriter.kv.set(`shape:s${i % 200}`, markedShape(`s${i % 200}`, i, i * 3))
  // The holder connects with an empty view of the room and uploads the log as updates.
  const holder = new BenchClient(await server.endpoint(room, 0))
  await holder.synced
  for (let i = 0; i < log.length; i += 50) {
    holder.sendUpdate(Y.mergeUpdates(log.slice(i, i + 50)))
    // Stay under our tier's per-socket rate limit (240 frames/s, burst 480): 200 frames total.
    if ((i / 50) % 100 === 99) await sleep(200)
  }
  const last = updates - 1
  const deadline = Date.now() + 30_000
  for (;;) {
    const probe = new BenchClient(await server.endpoint(room, 0))
    await probe.synced
    const done = probe.syncState !== null && markersIn(probe.syncState).includes(last)
    await probe.close()
    if (done) break
    if (Date.now() > deadline) throw new Error('upload: the server never held the whole log')
    await sleep(200)
  }
  return holder
}

export type SaturationLevel = { offered: number; sent: number; delivered: number; cpuPercent: number }
export type SaturationResult = { max: number; levels: SaturationLevel[] }

/**
 * 6: node 0, `rooms` rooms x (2 writers + 1 reader); offered load steps up until the readers'
 * delivered rate stops rising (< 5 % over the previous step) or falls under 80 % of offered.
 * Delivered = distinct updates the readers received per second during the step (after 1 s).
 */
export async function saturation(server: BenchServer, opts: { rooms: number; levels: number[]; stepMs: number }): Promise<SaturationResult> {
  const rooms = roomNames('s', opts.rooms)
  await server.prepareRooms(rooms)
  type Group = { writers: Writer[]; writerClients: BenchClient[]; reader: BenchClient }
  const groups: Group[] = []
  let receivedAt: number[] = []
  for (const [r, room] of rooms.entries()) {
    const eps = await endpointsFor(server, [room, room, room], () => 0)
    const writers = [new Writer(`s${r}a`), new Writer(`s${r}b`)]
    const writerClients = [new BenchClient(eps[0]!, writers[0]!.doc), new BenchClient(eps[1]!, writers[1]!.doc)]
    const reader = new BenchClient(eps[2]!)
    await Promise.all([...writerClients, reader].map((c) => c.synced))
    reader.onMarkers = (_c, seqs, at) => {
      for (let i = 0; i < seqs.length; i++) receivedAt.push(at)
    }
    groups.push({ writers, writerClients, reader })
  }
  await sleep(300)
  const levels: SaturationLevel[] = []
  let seq = 0
  for (const offered of opts.levels) {
    receivedAt = []
    const perWriter = offered / (groups.length * 2)
    let sent = 0
    const cpuBefore = server.cpu(0)
    const started = performance.now()
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - started
        const due = Math.floor((Math.min(elapsed, opts.stepMs) / 1000) * perWriter)
        const target = due * groups.length * 2
        while (sent < target) {
          const w = sent % (groups.length * 2)
          const g = groups[Math.floor(w / 2)]!
          g.writerClients[w % 2]!.sendUpdate(g.writers[w % 2]!.write(++seq))
          sent++
          if (performance.now() - started > opts.stepMs + 500) break
        }
        if (elapsed >= opts.stepMs) {
          clearInterval(timer)
          resolve()
        }
      }, 2)
    })
    const ended = performance.now()
    const cpuPercent = ((server.cpu(0) - cpuBefore) / ((ended - started) / 1000)) * 100
    await sleep(300)
    const windowStart = started + 1000
    const counted = receivedAt.filter((t) => t >= windowStart && t <= ended).length
    const level = { offered, sent: sent / ((ended - started) / 1000), delivered: counted / ((ended - windowStart) / 1000), cpuPercent }
    levels.push(level)
    const previous = levels.at(-2)
    if (previous && level.delivered < previous.delivered * 1.05) break
    if (level.delivered < offered * 0.8) break
    await sleep(700) // let any backlog drain before the next step
  }
  await closeAll(groups.flatMap((g) => [...g.writerClients, g.reader]))
  return { max: Math.max(...levels.map((l) => l.delivered)), levels }
}
