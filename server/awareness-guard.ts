// Awareness from a client is untrusted: y-protocols lets anyone set or erase any clientID's state
// with any size or depth (reliability.md findings 1 and 8). The node owns each connection's
// awareness identity: one clientID per connection (room.ts decides which), bounded JSON, and the
// display name, colour and role written from the verified token so nobody can pose as someone else.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PRESENCE_FIELD } from '@/lib/board/layout'
import { jsonDepth } from '@/lib/protocol/json-depth'
import type { Role } from '@/lib/auth/roles'

export type AwarenessIdentity = { name: string; color: string; role: Role }

export type RawAwarenessEntry = { clientId: number; clock: number; raw: Uint8Array }

export type GuardResult =
  | { ok: true; state: Record<string, unknown> | null; update: Uint8Array }
  | { ok: false; reason: string; tooBig?: boolean }

export type GuardLimits = { maxStateBytes: number; maxDepth: number }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Splits an awareness update into entries without parsing their JSON. Stock y-websocket clients
 * re-broadcast every awareness change they receive (y-websocket.js `_awarenessUpdateHandler`), so
 * a frame routinely carries other clients' entries besides the sender's own: those are echoes to
 * ignore, not attacks. Null when the update does not decode.
 */
export function decodeAwarenessEntries(payload: Uint8Array): RawAwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(payload)
    const count = decoding.readVarUint(decoder)
    // Each entry needs at least 3 bytes; a larger count is a lie that would make us loop.
    if (count * 3 > payload.byteLength) return null
    const entries: RawAwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      entries.push({ clientId, clock, raw: decoding.readVarUint8Array(decoder) })
    }
    return decoding.hasContent(decoder) ? null : entries
  } catch {
    return null
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks the sender's own entry and rewrites it with the identity from its token. */
export function sanitizeAwarenessEntry(entry: RawAwarenessEntry, identity: AwarenessIdentity, limits: GuardLimits): GuardResult {
  if (entry.raw.byteLength > limits.maxStateBytes) return { ok: false, reason: 'awareness state too large', tooBig: true }
  let text: string
  try {
    text = utf8.decode(entry.raw)
  } catch {
    return { ok: false, reason: 'awareness state is not UTF-8' }
  }
  if (jsonDepth(text) > limits.maxDepth) return { ok: false, reason: 'awareness state nested too deeply' }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'awareness state is not JSON' }
  }
  if (parsed !== null && !isPlainObject(parsed)) return { ok: false, reason: 'awareness state is not an object' }

  const state = parsed === null ? null : withIdentity(parsed, identity)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, entry.clientId)
  encoding.writeVarUint(encoder, entry.clock)
  encoding.writeVarString(encoder, JSON.stringify(state))
  return { ok: true, state, update: encoding.toUint8Array(encoder) }
}

/**
 * `user` is ours; tldraw's presence record (layout.ts PRESENCE_FIELD) carries its own userName and
 * color, which other clients render, so those are overwritten too. userId is left alone: the
 * client uses it to recognise its own presence.
 */
function withIdentity(state: Record<string, unknown>, identity: AwarenessIdentity): Record<string, unknown> {
  const next: Record<string, unknown> = { ...state, user: { name: identity.name, color: identity.color, role: identity.role } }
  const presence = state[PRESENCE_FIELD]
  if (isPlainObject(presence)) next[PRESENCE_FIELD] = { ...presence, userName: identity.name, color: identity.color }
  return next
}
