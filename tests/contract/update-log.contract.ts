// The UpdateLog checkpoint contract (lib/persistence/update-log.ts): ids, metadata, reading one
// back (only from its own board), compaction leaving checkpoints alone, and retention applied on
// write (lib/history/retention.ts); and the multi-room append of the group commit
// (server/group-commit.ts). Runs against the memory log and the Prisma log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RETENTION } from '@/lib/history/retention'
import * as Y from 'yjs'
import type { MultiRoomAppend, UpdateLog } from '@/lib/persistence/update-log'
import { GroupCommitLog } from '@/server/group-commit'

export type StoredCheckpoint = { id: number; at: number; kind: string; name: string | null; authors: string[] }

export type UpdateLogFixture = {
  log: UpdateLog & MultiRoomAppend
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

  describe(`UpdateLog multi-room append (group commit): ${label}`, () => {
    let f: UpdateLogFixture
    beforeAll(async () => {
      f = await setup()
    })
    afterAll(async () => {
      await f?.close()
    })

    it('appendEach stores one row per room, in order across calls, and every room loads its own edits', async () => {
      const rooms = await Promise.all([f.createBoard(), f.createBoard(), f.createBoard()])
      const docs = rooms.map(() => new Y.Doc())
      for (let round = 0; round < 3; round++) {
        const entries = rooms.map((room, i) => {
          const before = Y.encodeStateVector(docs[i]!)
          docs[i]!.getArray<string>('list').push([`${room}:${round}`])
          return { room, update: Y.encodeStateAsUpdate(docs[i]!, before) }
        })
        expect(await f.log.appendEach(entries)).toEqual(rooms.map(() => ({ saved: true })))
      }
      for (const [i, room] of rooms.entries()) {
        const { updates } = await f.log.load(room)
        expect(updates).toHaveLength(3)
        const loaded = new Y.Doc()
        for (const u of updates) Y.applyUpdate(loaded, u)
        expect(loaded.getArray('list').toArray()).toEqual([0, 1, 2].map((r) => `${rooms[i]}:${r}`))
      }
    })

    it("a deleted board fails only its own entry; the group's other rooms are saved", async () => {
      const [kept, gone, alsoKept] = await Promise.all([f.createBoard(), f.createBoard(), f.createBoard()])
      await f.deleteBoard(gone!)
      const outcomes = await f.log.appendEach([kept!, gone!, alsoKept!].map((room) => ({ room, update: update(room) })))
      expect(outcomes.map((o) => o.saved)).toEqual([true, false, true])
      expect(outcomes[1]).toMatchObject({ error: { name: 'BoardNotFoundError' } })
      expect((await f.log.load(kept!)).updates).toHaveLength(1)
      expect((await f.log.load(alsoKept!)).updates).toHaveLength(1)
    })

    it('through GroupCommitLog, concurrent appends of many rooms are all stored and a gone board is refused alone', async () => {
      const group = new GroupCommitLog(f.log)
      const rooms = await Promise.all(Array.from({ length: 20 }, () => f.createBoard()))
      const gone = await f.createBoard()
      await f.deleteBoard(gone)
      const results = await Promise.allSettled([...rooms, gone].map((room) => group.append(room, [update(room)])))
      expect(results.slice(0, -1).map((r) => r.status)).toEqual(rooms.map(() => 'fulfilled'))
      expect(results.at(-1)).toMatchObject({ status: 'rejected', reason: { name: 'BoardNotFoundError' } })
      for (const room of rooms) expect((await f.log.load(room)).updates).toHaveLength(1)
    })
  })
}

/** A one-key edit naming its room. */
function update(room: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set('room', room)
  return Y.encodeStateAsUpdate(doc)
}
