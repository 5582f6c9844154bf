// A throwaway SQLite database with the real migrations, and a Prisma client of our own (the app's
// db() caches one global client bound to DATABASE_URL, which tests must not share).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { PrismaClient } from '@/generated/sqlite/client'
import { listenForSavedAcks, SAVED_PARAMS } from '@/lib/board/saved-ack'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import type { UpdateLog } from '@/lib/persistence/update-log'
import { expect } from 'vitest'
import { workloadKeys, type ConnectWriter, type Writers } from './acked-writers'
import { roomToken } from './sync-harness'

export type TestDb = { db: PrismaClient; url: string; dispose(): Promise<void> }

export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'designroom-sync-'))
  const url = `file:${join(dir, 'test.db')}`
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url, DB_PROVIDER: 'sqlite' },
    stdio: 'pipe',
  })
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) })
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let boardCounter = 0

/** A board row (the update log's foreign key target); returns its id, which is also its room. */
export async function createBoard(db: PrismaClient, title = 'test board'): Promise<string> {
  const board = await db.board.create({ data: { id: `board${Date.now().toString(36)}${boardCounter++}`, title } })
  return board.id
}

/**
 * A ConnectWriter (acked-writers.ts) straight to one in-process node, no lookup: a stock provider
 * subscribed to saved acks. The provider reconnects by itself after the node drops it.
 */
export function directWriter(url: string, room: string): ConnectWriter {
  return (index, doc, hooks) => {
    let provider: WebsocketProvider | null = null
    let destroyed = false
    void roomToken(room, { sub: `writer-${index}`, ttl: 600 }).then((token) => {
      if (destroyed) return
      provider = new WebsocketProvider(url, room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: { token, ...SAVED_PARAMS },
        disableBc: true,
      })
      listenForSavedAcks(provider, hooks.onAck)
    })
    const destroy = () => {
      destroyed = true
      provider?.destroy()
    }
    return { destroy, kill: destroy }
  }
}

/** The board as a store loads it (snapshot plus rows, merged), for checks after a fault. */
export async function storedDoc(log: UpdateLog, room: string): Promise<Y.Doc> {
  const loaded = await log.load(room)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, mergeToSnapshot(loaded.snapshot, loaded.updates))
  return doc
}

/**
 * Workload keys (`c<i>:<seq>`) that break prefix consistency: each writer's edits depend on its
 * earlier ones, so a store holding seq n must hold 0..n-1. Returns the missing keys.
 */
export function prefixGaps(keys: ReadonlySet<string>): string[] {
  const highest = new Map<string, number>()
  for (const key of keys) {
    const [writer, seq] = key.split(':') as [string, string]
    highest.set(writer, Math.max(highest.get(writer) ?? -1, Number(seq)))
  }
  const gaps: string[] = []
  for (const [writer, top] of highest) for (let seq = 0; seq < top; seq++) if (!keys.has(`${writer}:${seq}`)) gaps.push(`${writer}:${seq}`)
  return gaps
}

/**
 * D7's check of a restored backup: every room loads with no pending structs, holds every key
 * acked before the backup began (`ackedBefore[i]` for `runs[i]`), as prefixes of each writer's
 * edits. Returns one line of figures per room.
 */
export async function expectBackupHolds(log: UpdateLog, runs: readonly { room: string; writers: Writers }[], ackedBefore: readonly ReadonlySet<string>[]): Promise<string[]> {
  const report: string[] = []
  for (const [i, run] of runs.entries()) {
    const acked = ackedBefore[i]!
    const doc = await storedDoc(log, run.room)
    expect(doc.store.pendingStructs).toBeNull()
    const keys = workloadKeys(doc)
    expect([...acked].filter((key) => !keys.has(key))).toEqual([])
    expect(prefixGaps(keys)).toEqual([])
    expect(acked.size).toBeGreaterThan(0)
    report.push(`${run.room.slice(-4)}: ${acked.size} acked before, ${keys.size} in backup, ${run.writers.acked().size} acked in all`)
    doc.destroy()
  }
  return report
}
