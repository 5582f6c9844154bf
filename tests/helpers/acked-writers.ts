// The reliability matrix's set workload (§6.6): writer i writes record `page:c<i>:<seq>` at a
// steady rate and counts a key as ACKED once its node's "saved" acknowledgement
// (lib/protocol/saved.ts) covers the writer's own clock at that edit. Writers keep editing while
// disconnected, as a browser tab does, and reconnect through RoomConnection, the browser's own
// lookup-then-connect loop. Data-loss tests assert that every acked key survives the fault.
import type { TLRecord } from '@tldraw/tlschema'
import { Awareness } from 'y-protocols/awareness'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import type { BackoffOptions } from '@/lib/board/backoff'
import { recordsArray } from '@/lib/board/layout'
import { boardSchema } from '@/lib/board/record-checks'
import { RoomConnection, type ConnectionState } from '@/lib/board/room-connection'
import { fetchRoomLookup } from '@/lib/board/room-lookup'
import { listenForSavedAcks, SAVED_PARAMS } from '@/lib/board/saved-ack'
import { waitFor } from './sync-harness'
import { WebClient } from './web-client'

/** What a writer's connection reports back; `onAck` gets each saved ack's state vector. */
export type WriterHooks = { onAck(stateVector: Map<number, number>): void; onState(state: ConnectionState): void; onUrl(url: string): void }
export type WriterConnection = { destroy(): void; /** Cut the socket without a close frame, like a killed tab. */ kill(): void }
export type ConnectWriter = (index: number, doc: Y.Doc, hooks: WriterHooks) => WriterConnection

/** A state change of the writer's connection, or (`lookup`) a lookup naming node `url`. */
export type WriterState = { at: number; state: ConnectionState['kind'] | 'lookup'; url?: string; /** Why it is waiting, e.g. the close code. */ reason?: string }

export type Writers = {
  docs(): Y.Doc[]
  /** Keys whose edit a node acknowledged as durably saved. */
  acked(): ReadonlySet<string>
  /** Every key written locally (acked or not). */
  sent(): ReadonlySet<string>
  /** Connection history of writer i: state changes with their time, and the node of each lookup. */
  history(index: number): readonly WriterState[]
  /** Stop writing; keep the connections so outstanding edits can still be acked. */
  pauseWriting(): void
  /** Stop writing and wait until every sent key is acked; false when `timeoutMs` runs out first. */
  settle(timeoutMs: number): Promise<boolean>
  /** Stop writing and close every connection normally. */
  stop(): Promise<void>
  /** Stop writing and cut every socket without a close frame: nothing unacked can be resent. */
  killClients(): void
}

/** `ratePerSec` per writer; 0 for read-only verifiers. `firstIndex` numbers writers from there (c<i>). */
export type WritersOptions = { count: number; ratePerSec: number; connect: ConnectWriter; firstIndex?: number }

const schema = boardSchema()

/** The record key for workload key `c<i>:<seq>`: a page, the smallest record the node accepts. */
export function recordKey(key: string): string {
  return `page:${key}`
}

function pageRecord(key: string): TLRecord {
  return schema.types.page!.create({ id: recordKey(key) as never, name: key, index: 'a1' as never }) as TLRecord
}

/** The workload keys (`c<i>:<seq>`) present in a board document. */
export function workloadKeys(doc: Y.Doc): Set<string> {
  const keys = new Set<string>()
  for (const { key } of recordsArray(doc).toArray()) if (/^page:c\d+:\d+$/.test(key)) keys.add(key.slice('page:'.length))
  return keys
}

type Writer = { doc: Y.Doc; kv: YKeyValue<TLRecord>; conn: WriterConnection; pending: Array<{ clock: number; key: string }>; seq: number; history: WriterState[] }

export function startWriters(options: WritersOptions): Writers {
  const acked = new Set<string>()
  const sent = new Set<string>()
  const writers: Writer[] = []
  const first = options.firstIndex ?? 0
  for (let n = 0; n < options.count; n++) {
    const index = first + n
    const doc = new Y.Doc()
    const history: WriterState[] = []
    const writer: Writer = { doc, kv: new YKeyValue<TLRecord>(recordsArray<TLRecord>(doc)), conn: { destroy() {}, kill() {} }, pending: [], seq: 0, history }
    writer.conn = options.connect(index, doc, {
      onAck: (sv) => {
        const clock = sv.get(doc.clientID) ?? 0
        // Pending edits are in clock order, so the covered ones are a prefix.
        while (writer.pending.length > 0 && writer.pending[0]!.clock <= clock) acked.add(writer.pending.shift()!.key)
      },
      onState: (state) => void history.push({ at: Date.now(), state: state.kind, reason: state.kind === 'waiting' ? state.reason : undefined }),
      onUrl: (url) => void history.push({ at: Date.now(), state: 'lookup', url }),
    })
    writers.push(writer)
  }

  const periodMs = 1000 / options.ratePerSec
  // Writers start spread over one period so the node sees a steady stream, not bursts of `count`.
  // A rate of 0 makes read-only clients: verifiers that only sync.
  const timers = (options.ratePerSec > 0 ? writers : []).map((writer, n) => {
    const index = first + n
    let interval: ReturnType<typeof setInterval> | undefined
    const start = setTimeout(() => {
      interval = setInterval(() => {
        const key = `c${index}:${writer.seq++}`
        writer.kv.set(recordKey(key), pageRecord(key))
        sent.add(key)
        writer.pending.push({ clock: Y.getState(writer.doc.store, writer.doc.clientID), key })
      }, periodMs)
    }, (n * periodMs) / writers.length)
    return () => {
      clearTimeout(start)
      if (interval) clearInterval(interval)
    }
  })
  const pauseWriting = (): void => {
    for (const clear of timers) clear()
  }

  return {
    docs: () => writers.map((w) => w.doc),
    acked: () => acked,
    sent: () => sent,
    history: (index) => writers[index - first]?.history ?? [],
    pauseWriting,
    async settle(timeoutMs) {
      pauseWriting()
      const deadline = Date.now() + timeoutMs
      while (acked.size < sent.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      return acked.size === sent.size
    },
    async stop() {
      pauseWriting()
      for (const w of writers) w.conn.destroy()
    },
    killClients() {
      pauseWriting()
      for (const w of writers) w.conn.kill()
    },
  }
}

/** A board owned by a fresh account, with an editor share link for the writers' lookups. */
export async function boardWithEditorLink(baseUrl: string, label: string): Promise<{ boardId: string; share: string }> {
  const client = new WebClient(baseUrl)
  const email = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`
  const password = `pw-${label}-secret-long`
  const signup = await client.json('/api/signup', 'POST', { email, name: label, password })
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status}`)
  const signedIn = await client.signIn(email, password)
  if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.status}`)
  const created = await client.json('/api/boards', 'POST', { title: label })
  if (created.status !== 201) throw new Error(`board create answered ${created.status}`)
  const { id } = (await created.json()) as { id: string }
  const shared = await client.json(`/api/boards/${id}/shares`, 'POST', { role: 'editor' })
  if (shared.status !== 201) throw new Error(`share create answered ${shared.status}`)
  const { token } = (await shared.json()) as { token: string }
  return { boardId: id, share: token }
}

/**
 * Connects through the web tier's lookup with RoomConnection, subscribed to saved acks, exactly as
 * the board page does; `baseUrl()` is read on every lookup so a restarted web tier is found.
 */
export function lookupWriter(options: { baseUrl: () => string; boardId: string; share: string; backoff?: BackoffOptions }): ConnectWriter {
  // Each writer is its own browser: with the web tier behind a trusted proxy (TRUST_PROXY=1, see
  // startCluster), a distinct X-Forwarded-For gives each one its own lookup rate-limit bucket.
  const fetchAs =
    (index: number): typeof fetch =>
    (input, init) =>
      fetch(`${options.baseUrl()}${String(input)}`, { ...init, headers: { ...init?.headers, 'x-forwarded-for': `10.0.${index >> 8}.${index & 255}` } })
  return (index, doc, hooks) => {
    let socket: { terminate?: () => void } | null = null
    // Owned here, as the board page owns its own: an Awareness runs an interval timer that keeps
    // it and the whole doc alive until destroyed. Never destroyed, every writer of every D2 cycle
    // stayed in memory with its copy of the growing board (1,000 of them over 100 cycles).
    const awareness = new Awareness(doc)
    const conn = new RoomConnection({
      boardId: options.boardId,
      shareToken: options.share,
      doc,
      awareness,
      params: { ...SAVED_PARAMS },
      onState: hooks.onState,
      onLookup: (lookup) => {
        hooks.onUrl(lookup.url)
      },
      onProvider: (provider) => {
        listenForSavedAcks(provider, hooks.onAck)
        provider.on('status', () => (socket = provider.ws as { terminate?: () => void } | null))
      },
      lookup: (signal, avoid) => fetchRoomLookup(options.boardId, options.share, signal, fetchAs(index), avoid),
      backoff: options.backoff,
    })
    conn.start()
    return {
      destroy: () => {
        conn.destroy()
        awareness.destroy()
      },
      kill: () => {
        // `ws` sockets can be cut without a close frame; the node sees a dead TCP peer.
        socket?.terminate?.()
        conn.destroy()
        awareness.destroy()
      },
    }
  }
}

/** The node a writer last synced with (the url of the lookup before its latest 'synced'). */
export function lastSyncedNode(writers: Writers, index: number): string | undefined {
  let url: string | undefined
  let synced: string | undefined
  for (const event of writers.history(index)) {
    if (event.state === 'lookup') url = event.url
    if (event.state === 'synced') synced = url
  }
  return synced
}

/** One writer's history as `state url @ms since t0 > …`, for failure messages. */
export function describeHistory(writers: Writers, index: number, t0: number): string {
  return writers.history(index).map((e) => `${e.state}${e.url ? ` ${e.url}` : ''} @${e.at - t0}`).join(' > ')
}

/** waitFor, with each writer's connection history in the failure. */
export async function waitForWriters(writers: Writers, ids: number[], done: (i: number) => boolean, what: string, ms: number): Promise<void> {
  const t0 = Date.now()
  await waitFor(() => ids.every(done), what, ms).catch((error: unknown) => {
    const states = ids.map((i) => `writer ${i}: ${describeHistory(writers, i, t0)}`)
    throw new Error(`${String(error)}\n${states.join('\n')}`)
  })
}

/** When writer `index` first synced after `since` with a node other than `avoid`. */
export function resyncedAt(writers: Writers, index: number, since: number, avoid: string): number | undefined {
  let url: string | undefined
  for (const event of writers.history(index)) {
    if (event.state === 'lookup') url = event.url
    if (event.state === 'synced' && event.at >= since && url !== avoid) return event.at
  }
  return undefined
}
