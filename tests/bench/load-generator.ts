// The one load generator for all three servers: a lean y-protocols client over `ws`.
// Codec: plain y-websocket framing (`varUint type, payload`) for our tier and the stock server;
// Hocuspocus framing (`varString docName` before every frame, and an Auth frame
// [docName, 2 (Auth), 0 (Token), varString token] first, which @hocuspocus/server 3.4.4 waits
// for before it handles anything else on that document; ClientConnection handleQueueingMessage).
//
// A client sends SyncStep1 on open and is "synced" when the server's SyncStep2 arrives; it
// answers the server's SyncStep1 with a SyncStep2 of its own doc (empty for readers). Received
// updates are not applied: receivers find the writers' sequence markers in the raw bytes
// (records.ts), which keeps 500 readers cheap for the one process that runs them all.
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { markersIn } from './records'

export type Framing = 'plain' | 'hocuspocus'

/** Where one client connects: the full ws URL (room and token included) and the framing. */
export type Endpoint = { url: string; framing: Framing; docName: string; token: string }

const MSG_SYNC = 0
const MSG_AWARENESS = 1
const MSG_AUTH = 2
const MSG_SYNC_REPLY = 4 // Hocuspocus: a SyncStep1 that asks for no SyncStep1 back
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2
const AUTH_TOKEN = 0
const AUTH_DENIED = 1

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())
const EMPTY_SV = Y.encodeStateVector(new Y.Doc())

let sourceCounter = 0
/**
 * Our tier allows 64 sockets per remote address (lib/protocol/limits.ts). Spreading the clients
 * over loopback source addresses (127.77.a.b, 32 sockets each) keeps that limit out of the
 * measurement; all three servers see the same spread.
 */
function nextLocalAddress(): string {
  const idx = Math.floor(sourceCounter++ / 32) % 62_500
  return `127.77.${1 + Math.floor(idx / 250)}.${1 + (idx % 250)}`
}

export type MarkerListener = (client: BenchClient, seqs: number[], at: number) => void

let nextClientId = 1

export class BenchClient {
  readonly id = nextClientId++
  /**
   * Whom this connection speaks for, for the probe tracker: a writer's doc clientID, else unique
   * to the socket (negative, so never a clientID). A reconnect hands it on to the new socket.
   */
  person: number
  readonly ws: WebSocket
  readonly synced: Promise<void>
  readonly closed: Promise<void>
  onMarkers: MarkerListener | null = null
  /** Frames the generator does not decode itself (awareness, saved acks), with arrival time. */
  onOtherFrame: ((bytes: Uint8Array, at: number) => void) | null = null
  received = 0
  /** Bytes of the server's SyncStep2 (the state this client loaded). */
  syncState: Uint8Array | null = null
  /** How the socket ended, once it has; `byUs` when close() started it. */
  ended: { code: number; reason: string; byUs: boolean } | null = null
  #closing = false
  #isSynced = false
  #prefix: Uint8Array
  #awarenessClock = 0

  constructor(
    readonly endpoint: Endpoint,
    /** Writers pass their doc so a server's SyncStep1 gets a real answer. */
    readonly doc: Y.Doc | null = null,
    timeoutMs = 30_000,
  ) {
    this.person = doc?.clientID ?? -this.id
    const prefix = encoding.createEncoder()
    if (endpoint.framing === 'hocuspocus') encoding.writeVarString(prefix, endpoint.docName)
    this.#prefix = encoding.toUint8Array(prefix)
    this.ws = new WebSocket(endpoint.url, { perMessageDeflate: false, localAddress: nextLocalAddress() })
    this.ws.binaryType = 'nodebuffer'
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        this.ended = { code, reason: reason.toString(), byUs: this.#closing }
        resolve()
      }),
    )
    this.synced = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client ${this.id} not synced after ${timeoutMs} ms (${endpoint.url.split('?')[0]})`)), timeoutMs)
      const fail = (why: string): void => {
        clearTimeout(timer)
        reject(new Error(`client ${this.id}: ${why}`))
      }
      this.ws.once('unexpected-response', (_req, res) => fail(`HTTP ${res.statusCode}`))
      this.ws.once('close', (code, reason) => {
        if (!this.#isSynced) fail(`closed before sync: ${code} ${reason.toString()}`)
      })
      this.ws.on('error', () => {})
      this.ws.on('open', () => {
        if (endpoint.framing === 'hocuspocus') {
          this.#send((e) => {
            encoding.writeVarUint(e, MSG_AUTH)
            encoding.writeVarUint(e, AUTH_TOKEN)
            encoding.writeVarString(e, endpoint.token)
          })
        }
        this.#send((e) => {
          encoding.writeVarUint(e, MSG_SYNC)
          encoding.writeVarUint(e, STEP1)
          encoding.writeVarUint8Array(e, this.doc ? Y.encodeStateVector(this.doc) : EMPTY_SV)
        })
      })
      this.ws.on('message', (data: Buffer) => {
        this.received++
        const at = performance.now()
        try {
          const verdict = this.#onFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at)
          if (verdict === 'synced' && !this.#isSynced) {
            this.#isSynced = true
            clearTimeout(timer)
            resolve()
          } else if (verdict === 'denied') fail('permission denied')
        } catch (error) {
          fail(`bad frame: ${error instanceof Error ? error.message : String(error)}`)
        }
      })
    })
    this.synced.catch(() => {})
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  sendUpdate(update: Uint8Array): void {
    this.#send((e) => {
      encoding.writeVarUint(e, MSG_SYNC)
      encoding.writeVarUint(e, UPDATE)
      encoding.writeVarUint8Array(e, update)
    })
  }

  /** One awareness entry for this client (clientID = the doc's, or the client id). */
  sendAwareness(state: Record<string, unknown>): void {
    const clientId = this.doc?.clientID ?? 1_000_000 + this.id
    this.#awarenessClock++
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, 1)
    encoding.writeVarUint(inner, clientId)
    encoding.writeVarUint(inner, this.#awarenessClock)
    encoding.writeVarString(inner, JSON.stringify(state))
    this.#send((e) => {
      encoding.writeVarUint(e, MSG_AWARENESS)
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
    })
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    this.#closing = true
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate()
    else this.ws.close()
    return this.closed
  }

  #send(write: (e: encoding.Encoder) => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    const e = encoding.createEncoder()
    encoding.writeUint8Array(e, this.#prefix)
    write(e)
    this.ws.send(encoding.toUint8Array(e))
  }

  #onFrame(bytes: Uint8Array, at: number): 'synced' | 'denied' | null {
    const d = decoding.createDecoder(bytes)
    if (this.endpoint.framing === 'hocuspocus') decoding.readVarString(d)
    const type = decoding.readVarUint(d)
    if (type === MSG_AUTH) return decoding.readVarUint(d) === AUTH_DENIED ? 'denied' : null
    if (type !== MSG_SYNC && type !== MSG_SYNC_REPLY) {
      this.onOtherFrame?.(bytes, at) // awareness, query, sync status, saved acks
      return null
    }
    const step = decoding.readVarUint(d)
    if (step === STEP1) {
      const sv = decoding.readVarUint8Array(d)
      const reply = this.doc ? Y.encodeStateAsUpdate(this.doc, sv) : EMPTY_UPDATE
      this.#send((e) => {
        encoding.writeVarUint(e, MSG_SYNC)
        encoding.writeVarUint(e, STEP2)
        encoding.writeVarUint8Array(e, reply)
      })
      return null
    }
    if (this.onMarkers && this.#isSynced) {
      const seqs = markersIn(bytes)
      if (seqs.length > 0) this.onMarkers(this, seqs, at)
    }
    if (step === STEP2 && !this.#isSynced) {
      this.syncState = decoding.readVarUint8Array(d)
      return 'synced'
    }
    return null
  }
}

/** Open `count` clients with at most `parallel` handshakes in flight; resolves when all synced. */
export async function openClients(make: (i: number) => BenchClient, count: number, parallel = 50): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array<BenchClient>(count)
  let next = 0
  async function lane(): Promise<void> {
    while (next < count) {
      const i = next++
      const client = make(i)
      clients[i] = client
      await client.synced
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, () => lane()))
  return clients
}

export async function closeAll(clients: BenchClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close()))
}
