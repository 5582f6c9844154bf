// Benchmark: cold load of a board whose update log holds 10,000 rows, through the real Prisma
// update log on SQLite and a real sync node, measured as a stock client sees it (connect ->
// synced). Prints a table; asserts nothing. Target (ARCHITECTURE.md): under 100 ms.
// Run alone with `tsx tests/bench/cold-load.ts`; tests/bench/main.ts (`npm run bench`) calls
// runColdLoad() and puts its figures in the side-by-side table as well.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
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

export type ColdLoadResult = { rows: number; kib: number; runs: number; raw: number[]; compacted: number[]; snapshotKib: number }

export async function runColdLoad(): Promise<ColdLoadResult> {
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
    return { rows: ROWS, kib: bytes / 1024, runs: RUNS, raw: rawTimes, compacted: compactedTimes, snapshotKib: (snapshot?.data.byteLength ?? 0) / 1024 }
  } finally {
    await testDb.dispose()
  }
}

export function printColdLoad(r: ColdLoadResult): void {
  console.log(`\nCold load of one board: ${r.rows} logged updates (${r.kib.toFixed(0)} KiB), SQLite, ${r.runs} runs each`)
  console.log('| state of the log | p50 ms | max ms |')
  console.log('| --- | --- | --- |')
  console.log(`| ${r.rows} rows, not compacted | ${percentile(r.raw, 50).toFixed(1)} | ${r.raw.at(-1)!.toFixed(1)} |`)
  console.log(`| compacted (snapshot ${r.snapshotKib.toFixed(1)} KiB) | ${percentile(r.compacted, 50).toFixed(1)} | ${r.compacted.at(-1)!.toFixed(1)} |`)
}

export { percentile as coldPercentile }

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // main.ts runs this file as a child process (a clean heap) and reads the JSON line.
  const report = process.env.BENCH_COLD_JSON === '1' ? (r: ColdLoadResult) => console.log(`COLD_JSON ${JSON.stringify(r)}`) : printColdLoad
  runColdLoad().then(report, (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
