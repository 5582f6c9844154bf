// Shared helpers for sync-node tests: a real HTTP server on port 0 with createSyncNode, tokens,
// stock y-websocket clients, raw sockets, and waits with deadlines instead of sleeps.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { signRoomToken, type RoomTokenKey } from '@/lib/auth/room-token'
import type { Role } from '@/lib/auth/roles'
import { silentLogger, createLogger } from '@/lib/log'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import type { UpdateLog } from '@/lib/persistence/update-log'
import type { RoomBus } from '@/lib/rooms/bus'
import { MemoryBusHub } from '@/lib/rooms/memory-bus'
import { MemoryRegistry } from '@/lib/rooms/memory-registry'
import { createSyncNode, type SyncNode, type SyncNodeOptions } from '@/server/node'

export const TEST_KEY: RoomTokenKey = { kid: 'test-k1', secret: 'sync-test-secret-0123456789abcdef0123456789' }
export const OLD_KEY: RoomTokenKey = { kid: 'test-k0', secret: 'sync-test-old-secret-0123456789abcdef012345' }

export type SyncServer = {
  node: SyncNode
  server: Server
  port: number
  /** Base URL for WebsocketProvider: ws://127.0.0.1:<port>/sync */
  url: string
  updateLog: UpdateLog
  registry: MemoryRegistry
  hub: MemoryBusHub
  close(): Promise<void>
}

export type SyncServerOptions = Partial<Omit<SyncNodeOptions, 'bus'>> & {
  hub?: MemoryBusHub
  /** Listen on this port (a restarted server that clients reconnect to); default: any free port. */
  port?: number
  /** A bus to use instead of one from `hub` (e.g. a RedisBus); closed with the server. */
  bus?: RoomBus
}

export async function startSyncServer(allOptions: SyncServerOptions = {}): Promise<SyncServer> {
  const { port: wantedPort = 0, bus: givenBus, ...options } = allOptions
  const hub = options.hub ?? new MemoryBusHub()
  const registry = options.registry instanceof MemoryRegistry ? options.registry : new MemoryRegistry()
  const updateLog = options.updateLog ?? new MemoryUpdateLog()
  const server = createServer((_req, res) => res.writeHead(404).end())
  const bus = givenBus ?? hub.connect()
  const node = await createSyncNode({
    id: `node-${Math.random().toString(36).slice(2, 8)}`,
    publicUrl: '',
    tokenKeys: [TEST_KEY, OLD_KEY],
    allowedOrigins: ['https://allowed.example'],
    log: process.env.SYNC_TEST_LOG ? createLogger('debug') : silentLogger,
    ...options,
    updateLog,
    registry,
    bus,
    // Tests want prompt unloads and flushes; real defaults are tested by their own cases.
    tuning: { unloadDelayMs: 0, ...options.tuning },
  })
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/sync/')) node.handleUpgrade(req, socket, head)
    else socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(wantedPort, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  let closed: Promise<void> | null = null
  return {
    node,
    server,
    port,
    url: `ws://127.0.0.1:${port}/sync`,
    updateLog,
    registry,
    hub,
    close: () =>
      (closed ??= (async () => {
        await node.close()
        await bus.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      })()),
  }
}

export type TokenOptions = { role?: Role; name?: string; color?: string; sid?: string; ttl?: number; key?: RoomTokenKey; now?: number; sub?: string }

export async function roomToken(room: string, options: TokenOptions = {}): Promise<string> {
  const { token } = await signRoomToken(
    {
      room,
      subject: options.sub ?? `user-${options.name ?? 'ada'}`,
      role: options.role ?? 'editor',
      name: options.name ?? 'Ada',
      color: options.color ?? '#336699',
      shareId: options.sid,
    },
    options.key ?? TEST_KEY,
    options.ttl ?? 300,
    options.now,
  )
  return token
}

export type Client = {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close codes of every connection this provider saw end. */
  closeCodes: number[]
  destroy(): void
}

/** A stock y-websocket client, as the contract says stock clients must sync. */
export function connectClient(url: string, room: string, token: string, params: Record<string, string> = {}): Client {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, ...params },
    // Node has BroadcastChannel: without this, two clients in one process sync past the server.
    disableBc: true,
  })
  const closeCodes: number[] = []
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code)
  })
  return {
    doc,
    provider,
    closeCodes,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, message: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await predicate()) return
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function waitForSynced(client: Client, timeoutMs = 5_000): Promise<void> {
  return waitFor(() => client.provider.synced, 'provider synced', timeoutMs)
}

export type RawSocket = {
  ws: WebSocket
  messages: Uint8Array[]
  closed: Promise<{ code: number; reason: string }>
  opened: Promise<void>
}

/** A bare `ws` client that sends whatever bytes a test wants. */
export function rawSocket(url: string, room: string, token: string, headers: Record<string, string> = {}, query = ''): RawSocket {
  const ws = new WebSocket(`${url}/${room}?token=${encodeURIComponent(token)}${query}`, { headers })
  const messages: Uint8Array[] = []
  ws.on('message', (data) => messages.push(new Uint8Array(data as Buffer)))
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('close', () => reject(new Error('closed before open')))
  })
  opened.catch(() => {})
  return { ws, messages, closed, opened }
}

/** Resolves with the HTTP status of a refused upgrade. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
      ws.terminate()
    })
    ws.on('open', () => {
      ws.terminate()
      reject(new Error('upgrade was accepted'))
    })
    ws.on('error', () => {})
  })
}

/** The number of live Node timers, for "leaves no timer behind" checks. */
export function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
}
