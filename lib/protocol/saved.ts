// The saved acknowledgement: "every update covered by this state vector is durably in the log".
// Wire format: varUint(messageSaved) varUint(kind) [varUint8Array(stateVector)].
//   kind 0 (client -> server): subscribe this socket to saved acks.
//   kind 1 (server -> client): ack; the state vector is Y.encodeStateVector's format. A client
//   shows "saved" when the ack covers its OWN clientID's clock (isCoveredBy with a one-entry
//   map): the node vouches only for what it appended itself, so edits relayed from clients on
//   other nodes may be missing from its acks even though their own node saved them.
//   kind 2 (server -> client): unsaved; varUint(failingForMs). The node's appends are failing
//   (the database refused or timed out), so edits are held only in the node's memory and in the
//   browsers. Sent to subscribers when a write first fails and then at most every few seconds
//   while it keeps failing; the next ack clears it. A duration, not a timestamp, because the
//   node's and the browser's clocks need not agree. Only subscribers receive it, and a client
//   built before kind 2 existed decodes it as null and ignores it.
// A client may also subscribe with the query parameter `saved=1` on the socket URL.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { messageSaved } from './message-types'

const SUBSCRIBE = 0
const ACK = 1
const UNSAVED = 2

export function encodeSavedSubscribe(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSaved)
  encoding.writeVarUint(encoder, SUBSCRIBE)
  return encoding.toUint8Array(encoder)
}

export function encodeSavedAck(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSaved)
  encoding.writeVarUint(encoder, ACK)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

export function encodeSavedUnsaved(failingForMs: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSaved)
  encoding.writeVarUint(encoder, UNSAVED)
  // varUint takes non-negative integers only; a clock stepping backwards must not throw here.
  encoding.writeVarUint(encoder, Math.max(0, Math.floor(failingForMs)))
  return encoding.toUint8Array(encoder)
}

export type SavedMessage =
  | { kind: 'subscribe' }
  | { kind: 'ack'; stateVector: Map<number, number> }
  | { kind: 'unsaved'; failingForMs: number }

/** Decodes a whole saved frame (type byte included); null when it is anything else. */
export function decodeSaved(frame: Uint8Array): SavedMessage | null {
  try {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== messageSaved) return null
    const kind = decoding.readVarUint(decoder)
    if (kind === SUBSCRIBE) return decoding.hasContent(decoder) ? null : { kind: 'subscribe' }
    if (kind === UNSAVED) {
      const failingForMs = decoding.readVarUint(decoder)
      return decoding.hasContent(decoder) ? null : { kind: 'unsaved', failingForMs }
    }
    if (kind !== ACK) return null
    const sv = decoding.readVarUint8Array(decoder)
    if (decoding.hasContent(decoder)) return null
    return { kind: 'ack', stateVector: Y.decodeStateVector(sv) }
  } catch {
    return null
  }
}

/** True when everything in `local` (a client's state vector) is covered by the ack. */
export function isCoveredBy(local: Map<number, number>, saved: Map<number, number>): boolean {
  for (const [client, clock] of local) {
    if ((saved.get(client) ?? 0) < clock) return false
  }
  return true
}
