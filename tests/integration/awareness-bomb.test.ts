// reliability.md finding 1 and §6.1 B13, B14, B15: hostile awareness on the wire. One 20 KB
// awareness state nested 10,000 deep is stored by y-protocols' applyAwarenessUpdate; every later
// encodeAwarenessUpdate throws RangeError, and the stock @y/websocket-server 0.1.1 exits when the
// next client joins (its initial awareness send in setupWSConnection is unguarded). Our node must
// close the sender and carry on: bystanders keep editing, the next joiner syncs, nothing is
// re-broadcast. The same test runs the bomb against the stock server in a child process, the way
// tests/bench/servers.ts starts it, and asserts that it goes down.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { canConnect, freePort } from '../helpers/free-port'
import { assertSurvives } from '../helpers/survival'
import { connectClient, rawSocket, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

const ROOM = 'awareness-bomb'
const BOMB_CLIENT_ID = 777
/** 10,000 '[' then 10,000 ']': 20,000 bytes of valid JSON. */
const DEEP_STATE = '['.repeat(10_000) + ']'.repeat(10_000)

/** An awareness message (type 1) carrying the given entries, as y-protocols encodes them. */
function awarenessFrame(entries: { clientId: number; clock: number; state: string }[]): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, state)
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

const BOMB = awarenessFrame([{ clientId: BOMB_CLIENT_ID, clock: 1, state: DEEP_STATE }])

describe('hostile awareness against our sync node (finding 1, B13, B14, B15)', () => {
  let server: SyncServer
  let alice: Client
  let bob: Client

  beforeAll(async () => {
    server = await startSyncServer()
    alice = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Alice', sub: 'user-a' }))
    bob = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Bob', sub: 'user-b' }))
    await Promise.all([waitForSynced(alice), waitForSynced(bob)])
    alice.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 })
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID), 'bob sees alice')
  })

  afterAll(async () => {
    alice?.destroy()
    bob?.destroy()
    await server?.close()
  })

  let probes = 0
  /** The node is alive, the bystanders are connected and converge, and no hostile id leaked. */
  async function bystandersFine(hostileIds: number[]): Promise<void> {
    expect(server.server.listening).toBe(true)
    const key = `probe-${++probes}`
    alice.doc.getMap('m').set(key, probes)
    await waitFor(() => bob.doc.getMap('m').get(key) === probes, `bob receives ${key}`)
    expect(alice.closeCodes.concat(bob.closeCodes), 'bystanders were never disconnected').toEqual([])
    // A joiner gets the document and the awareness states within 1 s (B15's bound).
    const started = performance.now()
    const joiner = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Joiner', sub: `user-j${probes}` }))
    try {
      await waitForSynced(joiner, 1_000)
      await waitFor(() => joiner.provider.awareness.getStates().has(alice.doc.clientID), 'joiner sees alice', 1_000)
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(joiner.doc.getMap('m').toJSON()).toEqual(alice.doc.getMap('m').toJSON())
      for (const client of [alice, bob, joiner]) {
        const ids = [...client.provider.awareness.getStates().keys()]
        expect(ids.filter((id) => hostileIds.includes(id)), 'hostile awareness was not re-broadcast').toEqual([])
      }
    } finally {
      joiner.destroy()
    }
    await waitFor(() => server.node.stats().connections === 2, 'only the bystanders remain')
  }

  async function sendAndExpectClose(frames: Uint8Array[], code: number, name: string): Promise<void> {
    const socket = rawSocket(server.url, ROOM, await roomToken(ROOM, { name, sub: `user-${name}` }))
    await socket.opened
    for (const frame of frames) socket.ws.send(frame)
    expect((await socket.closed).code).toBe(code)
  }

  it('a 20 KB awareness state nested 10,000 deep closes its socket; the node, bystanders and the next joiner are fine', async () => {
    expect(BOMB.byteLength).toBeGreaterThan(20_000)
    expect(BOMB.byteLength).toBeLessThan(20_100)
    await sendAndExpectClose([BOMB], CloseCodes.malformed.code, 'bomber')
    await bystandersFine([BOMB_CLIENT_ID])
  })

  it('the same bomb after a valid first state (the socket owns its clientID) is refused too', async () => {
    const valid = awarenessFrame([{ clientId: 778, clock: 1, state: '{"cursor":{"x":0,"y":0}}' }])
    const bomb = awarenessFrame([{ clientId: 778, clock: 2, state: DEEP_STATE }])
    await sendAndExpectClose([valid, bomb], CloseCodes.malformed.code, 'bomber2')
    await bystandersFine([778])
  })

  it('B13: one awareness frame with 100,000 client ids sets none of them and harms nobody', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ clientId: 1_000_000 + i, clock: 1, state: '{}' }))
    const frame = awarenessFrame(entries)
    expect(frame.byteLength).toBeLessThan(1024 * 1024) // under maxAwarenessFrameBytes: the room sees it
    const socket = rawSocket(server.url, ROOM, await roomToken(ROOM, { name: 'Flood', sub: 'user-flood' }))
    await socket.opened
    // Policy (presence.ts): a multi-entry frame before the socket has an id is an echo to ignore,
    // so the socket stays open: SURV with the offender answering a query-awareness afterwards.
    await assertSurvives({
      server,
      room: ROOM,
      bystanders: [alice, bob],
      offender: socket,
      attack: (s) => s.ws.send(frame),
      closeCode: 'open',
    })
    await waitFor(() => server.node.stats().connections === 3, 'flood socket still counted')
    socket.ws.close()
    await waitFor(() => server.node.stats().connections === 2, 'flood socket gone')
    await bystandersFine([1_000_000, 1_050_000, 1_099_999])
  })

  it('B14: a 100 KB awareness state is refused with 4413 and not re-broadcast', async () => {
    const state = JSON.stringify({ cursor: { x: 0, y: 0 }, pad: 'x'.repeat(100 * 1024) })
    await sendAndExpectClose([awarenessFrame([{ clientId: 779, clock: 1, state }])], CloseCodes.tooBig.code, 'big100k')
    await bystandersFine([779])
  })

  it('B14: a 10 MB awareness state is refused by ws (1009) before it is buffered', async () => {
    const state = JSON.stringify({ pad: 'x'.repeat(10 * 1024 * 1024) })
    await sendAndExpectClose([awarenessFrame([{ clientId: 780, clock: 1, state }])], 1009, 'big10m')
    await bystandersFine([780])
  })
})

// ---------------------------------------------------------------------------------------------
// The stock server, as tests/bench/servers.ts runs it (B in the benchmark).

/** Opens a stock client socket and resolves true if the server answers its sync step 1. */
function stockAnswers(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    const done = (answered: boolean): void => {
      clearTimeout(timer)
      ws.terminate()
      resolve(answered)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    ws.on('error', () => done(false))
    ws.on('close', () => done(false))
    ws.on('message', (data) => {
      const bytes = new Uint8Array(data as Buffer)
      if (bytes[0] === 0 && bytes[1] === 1) done(true) // sync step 2: the document
    })
    ws.on('open', () => {
      const step1 = encoding.createEncoder()
      encoding.writeVarUint(step1, 0)
      encoding.writeVarUint(step1, 0)
      encoding.writeVarUint8Array(step1, Y.encodeStateVector(new Y.Doc()))
      ws.send(encoding.toUint8Array(step1))
    })
  })
}

describe('the same bomb against the stock @y/websocket-server 0.1.1 (finding 1)', () => {
  let child: ChildProcess | undefined
  let output = ''

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
  })

  it('goes down when the next client joins', async () => {
    const port = await freePort()
    child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const proc = child
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-4000)
    }
    proc.stdout?.on('data', keep)
    proc.stderr?.on('data', keep)
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
    await waitFor(() => canConnect(port), '@y/websocket-server listening', 15_000)
    const url = `ws://127.0.0.1:${port}/bomb-room`
    expect(await stockAnswers(url, 2_000), 'the stock server answers before the bomb').toBe(true)

    const bomber = new WebSocket(url)
    bomber.on('error', () => {})
    await new Promise((resolve) => bomber.once('open', resolve))
    bomber.send(BOMB)
    await new Promise((resolve) => setTimeout(resolve, 300))

    // The next joiner: the stock server sends it every awareness state, unguarded.
    const answered = await stockAnswers(url, 2_000)
    const exitCode = await Promise.race([exited, new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 3_000))])
    bomber.terminate()
    console.info(`stock @y/websocket-server after the bomb: joiner answered=${answered}, exit=${String(exitCode)}\n${output.slice(-600)}`)
    expect(answered, 'the joiner is not served').toBe(false)
    expect(exitCode === 'alive' ? await stockAnswers(url, 2_000) : false, 'the stock server stops answering or exits').toBe(false)
  }, 30_000)
})
