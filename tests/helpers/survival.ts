// SURV, the survival check of research/reliability.md §6.0, for a node started in-process with
// startSyncServer (sync-harness.ts). After a hostile socket's attack it asserts:
//   (1) the node still answers HTTP in < 1 s. The harness's HTTP server is the node's server, but
//       it has no /health route (only server/sync-main.ts serves one, and it is not importable):
//       the probe is a GET /health that the harness answers 404 on the same event loop as the
//       node, plus node.stats() still counting the bystanders' sockets;
//   (2) the offending socket is closed within 500 ms, measured from its first send() of the attack
//       to its 'close' event (for a one-frame attack that is the bad frame; for a flood it is an
//       upper bound on the time from the frame that crossed the limit);
//   (3) every bystander receives a probe edit from every other bystander within 200 ms, and none
//       of them was disconnected meanwhile;
//   (4) the room's state vector, its whole encoded state (which includes pending structs) and its
//       stored log (snapshot + rows, read once the batcher has committed) are byte-identical
//       before and after the attack;
//   (5) RSS grows < 50 MB across the case and event-loop delay p99 < 50 ms while it runs
//       (perf_hooks.monitorEventLoopDelay, 1 ms resolution; a sample is the whole interval between
//       timer ticks, so an idle loop reads ~1 ms), over a window of at least 200 samples, plus a max
//       < 250 ms (not in §6.0; see SURV_BOUNDS). The clients share the node's process and loop,
//       so the figures are upper bounds on the node's own lag.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { request } from 'node:http'
import { expect } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { messageQueryAwareness } from '@/lib/protocol/message-types'
import { rawSocket, roomToken, waitFor, type Client, type RawSocket, type SyncServer } from './sync-harness'

export const SURV_BOUNDS = Object.freeze({
  healthMs: 1_000,
  closeMs: 500,
  probeMs: 200,
  rssGrowthBytes: 50 * 1024 * 1024,
  loopP99Ms: 50,
  /** Not in §6.0: a single stall (B11 before its fix: one 375-460 ms tick) hides in a p99. The
   *  same figure as B22's per-frame max. */
  loopMaxMs: 250,
})

/** Minimum samples in the loop-delay window, so its p99 is not just its worst tick (see below). */
const LOOP_SAMPLES = 200

export type SurvivalCase = {
  server: SyncServer
  room: string
  /** At least two stock clients in `room`, synced before the attack. */
  bystanders: Client[]
  /** The hostile socket, already open. */
  offender: RawSocket
  /** Sends the hostile frame(s) through `offender.ws`. */
  attack: (offender: RawSocket) => void | Promise<void>
  /**
   * Expected close code of the offender, or 'open' where the documented policy is to ignore the
   * input (B13): the socket must then stay open and answer a query-awareness sent after the
   * attack within the close bound, which proves the node has dealt with the hostile frames.
   */
  closeCode: number | 'open'
  /**
   * 'unchanged' (default): check (4). 'skip': the attack legitimately wrote to the room before it
   * was refused (B10); the caller asserts what the room may hold instead.
   */
  state?: 'unchanged' | 'skip'
}

export type SurvivalReport = {
  /** The offender's close code, or 'open' when it was left open and answered (see SurvivalCase). */
  closeCode: number | 'open'
  /** From the first hostile send to the close, or to the answer of an offender left open. */
  closeMs: number
  healthMs: number
  /** Worst bystander-to-bystander probe latency. */
  probeMs: number
  rssGrowthBytes: number
  loopP99Ms: number
  loopMaxMs: number
  loopSamples: number
  before: RoomSnapshot
  after: RoomSnapshot
}

export type RoomSnapshot = { stateVector: Uint8Array; state: Uint8Array; log: Uint8Array[] }

let probeSeq = 0

export async function assertSurvives(c: SurvivalCase): Promise<SurvivalReport> {
  if (c.bystanders.length < 2) throw new Error('SURV needs at least two bystanders in the room')
  const closesBefore = c.bystanders.map((b) => b.closeCodes.length)
  const before = await snapshotRoom(c.server, c.room)

  const loop = monitorEventLoopDelay({ resolution: 1 })
  const rssBefore = process.memoryUsage().rss
  loop.enable()
  try {
    // (2) close latency, from the first hostile send to the 'close' event.
    let firstSendAt = -1
    const ws = c.offender.ws
    const send = ws.send.bind(ws) as (...args: unknown[]) => void
    ws.send = ((...args: unknown[]) => {
      if (firstSendAt < 0) firstSendAt = performance.now()
      send(...args)
    }) as typeof ws.send
    const closed = new Promise<{ code: number; at: number }>((resolve) => ws.once('close', (code: number) => resolve({ code, at: performance.now() })))
    await c.attack(c.offender)
    if (firstSendAt < 0) throw new Error('the attack sent nothing')
    const close: { code: number | 'open'; at: number } =
      c.closeCode === 'open' ? await answered(c.offender, closed) : await withTimeout(closed, 5_000, 'the offending socket was never closed')
    const closeMs = close.at - firstSendAt

    // (4) compared before any probe edit changes the room. The surveyor's fetch of the whole room
    // state (1 MB in B10, encoded by the node and decoded here) is the checker's own work, not the
    // attack's: the loop monitor pauses for it (disable() keeps the samples so far).
    loop.disable()
    const after = await snapshotRoom(c.server, c.room)
    loop.enable()

    // (1)
    const healthStart = performance.now()
    const status = await httpGet(c.server.port, '/health')
    const healthMs = performance.now() - healthStart
    const stats = c.server.node.stats()

    // (3)
    const probeMs = await probeBystanders(c.bystanders)

    // A p99 needs samples: a one-frame case lasts ~20 ms (~20 samples), where "p99" is the single
    // worst tick and one OS deschedule on a loaded 2-core box fails it (measured: 15 runs of both
    // files at load average ~8, single-frame cases up to 143 ms). So the window runs on (idle
    // ticks after the case, at most 1 s) until it holds LOOP_SAMPLES samples, and a single stall is
    // caught by loopMaxMs instead.
    const padUntil = performance.now() + 1_000
    while (loop.count < LOOP_SAMPLES && performance.now() < padUntil) await new Promise((resolve) => setTimeout(resolve, 5))
    loop.disable()
    const rssGrowthBytes = process.memoryUsage().rss - rssBefore
    const report: SurvivalReport = {
      closeCode: close.code,
      closeMs,
      healthMs,
      probeMs,
      rssGrowthBytes,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      loopSamples: loop.count,
      before,
      after,
    }
    if (process.env.SURV_LOG) console.log('SURV', JSON.stringify({ ...report, before: undefined, after: undefined }))

    expect(close.code, 'offender close code').toBe(c.closeCode)
    expect(closeMs, 'offender closed within 500 ms of the attack').toBeLessThan(SURV_BOUNDS.closeMs)
    expect(status, 'the node answered HTTP').toBeGreaterThanOrEqual(200)
    expect(healthMs, 'HTTP probe answered within 1 s').toBeLessThan(SURV_BOUNDS.healthMs)
    expect(stats.connections, 'bystanders still counted by node.stats()').toBeGreaterThanOrEqual(c.bystanders.length)
    expect(c.bystanders.map((b) => b.closeCodes.length), 'no bystander was disconnected').toEqual(closesBefore)
    expect(c.bystanders.every((b) => b.provider.wsconnected), 'bystanders connected').toBe(true)
    expect(probeMs, 'bystander probe latency').toBeLessThan(SURV_BOUNDS.probeMs)
    if ((c.state ?? 'unchanged') === 'unchanged') {
      expect(hex(after.stateVector), 'room state vector unchanged').toBe(hex(before.stateVector))
      expect(after.state.byteLength, 'room state size unchanged').toBe(before.state.byteLength)
      expect(hex(after.state), 'room state unchanged').toBe(hex(before.state))
      expect(after.log.map(hex), 'stored log unchanged').toEqual(before.log.map(hex))
    }
    expect(rssGrowthBytes, 'RSS growth').toBeLessThan(SURV_BOUNDS.rssGrowthBytes)
    expect(report.loopP99Ms, 'event-loop delay p99 (ms)').toBeLessThan(SURV_BOUNDS.loopP99Ms)
    expect(report.loopMaxMs, 'event-loop delay max (ms)').toBeLessThan(SURV_BOUNDS.loopMaxMs)
    return report
  } finally {
    loop.disable()
  }
}

/** An offender the policy leaves open: it must answer a query-awareness sent after its attack. */
async function answered(offender: RawSocket, closed: Promise<{ code: number; at: number }>): Promise<{ code: number | 'open'; at: number }> {
  const before = offender.messages.length
  offender.ws.send(new Uint8Array([messageQueryAwareness]))
  let closedWith: { code: number; at: number } | null = null
  void closed.then((c) => (closedWith = c))
  const deadline = performance.now() + 5_000
  while (performance.now() < deadline) {
    if (closedWith) return closedWith
    if (offender.messages.length > before) return { code: 'open', at: performance.now() }
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  throw new Error('the offender left open never answered')
}

/**
 * The room as the node holds it: its state vector (from the node's greeting), its whole state
 * (the node's sync step 2 answer to an empty state vector, pending structs included) and the
 * stored log, read once every received update has been committed.
 */
export async function snapshotRoom(server: SyncServer, room: string): Promise<RoomSnapshot> {
  await waitFor(() => (server.node.roomStats(room)?.pendingBytes ?? 0) === 0, 'batcher committed')
  const socket = rawSocket(server.url, room, await roomToken(room, { role: 'viewer', name: 'Surveyor', sub: 'user-surveyor' }))
  try {
    await socket.opened
    const empty = encoding.createEncoder()
    encoding.writeVarUint(empty, 0)
    encoding.writeVarUint(empty, 0)
    encoding.writeVarUint8Array(empty, Y.encodeStateVector(new Y.Doc()))
    socket.ws.send(encoding.toUint8Array(empty))
    const sync = (subtype: number): Uint8Array | undefined => {
      for (const message of socket.messages) {
        try {
          const d = decoding.createDecoder(message)
          if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === subtype) return decoding.readVarUint8Array(d)
        } catch {
          // not a sync frame
        }
      }
      return undefined
    }
    await waitFor(() => sync(0) !== undefined && sync(1) !== undefined, 'the node greeted the surveyor and answered its sync step 1')
    const loaded = await server.updateLog.load(room)
    const log = [...(loaded.snapshot ? [loaded.snapshot] : []), ...loaded.updates].map((u) => u.slice())
    return { stateVector: sync(0)!, state: sync(1)!, log }
  } finally {
    socket.ws.close()
    await withTimeout(socket.closed, 2_000, 'surveyor close').catch(() => socket.ws.terminate())
  }
}

/** Each bystander writes one key; every other bystander must see it. Returns the worst latency. */
async function probeBystanders(bystanders: Client[]): Promise<number> {
  const n = ++probeSeq
  const seen = bystanders.map(() => new Map<string, number>())
  const observers = bystanders.map((b, i) => {
    const map = b.doc.getMap<number>('surv-probe')
    const observer = (event: Y.YMapEvent<number>) => {
      const now = performance.now()
      for (const key of event.keysChanged) if (!seen[i]!.has(key)) seen[i]!.set(key, now)
    }
    map.observe(observer)
    return () => map.unobserve(observer)
  })
  try {
    const sentAt: number[] = []
    bystanders.forEach((b, i) => {
      sentAt[i] = performance.now()
      b.doc.getMap<number>('surv-probe').set(`p${n}-${i}`, n)
    })
    const expected = bystanders.length * (bystanders.length - 1)
    const count = () => seen.reduce((sum, m, i) => sum + [...m.keys()].filter((k) => k.startsWith(`p${n}-`) && k !== `p${n}-${i}`).length, 0)
    // Wait past the bound, so a late probe is reported with its latency rather than as a timeout.
    await waitFor(() => count() === expected, 'every bystander saw every other bystander’s probe', 2_000).catch(() => {})
    let worst = 0
    bystanders.forEach((_b, reader) => {
      bystanders.forEach((_w, writer) => {
        if (reader === writer) return
        const at = seen[reader]!.get(`p${n}-${writer}`)
        worst = Math.max(worst, at === undefined ? Number.POSITIVE_INFINITY : at - sentAt[writer]!)
      })
    })
    return worst
  } finally {
    for (const off of observers) off()
  }
}

function httpGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 5_000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('timeout', () => req.destroy(new Error('HTTP probe timed out')))
    req.on('error', reject)
    req.end()
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

export type LatencyProbe = {
  /** Every `intervalMs` for `durationMs`, one edit from the writer; returns each edit's latency. */
  sample(durationMs: number, intervalMs?: number): Promise<number[]>
  close(): void
}

/**
 * Bystander edit latency for the "p99 < k × baseline" rows (B17, F8): a raw writer socket sends
 * small map edits, a raw reader socket times their arrival. Raw sockets, not stock clients: these
 * clients share the node's process, and stock clients decoding every broadcast update (a flood's
 * accepted burst, say) would measure their own Yjs work rather than the node's. Probes overlap when
 * one is slower than the interval, as real edits would.
 */
export async function openLatencyProbe(server: SyncServer, room: string): Promise<LatencyProbe> {
  const open = async (name: string) => {
    const socket = rawSocket(server.url, room, await roomToken(room, { name, sub: `user-${name}` }))
    await socket.opened
    return socket
  }
  const writer = await open('probe-writer')
  const reader = await open('probe-reader')
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => writer.ws.send(updateFrameOf(update)))
  const id = ++probeSeq
  let next = 0
  const sentAt = new Map<string, number>()
  const samples: number[] = []
  // The probes read frames as they come; rawSocket's own message lists would only grow.
  writer.ws.on('message', () => (writer.messages.length = 0))
  reader.ws.on('message', (data: Buffer) => {
    reader.messages.length = 0
    if (sentAt.size === 0) return
    const now = performance.now()
    for (const [marker, at] of sentAt) {
      if (data.indexOf(marker) < 0) continue
      sentAt.delete(marker)
      samples.push(now - at)
    }
  })
  return {
    async sample(durationMs, intervalMs = 20) {
      samples.length = 0
      const end = performance.now() + durationMs
      while (performance.now() < end) {
        // Unique ASCII in the update's bytes: Yjs v1 stores the string as UTF-8.
        const marker = `lat:${id}:${next++}:`
        sentAt.set(marker, performance.now())
        doc.getMap<string>('surv-latency').set('k', marker)
        await new Promise((resolve) => setTimeout(resolve, intervalMs))
      }
      await waitFor(() => sentAt.size === 0, 'every latency probe arrived', 5_000)
      return [...samples]
    },
    close() {
      writer.ws.close()
      reader.ws.close()
      doc.destroy()
    },
  }
}

function updateFrameOf(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** The nearest-rank 99th percentile. */
export function p99(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!
}
