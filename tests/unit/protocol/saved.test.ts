// The 'unsaved' kind of the saved message (lib/protocol/saved.ts): round trip, exact wire bytes
// (other implementations read them), strictness, and that it never decodes as an ack.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeSaved, encodeSavedAck, encodeSavedSubscribe, encodeSavedUnsaved } from '@/lib/protocol/saved'

describe('saved message: unsaved', () => {
  it('round-trips the failing duration', () => {
    for (const ms of [0, 1, 127, 128, 3_000, 86_400_000]) {
      expect(decodeSaved(encodeSavedUnsaved(ms))).toEqual({ kind: 'unsaved', failingForMs: ms })
    }
  })

  it('has the documented wire format [100, 2, varUint(ms)]', () => {
    expect([...encodeSavedUnsaved(0)]).toEqual([100, 2, 0])
    expect([...encodeSavedUnsaved(300)]).toEqual([100, 2, 0xac, 0x02]) // 300 as a varUint
  })

  it('clamps durations a varUint cannot carry instead of throwing', () => {
    expect(decodeSaved(encodeSavedUnsaved(-5))).toEqual({ kind: 'unsaved', failingForMs: 0 })
    expect(decodeSaved(encodeSavedUnsaved(12.9))).toEqual({ kind: 'unsaved', failingForMs: 12 })
  })

  it('rejects truncated or padded frames and unknown kinds', () => {
    expect(decodeSaved(new Uint8Array([100, 2]))).toBeNull()
    expect(decodeSaved(new Uint8Array([100, 2, 5, 0]))).toBeNull()
    expect(decodeSaved(new Uint8Array([100, 3, 5]))).toBeNull()
  })

  it('stays distinct from subscribe and ack', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 1)
    expect(decodeSaved(encodeSavedAck(Y.encodeStateVector(doc)))?.kind).toBe('ack')
    expect(decodeSaved(encodeSavedSubscribe())?.kind).toBe('subscribe')
    expect(decodeSaved(encodeSavedUnsaved(10))?.kind).toBe('unsaved')
  })
})
