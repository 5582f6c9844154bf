// Benchmark: cold load of a board whose update log holds 10,000 rows, through the real Prisma
// update log on SQLite and a real sync node, measured as a stock client sees it (connect ->
// synced). Prints a table; asserts nothing. Target (ARCHITECTURE.md): under 100 ms.
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { RECORDS_ARRAY } from '@/lib/board/layout'
import { createBoard, createTestDb } from '../helpers/sync-db'
import { connectClient, roomToken, startSyncServer, waitForSynced } from '../helpers/sync-harness'

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000)
const RUNS = 7

function shapeRecord(i: number): Record<string, unknown> {
  return {
    id: `shape:s${i % 200}`, typeName: 'shape', type: 'geo', parentId: 'page:page', index: 'a1',
    x: i * 3, y: (i * 7) % 900, rotation: 0, isLocked: false, opacity: 1, meta: {},
    props: { geo: 'rectangle', w: 120, h: 80, color: 'black', fill: 'none', dash: 'draw', size: 'm' },
  }
}

/** 10,000 realistic updates: 200 shapes, each moved many times, one row per update. */
function makeLog(): Uint8Array[] {
  const doc = new Y.Doc()
  const kv = new YKeyValue<Record<string, unknown>>(doc.getArray(RECORDS_ARRAY))
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < ROWS; i++) kv.set(`shape:s${i % 200}`, shapeRecord(i))
  return updates
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function timeColdLoads(url: string, room: string): Promise<number[]> {
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now()
    const client = connectClient(url, room, await roomToken(room))
    await waitForSynced(client, 30_000)
    times.push(performance.now() - started)
    client.destroy()
    await new Promise((r) => setTimeout(r, 50)) // the room unloads (unloadDelayMs 0): next run is cold
  }
  return times.sort((a, b) => a - b)
}

async function main(): Promise<void> {
  const testDb = await createTestDb()
  try {
    const room = await createBoard(testDb.db)
    const log = makeLog()
    for (let i = 0; i < log.length; i += 1000) {
      await testDb.db.boardUpdate.createMany({ data: log.slice(i, i + 1000).map((u) => ({ boardId: room, data: Buffer.from(u) })) })
    }
    const bytes = log.reduce((n, u) => n + u.byteLength, 0)
    const updateLog = new PrismaUpdateLog(testDb.db)

    const raw = await startSyncServer({ updateLog, compaction: { maxRows: Number.MAX_SAFE_INTEGER, minBytes: Number.MAX_SAFE_INTEGER } })
    const rawTimes = await timeColdLoads(raw.url, room)
    await raw.close()

    await updateLog.compact(room)
    const snapshot = await testDb.db.boardSnapshot.findUnique({ where: { boardId: room } })
    const compacted = await startSyncServer({ updateLog })
    const compactedTimes = await timeColdLoads(compacted.url, room)
    await compacted.close()

    console.log(`\nCold load of one board: ${ROWS} logged updates (${(bytes / 1024).toFixed(0)} KiB), SQLite, ${RUNS} runs each`)
    console.log('| state of the log | p50 ms | max ms |')
    console.log('| --- | --- | --- |')
    console.log(`| ${ROWS} rows, not compacted | ${percentile(rawTimes, 50).toFixed(1)} | ${rawTimes.at(-1)!.toFixed(1)} |`)
    console.log(`| compacted (snapshot ${((snapshot?.data.byteLength ?? 0) / 1024).toFixed(1)} KiB) | ${percentile(compactedTimes, 50).toFixed(1)} | ${compactedTimes.at(-1)!.toFixed(1)} |`)
  } finally {
    await testDb.dispose()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
