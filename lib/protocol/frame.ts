// A pure, total parser for one client frame: it never throws and never allocates more than the
// frame, so the node can decide what to do with a frame (drop, close, apply) before any
// y-protocols or Yjs code touches it. lib0's decoders throw on truncation and varint overflow
// (yjs/y-websocket#82), which is why this file reads varints itself.
import {
  messageAuth,
  messageAwareness,
  messageQueryAwareness,
  messageSaved,
  messageSync,
  syncStep1,
  syncStep2,
  syncUpdate,
} from './message-types'

export type FrameKind =
  | 'sync-step-1'
  | 'sync-step-2'
  | 'update'
  | 'awareness'
  | 'query-awareness'
  | 'saved'
  | 'unknown'
  | 'malformed'

export type Frame = {
  kind: FrameKind
  /** Whether applying the frame would change shared state (document or awareness). */
  writes: boolean
  /** The frame's body: state vector, update, awareness update or saved payload (a view, not a copy). */
  payload?: Uint8Array
}

/** Varints longer than this cannot hold a safe integer (7 bits per byte, 53 bits). */
const MAX_VARUINT_BYTES = 8

type Read = { value: number; pos: number } | null

export function readVarUint(bytes: Uint8Array, pos: number): Read {
  let value = 0
  let mult = 1
  for (let i = 0; i < MAX_VARUINT_BYTES; i++) {
    const byte = bytes[pos + i]
    if (byte === undefined) return null
    value += (byte & 0x7f) * mult
    if (value > Number.MAX_SAFE_INTEGER) return null
    if (byte < 0x80) return { value, pos: pos + i + 1 }
    mult *= 128
  }
  return null
}

/** A varUint length followed by that many bytes, which must end the frame exactly. */
function readTailArray(bytes: Uint8Array, pos: number): Uint8Array | null {
  const length = readVarUint(bytes, pos)
  if (!length || length.value !== bytes.length - length.pos) return null
  return bytes.subarray(length.pos)
}

/** `Y.encodeStateAsUpdate` of nothing: zero structs, empty delete set. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

const MALFORMED: Frame = { kind: 'malformed', writes: false }

export function classifyFrame(bytes: Uint8Array): Frame {
  try {
    const type = readVarUint(bytes, 0)
    if (!type) return MALFORMED
    switch (type.value) {
      case messageSync:
        return classifySync(bytes, type.pos)
      case messageAwareness: {
        const payload = readTailArray(bytes, type.pos)
        return payload ? { kind: 'awareness', writes: true, payload } : MALFORMED
      }
      case messageQueryAwareness:
        return type.pos === bytes.length ? { kind: 'query-awareness', writes: false } : MALFORMED
      case messageSaved:
        return { kind: 'saved', writes: false, payload: bytes.subarray(type.pos) }
      case messageAuth: // server -> client only
      default:
        return { kind: 'unknown', writes: false }
    }
  } catch {
    return MALFORMED
  }
}

function classifySync(bytes: Uint8Array, pos: number): Frame {
  const sub = readVarUint(bytes, pos)
  if (!sub) return MALFORMED
  const payload = readTailArray(bytes, sub.pos)
  if (!payload) return MALFORMED
  switch (sub.value) {
    case syncStep1:
      return { kind: 'sync-step-1', writes: false, payload }
    case syncStep2:
      // A reader answers the server's step 1 with an empty step 2; only content is a write.
      return { kind: 'sync-step-2', writes: !isEmptyUpdate(payload), payload }
    case syncUpdate:
      return { kind: 'update', writes: true, payload }
    default:
      return MALFORMED
  }
}
