// A room's link to the other nodes holding it: publishes this node's document and awareness
// changes on the room's bus channel and hands over what others publish. Messages are ordinary
// y-websocket frames. The bus is at-most-once (Redis pub/sub), so the room heals gaps with a
// state-vector exchange on subscribe and periodically while peers are around.
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { RoomBus, Unsubscribe } from '@/lib/rooms/bus'
import type { Logger } from '@/lib/log'
import { classifyFrame, isEmptyUpdate, type Frame } from '@/lib/protocol/frame'
import { messageAwareness, messageQueryAwareness, messageSync } from '@/lib/protocol/message-types'
import type { SettledState } from './settled-state'

export function roomChannel(room: string): string {
  return `designroom:room:${room}`
}

export function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function updateFrame(update: Uint8Array): Uint8Array {
  return syncFrame((encoder) => syncProtocol.writeUpdate(encoder, update))
}

export class RoomRelay {
  #unsubscribe: Unsubscribe | null = null
  /** Messages that arrive before the room is loaded wait here (subscribe-before-load). */
  #held: Frame[] | null = []
  #closed = false
  /** When another node last spoke on this room's channel. */
  lastPeerAt = -Infinity

  constructor(
    private readonly room: string,
    private readonly bus: RoomBus,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Subscribes; frames are held until `release` hands them to `handler`. */
  async open(handler: (frame: Frame) => void): Promise<void> {
    this.#handler = handler
    const unsubscribe = await this.bus.subscribe(roomChannel(this.room), (message) => this.#receive(message))
    if (this.#closed) await unsubscribe()
    else this.#unsubscribe = unsubscribe
  }

  #handler: ((frame: Frame) => void) | null = null

  release(): void {
    const held = this.#held ?? []
    this.#held = null
    for (const frame of held) this.#deliver(frame)
  }

  #receive(message: Uint8Array): void {
    if (this.#closed) return
    this.lastPeerAt = this.now()
    const frame = classifyFrame(message)
    if (frame.kind === 'malformed' || frame.kind === 'unknown') {
      this.log.warn('bad frame on the bus', { kind: frame.kind })
      return
    }
    if (this.#held) this.#held.push(frame)
    else this.#deliver(frame)
  }

  #deliver(frame: Frame): void {
    try {
      this.#handler?.(frame)
    } catch (error) {
      this.log.warn('relay handler failed', { error, kind: frame.kind })
    }
  }

  publish(frame: Uint8Array): void {
    if (this.#closed) return
    this.bus.publish(roomChannel(this.room), frame).catch((error: unknown) => this.log.warn('publish failed', { error }))
  }

  publishStep1(stateVector: Uint8Array): void {
    this.publish(syncFrame((encoder) => {
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
      encoding.writeVarUint8Array(encoder, stateVector)
    }))
  }

  publishQueryAwareness(): void {
    this.publish(new Uint8Array([messageQueryAwareness]))
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#held = null
    const unsubscribe = this.#unsubscribe
    this.#unsubscribe = null
    await unsubscribe?.()
  }
}

export type PeerContext = {
  doc: Y.Doc
  awareness: awarenessProtocol.Awareness
  /** Transaction origin for applied peer data: never appended or re-published by this node. */
  origin: symbol
  relay: RoomRelay
  log: Logger
  /** Which of a peer's gaps are not merely in flight (settled-state.ts). */
  settled: SettledState
  now(): number
  localClientIds(): number[]
}

/** Applies one frame another node published for this room, answering state-vector requests. */
export function applyPeerFrame(frame: Frame, ctx: PeerContext): void {
  const { doc, relay } = ctx
  const payload = frame.payload ?? new Uint8Array()
  switch (frame.kind) {
    case 'update':
    case 'sync-step-2':
      // Peers validated these before applying them; a failure here is a bug, not an attack.
      try {
        Y.applyUpdate(doc, payload, ctx.origin)
      } catch (error) {
        ctx.log.warn('relayed update failed to apply', { error })
      }
      return
    case 'sync-step-1': {
      const now = ctx.now()
      const hello = ctx.settled.inHello(now)
      const ours = Y.decodeStateVector(Y.encodeStateVector(doc))
      const theirs = Y.decodeStateVector(payload)
      // Outside a hello, a gap this node filled only moments ago is still on its way to the peer.
      if (hello || ctx.settled.peerLacksSettled(now, ours, theirs)) {
        const diff = Y.encodeStateAsUpdate(doc, payload)
        if (!isEmptyUpdate(diff)) relay.publish(syncFrame((encoder) => syncProtocol.writeUpdate(encoder, diff)))
      }
      // In a hello, ask for what the peer holds and we lack. Otherwise our own periodic resync
      // asks, once the peer has held it long enough to know it was lost.
      if (!hello) return
      for (const [client, clock] of theirs) {
        if ((ours.get(client) ?? 0) < clock) return relay.publishStep1(Y.encodeStateVector(doc))
      }
      return
    }
    case 'awareness':
      awarenessProtocol.applyAwarenessUpdate(ctx.awareness, payload, ctx.origin)
      return
    case 'query-awareness': {
      // A peer's hello: the state vector that follows it is answered in full (Room #hello).
      ctx.settled.hello(ctx.now())
      const local = ctx.localClientIds()
      if (local.length > 0) relay.publish(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(ctx.awareness, local)))
      return
    }
    default:
      return
  }
}
