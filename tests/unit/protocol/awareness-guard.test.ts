import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { jsonDepth } from '@/lib/protocol/json-depth'
import { decodeAwarenessEntries, sanitizeAwarenessEntry } from '@/server/awareness-guard'

const identity = { name: 'Ada', color: '#112233', role: 'editor' as const }
const limits = { maxStateBytes: 1024, maxDepth: 6 }

function update(entries: Array<[number, number, string]>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(encoder, id)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, json)
  }
  return encoding.toUint8Array(encoder)
}

describe('awareness guard', () => {
  it('splits entries without parsing them, and refuses lies about the count', () => {
    expect(decodeAwarenessEntries(update([[1, 2, '{}'], [3, 4, 'null']]))?.map((e) => e.clientId)).toEqual([1, 3])
    expect(decodeAwarenessEntries(new Uint8Array([200, 1, 1, 0]))).toBeNull()
    expect(decodeAwarenessEntries(new Uint8Array([1, 1]))).toBeNull()
  })

  it('overwrites user and tldraw presence identity from the token', () => {
    const [entry] = decodeAwarenessEntries(update([[7, 1, JSON.stringify({ user: { name: 'Root' }, presence: { userName: 'Root', color: '#000000', x: 1 } })]]))!
    const result = sanitizeAwarenessEntry(entry!, identity, limits)
    expect(result).toMatchObject({ ok: true, state: { user: identity, presence: { userName: 'Ada', color: '#112233', x: 1 } } })
  })

  it('accepts a null state (the client leaving)', () => {
    const [entry] = decodeAwarenessEntries(update([[7, 2, 'null']]))!
    expect(sanitizeAwarenessEntry(entry!, identity, limits)).toMatchObject({ ok: true, state: null })
  })

  it.each([
    ['too large', JSON.stringify({ a: 'x'.repeat(2000) }), true],
    ['too deep', '{"a":'.repeat(10) + '1' + '}'.repeat(10), false],
    ['not JSON', '{', false],
    ['an array', '[1,2]', false],
  ])('refuses a state that is %s', (_name, json, tooBig) => {
    const [entry] = decodeAwarenessEntries(update([[7, 1, json]]))!
    const result = sanitizeAwarenessEntry(entry!, identity, limits)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Boolean(result.tooBig)).toBe(tooBig)
  })

  it('measures depth without being fooled by brackets in strings', () => {
    expect(jsonDepth('{"a":"[[[[[[[[","b":[{}]}')).toBe(3)
    expect(jsonDepth('"\\"[[["')).toBe(0)
  })
})
