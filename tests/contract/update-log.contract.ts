// The UpdateLog checkpoint contract (lib/persistence/update-log.ts): ids, metadata, reading one
// back (only from its own board), compaction leaving checkpoints alone, and retention applied on
// write (lib/history/retention.ts). Runs against the memory log and the Prisma log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RETENTION } from '@/lib/history/retention'
import type { UpdateLog } from '@/lib/persistence/update-log'

export type StoredCheckpoint = { id: number; at: number; kind: string; name: string | null; authors: string[] }

export type UpdateLogFixture = {
  log: UpdateLog
  /** A new, empty board; resolves its room id. */
  createBoard(): Promise<string>
  deleteBoard(room: string): Promise<void>
  /** Every checkpoint stored for the room, ascending by id, without the states. */
  stored(room: string): Promise<StoredCheckpoint[]>
  close(): Promise<void>
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2026, 10, 29, 12)

export function updateLogContract(label: string, setup: () => Promise<UpdateLogFixture>): void {
  describe(`UpdateLog checkpoint contract: ${label}`, () => {
    let f: UpdateLogFixture
    beforeAll(async () => {
      f = await setup()
    })
    afterAll(async () => {
      await f?.close()
    })

    it('checkpoint resolves a new id each time, and readCheckpoint returns that state', async () => {
      const room = await f.createBoard()
      const a = await f.log.checkpoint(room, new Uint8Array([1, 2, 3]), new Date(T0))
      const b = await f.log.checkpoint(room, new Uint8Array([4, 5]), new Date(T0 + 1_000))
      expect(Number.isInteger(a)).toBe(true)
      expect(b).toBeGreaterThan(a)
      expect(Array.from((await f.log.readCheckpoint(room, a)) ?? [])).toEqual([1, 2, 3])
      expect(Array.from((await f.log.readCheckpoint(room, b)) ?? [])).toEqual([4, 5])
    })

    it('stores meta: kind, name and at most 10 distinct authors; no meta means automatic with no authors', async () => {
      const room = await f.createBoard()
      const plain = await f.log.checkpoint(room, new Uint8Array([0]), new Date(T0))
      const authors = ['Ada', 'Grace', 'Ada', ...Array.from({ length: 12 }, (_, i) => `P${i}`)]
      const named = await f.log.checkpoint(room, new Uint8Array([1]), new Date(T0 + 1), { kind: 'named', name: 'after requirements', authors })
      const restore = await f.log.checkpoint(room, new Uint8Array([2]), new Date(T0 + 2), { kind: 'restore', name: 'Restored: after requirements' })
      const stored = await f.stored(room)
      expect(stored).toEqual([
        { id: plain, at: T0, kind: 'auto', name: null, authors: [] },
        { id: named, at: T0 + 1, kind: 'named', name: 'after requirements', authors: ['Ada', 'Grace', ...Array.from({ length: 8 }, (_, i) => `P${i}`)] },
        { id: restore, at: T0 + 2, kind: 'restore', name: 'Restored: after requirements', authors: [] },
      ])
    })

    it("readCheckpoint is null for another board's id, an unknown id and a malformed id", async () => {
      const room = await f.createBoard()
      const other = await f.createBoard()
      const theirs = await f.log.checkpoint(other, new Uint8Array([7]), new Date(T0))
      const mine = await f.log.checkpoint(room, new Uint8Array([8]), new Date(T0))
      expect(await f.log.readCheckpoint(room, theirs)).toBeNull()
      expect(await f.log.readCheckpoint(other, mine)).toBeNull()
      expect(await f.log.readCheckpoint(room, mine + 1_000_000)).toBeNull()
      for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 40]) expect(await f.log.readCheckpoint(room, bad)).toBeNull()
      expect(await f.log.readCheckpoint('no-such-board', mine)).toBeNull()
    })

    it('compaction never touches checkpoints', async () => {
      const room = await f.createBoard()
      await f.log.append(room, [new Uint8Array([0, 0])])
      const id = await f.log.checkpoint(room, new Uint8Array([9, 9]), new Date(T0), { kind: 'named', name: 'kept' })
      await f.log.append(room, [new Uint8Array([0, 0])])
      expect(await f.log.compact(room)).not.toBeNull()
      expect(Array.from((await f.log.readCheckpoint(room, id)) ?? [])).toEqual([9, 9])
      expect((await f.stored(room)).map((c) => c.id)).toEqual([id])
    })

    it('each write applies retention: old automatic checkpoints thin out, named and restore ones stay', async () => {
      const room = await f.createBoard()
      const at = (ageMs: number) => new Date(T0 - ageMs)
      const tooOld = await f.log.checkpoint(room, new Uint8Array([1]), at(100 * DAY))
      const oldNamed = await f.log.checkpoint(room, new Uint8Array([2]), at(100 * DAY), { kind: 'named', name: 'ancient' })
      const sameDayEarlier = await f.log.checkpoint(room, new Uint8Array([3]), at(10 * DAY + 2 * HOUR))
      const sameDayLater = await f.log.checkpoint(room, new Uint8Array([4]), at(10 * DAY + 1 * HOUR))
      const oldRestore = await f.log.checkpoint(room, new Uint8Array([5]), at(10 * DAY), { kind: 'restore', name: 'Restored' })
      const recentA = await f.log.checkpoint(room, new Uint8Array([6]), at(HOUR))
      const newest = await f.log.checkpoint(room, new Uint8Array([7]), at(0))
      expect((await f.stored(room)).map((c) => c.id)).toEqual([oldNamed, sameDayLater, oldRestore, recentA, newest])
      expect(await f.log.readCheckpoint(room, tooOld)).toBeNull()
      expect(await f.log.readCheckpoint(room, sameDayEarlier)).toBeNull()
    })

    it('the automatic checkpoints of a board never exceed the cap', async () => {
      const room = await f.createBoard()
      // 10 s apart, as the node writes them: all inside the keep-all day, so only the cap bounds them.
      for (let i = 0; i < RETENTION.maxAuto + 30; i++) await f.log.checkpoint(room, new Uint8Array([i % 256]), new Date(T0 + i * 10_000))
      const stored = await f.stored(room)
      expect(stored.length).toBeLessThanOrEqual(RETENTION.maxAuto)
      expect(stored.at(-1)!.at).toBe(T0 + (RETENTION.maxAuto + 29) * 10_000)
    }, 60_000)

    it('a checkpoint for a board that does not exist is refused as not found', async () => {
      const room = await f.createBoard()
      await f.deleteBoard(room)
      await expect(f.log.checkpoint(room, new Uint8Array([0]), new Date(T0))).rejects.toMatchObject({ name: 'BoardNotFoundError' })
    })
  })
}
