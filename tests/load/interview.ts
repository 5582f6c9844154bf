// L1 (interview rooms) with D9 (saved-ack latency) measured on the same run: `rooms` rooms on
// one node, each with an interviewer and a candidate who both edit (5 updates/s each) and move
// their cursors (20 Hz), and a viewer who only reads. Open loop: every edit and cursor move has a
// fixed intended send time and latency counts from it, so a generator that falls behind shows up
// as latency instead of hiding it. Every edit is a probe: it must reach both other clients.
// With `churn` (L6) clients keep reconnecting and Redis restarts; a reconnected writer uploads the
// edits it made meanwhile in its SyncStep2, as a real client does, and a reconnected client counts
// the probes it finds in the state it syncs.
import { BenchClient, closeAll, openClients, type Endpoint } from '../bench/load-generator'
import { markersIn, Writer } from '../bench/records'
import { Tracker, percentile } from '../bench/scenarios'
import { atMost, type ScenarioResult } from './report'
import { SavedAcks } from './saved-acks'
import { loopFigures, type System } from './system'

export type Churn = { reconnectsPerMinute: number; redisRestartEveryS: number }

export type InterviewOptions = { rooms: number; durationS: number; warmupS: number; updateHz: number; cursorHz: number; churn?: Churn }

/** The result, the wall-clock window (epoch ms) it was measured over, and what never arrived. */
export type InterviewRun = ScenarioResult & { window: { from: number; to: number }; lostProbes: number; unackedEdits: number; closedByNode: number }

export const L1_SHAPE: Omit<InterviewOptions, 'durationS'> = { rooms: 100, warmupS: 5, updateHz: 5, cursorHz: 20 }

/** One person in a room; `writer` is null for the viewer. */
type Seat = { room: string; client: BenchClient; writer: Writer | null; nextEdit: number; nextCursor: number; reconnecting: boolean }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function interviewRooms(sys: System, opts: InterviewOptions): Promise<InterviewRun> {
  const { server, probes } = sys
  const rooms = Array.from({ length: opts.rooms }, (_, i) => `bload${Date.now().toString(36)}i${i}`)
  await server.prepareRooms(rooms)
  const tracker = new Tracker()
  const acks = new SavedAcks()
  const client = (ep: Endpoint, writer: Writer | null): BenchClient => (writer ? new BenchClient({ ...ep, url: `${ep.url}&saved=1` }, writer.doc) : new BenchClient(ep))
  const all: Seat[] = []
  for (const [r, room] of rooms.entries()) {
    const writers = [new Writer(`r${r}interviewer`), new Writer(`r${r}candidate`), null]
    const eps = [await server.endpoint(room, 0), await server.endpoint(room, 0), await server.endpoint(room, 0)]
    const clients = await openClients((i) => client(eps[i]!, writers[i]!), 3, 3)
    for (const [i, w] of writers.entries()) {
      clients[i]!.onMarkers = tracker.onMarkers
      if (w) acks.watch(clients[i]!, w.doc)
      all.push({ room, client: clients[i]!, writer: w, nextEdit: 0, nextCursor: 0, reconnecting: false })
    }
  }
  const seats = all.filter((s): s is Seat & { writer: Writer } => s.writer !== null)
  await sleep(500)

  let reconnects = 0
  let failedReconnects = 0
  let running = true
  /** Sockets the node closed, by close code: none should be, Redis restarts included. */
  const nodeCloses = new Map<number, number>()
  const reconnecting: Array<Promise<void>> = []
  /** A failed reconnect leaves the seat closed: its probes and acks then count as missing. */
  const reconnect = async (seat: Seat): Promise<void> => {
    if (seat.reconnecting) return
    seat.reconnecting = true
    reconnects++
    await seat.client.close()
    const next = client(await server.endpoint(seat.room, 0), seat.writer)
    next.person = seat.client.person // the viewer too is the same person as before
    seat.client = next
    try {
      await next.synced
    } catch {
      failedReconnects++
      return
    } finally {
      seat.reconnecting = false
    }
    if (next.syncState) tracker.onMarkers(next, markersIn(next.syncState), performance.now())
    next.onMarkers = tracker.onMarkers
    if (seat.writer) acks.watch(next, seat.writer.doc)
    watchEnd(seat, next)
  }
  /** Like the stock client, come back a second after the node closes the socket, and count it. */
  const watchEnd = (seat: Seat, c: BenchClient): void => {
    void c.closed.then(() => {
      if (!running || c.ended?.byUs || seat.client !== c) return
      const code = c.ended?.code ?? 0
      nodeCloses.set(code, (nodeCloses.get(code) ?? 0) + 1)
      setTimeout(() => running && reconnecting.push(reconnect(seat)), 1_000)
    })
  }
  for (const seat of all) watchEnd(seat, seat.client)

  const editGap = 1000 / opts.updateHz
  const cursorGap = 1000 / opts.cursorHz
  const cpuBefore = server.cpu(0)
  const started = performance.now()
  const startedWall = Date.now()
  // Spread the writers' phases evenly so the offered load is smooth, as real users are.
  for (const [j, s] of seats.entries()) {
    s.nextEdit = started + (j / seats.length) * editGap
    s.nextCursor = started + (j / seats.length) * cursorGap
  }
  const runMs = (opts.warmupS + opts.durationS) * 1000
  tracker.recordFrom = acks.recordFrom = started + opts.warmupS * 1000
  let edits = 0
  let cursors = 0
  const churnGap = opts.churn ? 60_000 / opts.churn.reconnectsPerMinute : Infinity
  let nextChurn = started + churnGap
  let churned = 0
  let redisRestarts = 0
  const redisTimer = opts.churn
    ? setInterval(() => {
        redisRestarts++
        reconnecting.push(server.restartRedis?.() ?? Promise.resolve())
      }, opts.churn.redisRestartEveryS * 1000)
    : null
  // A long run says every minute how it is going, so a run that goes wrong shows when.
  const progress = opts.churn
    ? setInterval(() => {
        const now = performance.now()
        const closes = [...nodeCloses].map(([code, n]) => `${code}x${n}`).join(' ') || 'none'
        const notOpen = all.filter((s) => !s.client.isOpen).length
        const stale = acks.stale(now, 10_000)
        console.error(
          `[${new Date().toISOString()} +${((now - started) / 60_000).toFixed(1)} min] edits ${edits}, unacked after 10 s ${stale.edits} (${stale.seats} seats), probes pending ${tracker.pending.size}, sockets not open ${notOpen}, reconnects ${reconnects}, node closes ${closes}, redis restarts ${redisRestarts}`,
        )
      }, 60_000)
    : null
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now()
      const end = Math.min(now, started + runMs)
      while (nextChurn <= end) {
        // A fixed stride (coprime to the client count) instead of a random pick: every client
        // takes its turn, and a run is repeatable.
        reconnecting.push(reconnect(all[(churned++ * 97) % all.length]!))
        nextChurn += churnGap
      }
      for (const s of seats) {
        while (s.nextEdit <= end) {
          const seq = tracker.next(s.client, 2, s.nextEdit)
          const update = s.writer.write(seq)
          acks.edited(s.writer.doc, s.nextEdit)
          s.client.sendUpdate(update)
          s.nextEdit += editGap
          edits++
        }
        while (s.nextCursor <= end) {
          s.client.sendAwareness({ user: { name: s.writer.key }, cursor: { x: Math.round(s.nextCursor - started), y: s.client.id } })
          s.nextCursor += cursorGap
          cursors++
        }
      }
      if (now >= started + runMs) {
        clearInterval(timer)
        resolve()
      }
    }, 2)
  })
  if (redisTimer) clearInterval(redisTimer)
  if (progress) clearInterval(progress)
  await Promise.all(reconnecting)
  const endedWall = Date.now()
  const nodeCpuPercent = ((server.cpu(0) - cpuBefore) / ((endedWall - startedWall) / 1000)) * 100
  const deadline = Date.now() + 3_000
  while ((tracker.pending.size > 0 || acks.missing() > 0) && Date.now() < deadline) await sleep(20)
  running = false
  await Promise.all(reconnecting) // any that a late close started
  await closeAll(all.map((s) => s.client))
  const closedByNode = [...nodeCloses.values()].reduce((a, b) => a + b, 0)

  const measuredFrom = startedWall + opts.warmupS * 1000
  const node = loopFigures(probes, server.pid(0), measuredFrom, endedWall)
  const generator = loopFigures(probes, process.pid, measuredFrom, endedWall)
  const lat = tracker.latencies
  const notes: string[] = []
  if (generator.lagP99 > 5) {
    notes.push(`generator loop lag p99 ${generator.lagP99.toFixed(1)} ms > 5 ms: on the matrix's reference machine this run would be discarded (the generator shares the cores with the nodes and other work)`)
  }
  return {
    scenario: `L1 interview rooms + D9 saved acks: ${opts.rooms} rooms x (2 writers + 1 viewer), ${opts.updateHz} upd/s and ${opts.cursorHz} Hz cursors per writer, ${opts.durationS} s after ${opts.warmupS} s warm-up`,
    figures: {
      clients: all.length,
      'edits sent': edits,
      'edits/s offered': (seats.length * opts.updateHz),
      'cursor moves sent': cursors,
      'probes measured': lat.length,
      'update p50 ms': percentile(lat, 50),
      'update p99 ms': percentile(lat, 99),
      'update max ms': percentile(lat, 100),
      'coalesced probes': tracker.coalesced,
      'saved ack p50 ms': percentile(acks.latencies, 50),
      'saved ack p95 ms': percentile(acks.latencies, 95),
      'saved ack p99 ms': percentile(acks.latencies, 99),
      'node loop lag p50 ms': node.lagP50,
      'node loop lag max ms': node.lagMax,
      'node RSS MB': node.rssMb,
      'node CPU % of one core': nodeCpuPercent,
      'generator loop lag p99 ms': generator.lagP99,
      'sockets the node closed': closedByNode,
      ...Object.fromEntries([...nodeCloses].map(([code, n]) => [`node closes with ${code}`, n])),
      ...(opts.churn ? { reconnects, 'reconnects that failed': failedReconnects, 'redis restarts': redisRestarts } : {}),
    },
    criteria: [
      atMost('L1', 'update p99 (intended send -> both other clients have it)', percentile(lat, 99), 50, 'ms'),
      atMost('L1', 'missing probes (3 s after the run)', tracker.lost(), 0, ''),
      atMost('L1', 'node event-loop lag p99', node.lagP99, 20, 'ms'),
      atMost('L1', 'sockets the node closed (each came back a second later)', closedByNode, 0, ''),
      atMost('D9', 'saved ack p95', percentile(acks.latencies, 95), 100, 'ms'),
      atMost('D9', 'saved ack p99', percentile(acks.latencies, 99), 500, 'ms'),
      atMost('D9', 'edits never acked (3 s after the run)', acks.missing(), 0, ''),
    ],
    notes,
    window: { from: measuredFrom, to: endedWall },
    lostProbes: tracker.lost(),
    unackedEdits: acks.missing(),
    closedByNode,
  }
}
