import fc from 'fast-check'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { classifyFrame, readVarUint } from '@/lib/protocol/frame'
import { messageAwareness, messageQueryAwareness, messageSync } from '@/lib/protocol/message-types'
import { decodeSaved, encodeSavedAck, encodeSavedSubscribe, isCoveredBy } from '@/lib/protocol/saved'

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

const doc = new Y.Doc()
doc.getMap('m').set('k', 'v')
const step1 = frame((e) => (encoding.writeVarUint(e, messageSync), syncProtocol.writeSyncStep1(e, doc)))
const step2 = frame((e) => (encoding.writeVarUint(e, messageSync), syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0]))))
const emptyStep2 = frame((e) => (encoding.writeVarUint(e, messageSync), syncProtocol.writeSyncStep2(e, new Y.Doc(), new Uint8Array([0]))))
const update = frame((e) => (encoding.writeVarUint(e, messageSync), syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))))
const awareness = new awarenessProtocol.Awareness(new Y.Doc())
const awarenessMsg = frame((e) => {
  encoding.writeVarUint(e, messageAwareness)
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]))
})
awareness.destroy()

describe('classifyFrame', () => {
  it.each([
    ['sync step 1', step1, 'sync-step-1', false],
    ['sync step 2 with content', step2, 'sync-step-2', true],
    ['empty sync step 2', emptyStep2, 'sync-step-2', false],
    ['update', update, 'update', true],
    ['awareness', awarenessMsg, 'awareness', true],
    ['query awareness', new Uint8Array([messageQueryAwareness]), 'query-awareness', false],
    ['saved subscribe', encodeSavedSubscribe(), 'saved', false],
    ['auth (server to client only)', new Uint8Array([2, 0]), 'unknown', false],
    ['unknown type', new Uint8Array([99]), 'unknown', false],
  ])('classifies %s', (_name, bytes, kind, writes) => {
    expect(classifyFrame(bytes)).toMatchObject({ kind, writes })
  })

  it('returns the update as payload', () => {
    expect(classifyFrame(update).payload).toEqual(Y.encodeStateAsUpdate(doc))
  })

  it.each([
    ['empty frame', []],
    ['truncated varint', [0x80]],
    ['varint over 2^53', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['missing sync subtype', [0]],
    ['unknown sync subtype', [0, 7, 0]],
    ['length longer than frame', [0, 2, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]],
    ['huge length', [0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    ['trailing bytes', [...update, 0]],
    ['truncated payload', [...update.subarray(0, update.length - 1)]],
    ['query awareness with payload', [3, 1]],
    ['awareness without payload', [1]],
  ])('%s is malformed', (_name, bytes) => {
    expect(classifyFrame(new Uint8Array(bytes)).kind).toBe('malformed')
  })

  // B4: a frame declaring a length beyond itself costs its own bytes, never the declared size.
  it.each([
    ['an update declaring 2^28 bytes', [messageSync, 2], 2 ** 28],
    ['an update declaring 2^31 - 1 bytes', [messageSync, 2], 2 ** 31 - 1],
    ['an update declaring 2^53 - 1 bytes', [messageSync, 2], Number.MAX_SAFE_INTEGER],
    ['an awareness update declaring 2^40 bytes', [messageAwareness], 2 ** 40],
  ])('B4: %s allocates no memory for it', (_name, head, declared) => {
    const bytes = frame((e) => {
      for (const b of head) encoding.writeVarUint(e, b)
      encoding.writeVarUint(e, declared)
      encoding.writeUint8Array(e, new Uint8Array(16))
    })
    const before = process.memoryUsage().arrayBuffers
    const result = classifyFrame(bytes)
    const grown = process.memoryUsage().arrayBuffers - before
    expect(result.kind).toBe('malformed')
    expect(grown).toBeLessThanOrEqual(bytes.byteLength)
  })

  it('B4 control: the measure sees an allocation of a declared size', () => {
    const before = process.memoryUsage().arrayBuffers
    const buffer = new Uint8Array(2 ** 28)
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(buffer.byteLength)
  })

  it('never throws, and malformed frames never count as writes (property)', () => {
    const arbitraryFrame = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ maxLength: 64 }).map((tail) => new Uint8Array([0, ...tail])),
      fc.uint8Array({ maxLength: 64 }).map((tail) => new Uint8Array([1, ...tail])),
      fc.tuple(fc.nat(update.length), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
        const mutated = update.slice()
        mutated[Math.min(i, mutated.length - 1)] = b
        return mutated
      }),
    )
    fc.assert(
      fc.property(arbitraryFrame, (bytes) => {
        const result = classifyFrame(bytes)
        if (result.kind === 'malformed' || result.kind === 'unknown') expect(result.writes).toBe(false)
        if (result.payload) expect(result.payload.byteLength).toBeLessThanOrEqual(bytes.byteLength)
      }),
      { numRuns: 5_000, seed: 20261129 },
    )
  })
})

describe('readVarUint', () => {
  it('reads values lib0 wrote', () => {
    for (const n of [0, 1, 127, 128, 300, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const bytes = frame((e) => encoding.writeVarUint(e, n))
      expect(readVarUint(bytes, 0)).toEqual({ value: n, pos: bytes.length })
    }
  })
})

describe('saved acks', () => {
  it('round-trips a state vector', () => {
    const decoded = decodeSaved(encodeSavedAck(Y.encodeStateVector(doc)))
    expect(decoded).toEqual({ kind: 'ack', stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)) })
    expect(decodeSaved(encodeSavedSubscribe())).toEqual({ kind: 'subscribe' })
    expect(decodeSaved(new Uint8Array([100, 1, 5]))).toBeNull()
    expect(decodeSaved(step1)).toBeNull()
  })

  it('says whether local edits are covered', () => {
    expect(isCoveredBy(new Map([[1, 5]]), new Map([[1, 5], [2, 1]]))).toBe(true)
    expect(isCoveredBy(new Map([[1, 6]]), new Map([[1, 5]]))).toBe(false)
  })
})
