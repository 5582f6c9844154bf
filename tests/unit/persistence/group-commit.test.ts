// The group commit (server/group-commit.ts) on the memory log: appends of many rooms made within
// one window become one multi-room append; a failed group fails every room in it (each room's
// batcher retries), a gone board fails only its own room; rows stay one per append.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { GroupCommitLog } from '@/server/group-commit'

const bytes = (n: number): Uint8Array => new Uint8Array([n % 256])

describe('GroupCommitLog', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('commits the appends of many rooms made within one window in one call, each stored once', async () => {
    const inner = new MemoryUpdateLog()
    const group = new GroupCommitLog(inner, { windowMs: 10, maxRows: 500, maxBytes: 1 << 20 })
    const done = Array.from({ length: 50 }, (_, i) => group.append(`room-${i}`, [bytes(i)]))
    expect(inner.appendCalls).toBe(0)
    await vi.advanceTimersByTimeAsync(10)
    await Promise.all(done)
    expect(inner.appendCalls).toBe(1)
    for (let i = 0; i < 50; i++) expect(inner.rowCount(`room-${i}`)).toBe(1)
  })

  it('cuts a group into statements of at most maxRows rows and maxBytes bytes', async () => {
    const inner = new MemoryUpdateLog()
    const group = new GroupCommitLog(inner, { windowMs: 10, maxRows: 4, maxBytes: 3 })
    const done = Array.from({ length: 10 }, (_, i) => group.append(`room-${i}`, [new Uint8Array(i < 5 ? 1 : 2)]))
    await vi.advanceTimersByTimeAsync(10)
    await Promise.all(done)
    // 1+1+1 | 1+1 (the 2-byte row would pass 3) | 2 | 2 | 2 | 2 | 2: by bytes first, rows never over 4.
    expect(inner.appendCalls).toBe(7)
    for (let i = 0; i < 10; i++) expect(inner.rowCount(`room-${i}`)).toBe(1)
  })

  it('appends arriving while a group commits wait for it, then go together without another window', async () => {
    const inner = new MemoryUpdateLog()
    inner.appendDelayMs = 30
    const group = new GroupCommitLog(inner, { windowMs: 10, maxRows: 500, maxBytes: 1 << 20 })
    const first = group.append('a', [bytes(1)])
    await vi.advanceTimersByTimeAsync(15) // the first group is in flight now
    const later = ['b', 'c', 'd'].map((room) => group.append(room, [bytes(2)]))
    await vi.advanceTimersByTimeAsync(25)
    await first
    expect(inner.appendCalls).toBe(2) // the later three started right after the first finished
    await vi.advanceTimersByTimeAsync(30)
    await Promise.all(later)
    expect(inner.appendCalls).toBe(2)
  })

  it('a failed group rejects every append in it and commits nothing; the retries then go through', async () => {
    const inner = new MemoryUpdateLog()
    const group = new GroupCommitLog(inner, { windowMs: 10, maxRows: 500, maxBytes: 1 << 20 })
    inner.appendError = new Error('database is down')
    const failing = ['a', 'b', 'c'].map((room) => group.append(room, [bytes(1)]).then(() => 'saved', (e: Error) => e.message))
    await vi.advanceTimersByTimeAsync(10)
    expect(await Promise.all(failing)).toEqual(['database is down', 'database is down', 'database is down'])
    for (const room of ['a', 'b', 'c']) expect(inner.rowCount(room)).toBe(0)
    inner.appendError = undefined
    const retried = ['a', 'b', 'c'].map((room) => group.append(room, [bytes(1)]))
    await vi.advanceTimersByTimeAsync(10)
    await Promise.all(retried)
    for (const room of ['a', 'b', 'c']) expect(inner.rowCount(room)).toBe(1)
  })

  it('a gone board rejects only its own append, as not found', async () => {
    const inner = new MemoryUpdateLog({ autoCreate: false })
    inner.createBoard('kept')
    const group = new GroupCommitLog(inner, { windowMs: 10, maxRows: 500, maxBytes: 1 << 20 })
    const kept = group.append('kept', [bytes(1)])
    const gone = group.append('gone', [bytes(1)]).catch((e: Error) => e.name)
    await vi.advanceTimersByTimeAsync(10)
    await kept
    expect(await gone).toBe('BoardNotFoundError')
    expect(inner.rowCount('kept')).toBe(1)
  })

  it('an append of several updates bypasses the group (it is one room’s own transaction)', async () => {
    const inner = new MemoryUpdateLog()
    const group = new GroupCommitLog(inner, { windowMs: 10, maxRows: 500, maxBytes: 1 << 20 })
    await group.append('a', [bytes(1), bytes(2)])
    expect(inner.rowCount('a')).toBe(2)
  })
})
