// Matrix F7/D4 (docs/reliability.md): while the update log refuses appends, the node sends no
// saved ack, tells subscribed tabs that it is failing ('unsaved' saved-message), retries, and once
// the database is back commits every held edit and acks it within 5 s. The client side is the
// real listenForSavedAcks + SavedTracker, so the 'failing' state the BoardBar shows is asserted too.
// The outage is simulated with MemoryUpdateLog.appendError (no real Postgres termination here).
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { listenForSavedAcks } from '@/lib/board/saved-ack'
import { SavedTracker } from '@/lib/board/saved-state'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { messageSaved } from '@/lib/protocol/message-types'
import { connectClient, rawSocket, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

const servers: SyncServer[] = []
const clients: Client[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

type Observed = {
  client: Client
  tracker: SavedTracker
  acks: { at: number; sv: Map<number, number> }[]
  notices: { at: number; failingForMs: number }[]
  /** Every saved message in arrival order. */
  order: ('ack' | 'unsaved')[]
}

async function observedClient(server: SyncServer, room: string, sub: string): Promise<Observed> {
  const client = connectClient(server.url, room, await roomToken(room, { sub }), { saved: '1' })
  clients.push(client)
  const tracker = new SavedTracker(client.doc, () => {})
  const observed: Observed = { client, tracker, acks: [], notices: [], order: [] }
  listenForSavedAcks(
    client.provider,
    (sv) => {
      observed.acks.push({ at: performance.now(), sv })
      observed.order.push('ack')
      tracker.acknowledge(sv)
    },
    (failingForMs) => {
      observed.notices.push({ at: performance.now(), failingForMs })
      observed.order.push('unsaved')
      tracker.unsaved()
    },
  )
  await waitForSynced(client)
  tracker.setOnline(true)
  await waitFor(() => observed.acks.length > 0, 'first ack on subscribe')
  return observed
}

const ownClock = (c: Client) => Y.getState(c.doc.store, c.doc.clientID)
const covers = (ack: { sv: Map<number, number> }, c: Client, clock: number) => (ack.sv.get(c.doc.clientID) ?? 0) >= clock
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function stored(log: MemoryUpdateLog, room: string): Y.Doc {
  const doc = new Y.Doc()
  const state = log.storedState(room)
  if (state) Y.applyUpdate(doc, state)
  return doc
}

describe('saved state while the database refuses appends (F7, D4)', () => {
  it('no ack and an unsaved notice during the outage; all 100 edits committed and acked ≤ 5 s after it ends', async () => {
    const log = new MemoryUpdateLog()
    // A short notice period so the repeat is observable in a 2.5 s outage; retry backoff is the default.
    const server = await startSyncServer({ updateLog: log, tuning: { unsavedNoticeMs: 500 } })
    servers.push(server)
    const a = await observedClient(server, 'outage', 'user-a')
    a.client.doc.getMap('m').set('before', true)
    const before = ownClock(a.client)
    await waitFor(() => a.acks.some((ack) => covers(ack, a.client, before)), 'ack before the outage')
    expect(a.tracker.state).toBe('saved')
    expect(a.notices).toEqual([])

    log.appendError = new Error('terminating connection due to administrator command')
    const outageAt = performance.now()
    const acksBefore = a.acks.length
    const callsBefore = log.appendCalls
    for (let i = 0; i < 100; i++) a.client.doc.getMap('m').set(`k${i}`, i) // 100 separate updates
    const edited = ownClock(a.client)

    await waitFor(() => a.notices.length > 0, 'unsaved notice', 2_000)
    const firstNoticeMs = a.notices[0]!.at - outageAt
    expect(firstNoticeMs).toBeLessThanOrEqual(1_000)
    expect(a.tracker.state).toBe('failing')

    await sleep(2_500 - (performance.now() - outageAt))
    // No ack of any kind while every append fails (F7 "no acks in the outage").
    expect(a.acks.length).toBe(acksBefore)
    expect(log.appendCalls - callsBefore).toBeGreaterThan(2) // retried, not dropped
    // Repeated while failing, but throttled, and counting from the start of the outage.
    expect(a.notices.length).toBeGreaterThanOrEqual(2)
    for (let i = 1; i < a.notices.length; i++) {
      expect(a.notices[i]!.at - a.notices[i - 1]!.at).toBeGreaterThanOrEqual(400)
      expect(a.notices[i]!.failingForMs).toBeGreaterThan(a.notices[i - 1]!.failingForMs)
    }
    expect(a.tracker.state).toBe('failing')
    expect(stored(log, 'outage').getMap('m').has('k0')).toBe(false)

    log.appendError = undefined
    const clearedAt = performance.now()
    await waitFor(() => a.acks.some((ack) => covers(ack, a.client, edited)), 'ack after the outage', 6_000)
    const persistedMs = a.acks.find((ack) => covers(ack, a.client, edited))!.at - clearedAt
    expect(persistedMs).toBeLessThanOrEqual(5_000) // F7 "persisted ≤ 5 s after"
    expect(a.tracker.state).toBe('saved')
    // 0 lost: every edit made during the outage is in the stored log.
    const doc = stored(log, 'outage').getMap('m')
    expect(doc.get('before')).toBe(true)
    for (let i = 0; i < 100; i++) expect(doc.get(`k${i}`)).toBe(i)
    // The outage is over: no stale notice afterwards.
    const noticesAtRecovery = a.notices.length
    await sleep(700)
    expect(a.notices.length).toBe(noticesAtRecovery)
    console.log(`[F7/D4] first unsaved notice ${firstNoticeMs.toFixed(0)} ms after the outage began; acked ${persistedMs.toFixed(0)} ms after it ended; ${a.notices.length} notices`)
  }, 20_000)

  it('an append that hangs without an error: unsaved after stallNoticeMs, saved once it commits, nothing lost', async () => {
    const log = new MemoryUpdateLog()
    const server = await startSyncServer({ updateLog: log, tuning: { stallNoticeMs: 400 } })
    servers.push(server)
    const a = await observedClient(server, 'stall', 'user-a')
    log.appendDelayMs = 1_500 // a database that neither answers nor errors, for 1.5 s
    const stalledAt = performance.now()
    a.client.doc.getMap('m').set('during-stall', 1)
    const edited = ownClock(a.client)
    await waitFor(() => a.notices.length > 0, 'unsaved notice during the stall', 1_500)
    const firstNoticeMs = a.notices[0]!.at - stalledAt
    expect(firstNoticeMs).toBeGreaterThanOrEqual(350)
    expect(a.tracker.state).toBe('failing')
    expect(a.acks.some((ack) => covers(ack, a.client, edited))).toBe(false)
    log.appendDelayMs = 0
    await waitFor(() => a.acks.some((ack) => covers(ack, a.client, edited)), 'ack once the hung append commits', 3_000)
    expect(a.tracker.state).toBe('saved')
    expect(stored(log, 'stall').getMap('m').get('during-stall')).toBe(1)
  })

  it('a tab joining mid-outage is told at once; a stock client that did not subscribe gets no saved frames', async () => {
    const log = new MemoryUpdateLog()
    // Throttle far longer than the test: any second notice must come from the join path.
    const server = await startSyncServer({ updateLog: log, tuning: { unsavedNoticeMs: 60_000 } })
    servers.push(server)
    const a = await observedClient(server, 'joiner', 'user-a')
    const stock = rawSocket(server.url, 'joiner', await roomToken('joiner', { sub: 'user-s' }))
    await stock.opened
    await waitFor(() => stock.messages.length > 0, 'stock client greeted')

    log.appendError = new Error('connect ECONNREFUSED')
    a.client.doc.getMap('m').set('held', 'in memory')
    await waitFor(() => a.notices.length === 1, 'unsaved notice for the editor')
    await sleep(300)
    expect(a.notices).toHaveLength(1) // throttled: retries at 100/200 ms send nothing more

    const b = await observedClient(server, 'joiner', 'user-b')
    await waitFor(() => b.notices.length > 0, 'unsaved notice for the joiner', 1_000)
    // The notice follows the greeting ack, so it is what the joiner ends up believing.
    expect(b.order[b.order.length - 1]).toBe('unsaved')
    expect(b.tracker.state).toBe('saved') // b has no edits of its own pending
    b.client.doc.getMap('m').set('b-edit', 1)
    expect(b.tracker.state).toBe('failing')

    log.appendError = undefined
    await waitFor(() => a.tracker.state === 'saved' && b.tracker.state === 'saved', 'both saved after recovery', 6_000)
    expect(stored(log, 'joiner').getMap('m').toJSON()).toEqual({ held: 'in memory', 'b-edit': 1 })
    expect(stock.messages.filter((m) => m[0] === messageSaved)).toEqual([])
    stock.ws.close()
  }, 20_000)
})
