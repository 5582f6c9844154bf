import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mergeToSnapshot, planCompaction } from '@/lib/persistence/compaction'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'

function docFrom(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

/** A log of updates recorded from a doc under seeded random edits. */
function recordLog(ops: Array<{ insert: boolean; pos: number; text: string }>): { log: Uint8Array[]; final: string } {
  const doc = new Y.Doc()
  const log: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => log.push(u))
  const text = doc.getText('t')
  for (const op of ops) {
    const pos = text.length === 0 ? 0 : op.pos % (text.length + 1)
    if (op.insert || text.length === 0) text.insert(pos, op.text)
    else text.delete(Math.min(pos, text.length - 1), 1)
  }
  return { log, final: text.toString() }
}

describe('compaction', () => {
  it('compacted state equals replaying the log (property)', () => {
    const op = fc.record({ insert: fc.boolean(), pos: fc.nat(1000), text: fc.string({ minLength: 1, maxLength: 4 }) })
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.nat(60), (ops, cut) => {
        const { log, final } = recordLog(ops)
        const split = Math.min(cut, log.length)
        const snapshot = mergeToSnapshot(null, log.slice(0, split))
        const compacted = mergeToSnapshot(snapshot, log.slice(split))
        expect(docFrom(compacted).getText('t').toString()).toBe(final)
      }),
      { numRuns: 200, seed: 7 },
    )
  })

  it('deleted content is gone after compaction with gc', () => {
    const doc = new Y.Doc()
    const log: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => log.push(u))
    doc.getText('t').insert(0, 'public SECRET-NOTE')
    doc.getText('t').delete(7, 11)
    const raw = new TextDecoder().decode(Y.mergeUpdates(log))
    expect(raw).toContain('SECRET-NOTE') // why compaction goes through a gc doc
    const compacted = mergeToSnapshot(null, log)
    expect(new TextDecoder().decode(compacted)).not.toContain('SECRET-NOTE')
    expect(docFrom(compacted).getText('t').toString()).toBe('public ')
  })

  it('the memory log folds rows and keeps content', async () => {
    const log = new MemoryUpdateLog()
    const { log: updates, final } = recordLog([
      { insert: true, pos: 0, text: 'abc' },
      { insert: true, pos: 3, text: 'def' },
      { insert: false, pos: 1, text: '' },
    ])
    await log.append('r', updates)
    expect(log.rowCount('r')).toBe(3)
    expect(await log.compact('r')).toMatchObject({ foldedRows: 3 })
    expect(log.rowCount('r')).toBe(0)
    const loaded = await log.load('r')
    expect(docFrom(mergeToSnapshot(loaded.snapshot, loaded.updates)).getText('t').toString()).toBe(final)
    expect(await log.compact('r')).toBeNull()
  })

  it('compaction keeps every checkpoint', async () => {
    const log = new MemoryUpdateLog()
    const { log: updates } = recordLog([{ insert: true, pos: 0, text: 'abc' }])
    await log.append('r', updates)
    await log.checkpoint('r', updates[0]!, new Date(1_000))
    await log.checkpoint('r', updates[0]!, new Date(2_000))
    await log.compact('r')
    expect(log.checkpoints('r').map((c) => c.at.getTime())).toEqual([1_000, 2_000])
  })
})

describe('planCompaction', () => {
  const policy = { maxRows: 500, minBytes: 1000 }
  it.each([
    [{ rows: 10, bytes: 100, snapshotBytes: 0 }, false],
    [{ rows: 500, bytes: 100, snapshotBytes: 0 }, true],
    [{ rows: 10, bytes: 2000, snapshotBytes: 0 }, true],
    // A large board is not rewritten to reclaim a little: bytes must reach the snapshot's size.
    [{ rows: 10, bytes: 2000, snapshotBytes: 50_000 }, false],
    [{ rows: 10, bytes: 60_000, snapshotBytes: 50_000 }, true],
    [{ rows: 1, bytes: 5000, snapshotBytes: 0 }, false],
  ])('%o -> compact %s', (size, compact) => {
    expect(planCompaction(size, policy).compact).toBe(compact)
  })
})
