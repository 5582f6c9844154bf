// `npm run bench`: the same load generator (tests/bench/load-generator.ts, y-protocols over ws)
// against three servers, each node in its own child process, printed side by side:
//   A our tier (server/sync-main.ts x2 + redis), B @y/websocket-server 0.1.1, C Hocuspocus 3.4.4
//   + extension-redis (x2 + redis). Then the persisted cold load of our tier (cold-load.ts).
// Figures only; nothing asserts. BENCH_SERVERS=A,C and BENCH_QUICK=1 shorten a run while editing.
import { execFile } from 'node:child_process'
import { cpus } from 'node:os'
import { printColdLoad, coldPercentile, type ColdLoadResult } from './cold-load'
import { fanout, latency, memory, saturation, warmLoad, type FanoutResult, type LatencyResult, type LoadResult, type MemoryResult, type SaturationResult } from './scenarios'
import { LABELS, startServer, type ServerKind } from './servers'

const QUICK = process.env.BENCH_QUICK === '1'
const KINDS = (process.env.BENCH_SERVERS ?? 'A,B,C').split(',').map((k) => k.trim()) as ServerKind[]

const P = {
  latency: { rooms: 5, clients: 10, rate: 200, durationMs: QUICK ? 2_000 : 5_000, warmupMs: 500 },
  // The configuration of the earlier one-off measurements in research/sync-tier.md §5.2.
  light: { rooms: 1, clients: 2, rate: 200, durationMs: QUICK ? 2_000 : 5_000, warmupMs: 500 },
  fanout: { readers: 500, writes: QUICK ? 5 : 15, gapMs: 200 },
  memory: { count: QUICK ? 300 : 2_000, settleMs: 1_500 },
  warm: { updates: QUICK ? 2_000 : 10_000, runs: 7 },
  saturation: { rooms: 20, levels: QUICK ? [1_000, 4_000] : [1_000, 2_000, 4_000, 6_000, 8_000], stepMs: 3_000 },
}

type Results = {
  same?: LatencyResult
  cross?: LatencyResult
  lightSame?: LatencyResult
  lightCross?: LatencyResult
  fan?: FanoutResult
  mem?: MemoryResult
  warm?: LoadResult
  sat?: SaturationResult
  errors: string[]
}

async function step<T>(results: Results, name: string, run: () => Promise<T>): Promise<T | undefined> {
  const t0 = Date.now()
  try {
    const value = await run()
    console.error(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s ${JSON.stringify(value)}`)
    return value
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    console.error(`  ${name}: FAILED ${message}`)
    results.errors.push(`${name}: ${message}`)
    return undefined
  }
}

async function benchServer(kind: ServerKind): Promise<Results> {
  const results: Results = { errors: [] }
  console.error(`\n${LABELS[kind]}`)
  const server = await startServer(kind)
  try {
    results.same = await step(results, 'same-node latency', () => latency(server, { ...P.latency, crossNode: false }))
    if (server.nodeCount > 1) results.cross = await step(results, 'cross-node latency', () => latency(server, { ...P.latency, crossNode: true }))
    results.lightSame = await step(results, 'light same-node latency', () => latency(server, { ...P.light, crossNode: false }))
    if (server.nodeCount > 1) results.lightCross = await step(results, 'light cross-node latency', () => latency(server, { ...P.light, crossNode: true }))
    results.fan = await step(results, 'fan-out 1->500', () => fanout(server, P.fanout))
    results.warm = await step(results, 'load 10k updates (in memory)', () => warmLoad(server, P.warm))
    results.sat = await step(results, 'saturation', () => saturation(server, P.saturation))
    // Last: it leaves thousands of rooms behind on servers that never unload them.
    results.mem = await step(results, 'memory', () => memory(server, P.memory))
  } finally {
    await server.stop()
  }
  return results
}

const f1 = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(1))
const f0 = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(0))

function lat(r: LatencyResult | undefined): string {
  if (!r) return 'failed'
  const cpu = `CPU ${r.cpuPercent.map((c) => `${c.toFixed(0)}%`).join('+')}`
  const notes = [cpu, r.lost > 0 ? `${r.lost} lost` : '', r.coalesced > 0 ? `${r.coalesced} coalesced` : ''].filter(Boolean)
  return `${f1(r.p50)} / ${f1(r.p99)}${notes.length ? ` (${notes.join(', ')})` : ''}`
}

/** cold-load.ts in its own process, so its in-process node does not share this heap. */
function coldLoadInChild(): Promise<ColdLoadResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'tests/bench/cold-load.ts'], { env: { ...process.env, BENCH_COLD_JSON: '1' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error)
      const line = stdout.split('\n').find((l) => l.startsWith('COLD_JSON '))
      if (!line) return reject(new Error(`no result from cold-load.ts: ${stdout.slice(-500)}`))
      resolve(JSON.parse(line.slice('COLD_JSON '.length)) as ColdLoadResult)
    })
  })
}

async function main(): Promise<void> {
  const all = new Map<ServerKind, Results>()
  const started = Date.now()
  for (const kind of KINDS) all.set(kind, await benchServer(kind))
  let cold: ColdLoadResult | undefined
  if (KINDS.includes('A') && !QUICK) {
    console.error('\nA: persisted cold load (tests/bench/cold-load.ts)')
    try {
      cold = await coldLoadInChild()
    } catch (error) {
      console.error('  cold load FAILED', error)
    }
  }

  const cell = (kind: ServerKind, fn: (r: Results) => string): string => {
    const r = all.get(kind)
    return r ? fn(r) : 'not run'
  }
  const rows: Array<[string, (r: Results, kind: ServerKind) => string]> = [
    ['1. same-node latency p50 / p99 ms (5 rooms x 10 clients, 200 upd/s/room, 5 s)', (r) => lat(r.same)],
    ['2. cross-node latency p50 / p99 ms (clients split over 2 nodes + Redis)', (r, kind) => (kind === 'B' ? 'n/a (no cross-node mode)' : lat(r.cross))],
    ['1b. same-node latency p50 / p99 ms, light (1 room x 2 clients, 200 upd/s)', (r) => lat(r.lightSame)],
    ['2b. cross-node latency p50 / p99 ms, light (1 room x 2 clients, 200 upd/s)', (r, kind) => (kind === 'B' ? 'n/a (no cross-node mode)' : lat(r.lightCross))],
    ['3. 1 writer -> 500 readers: last reader, median / max ms', (r) => (r.fan ? `${f1(r.fan.p50)} / ${f1(r.fan.max)}${r.fan.lost ? ` (${r.fan.lost} lost)` : ''}` : 'failed')],
    [`4a. memory per idle connection (${P.memory.count} rooms x 1 conn), KB`, (r) => (r.mem ? f1(r.mem.kbPerConn) : 'failed')],
    ['4b. RSS retained after churn (close, reopen in new rooms, close), MB', (r) => (r.mem ? f1(r.mem.retainedMb) : 'failed')],
    [`5a. load of a room holding ${P.warm.updates} updates, in memory (holder connected), p50 / max ms`, (r) => (r.warm ? `${f1(r.warm.p50)} / ${f1(r.warm.max)} (state ${f1(r.warm.stateKb)} KiB)` : 'failed')],
    [
      '5b. cold load from the database, 10,000 logged rows, p50 ms (raw / compacted)',
      (_r, kind) =>
        kind === 'A' ? (cold ? `${f1(coldPercentile(cold.raw, 50))} / ${f1(coldPercentile(cold.compacted, 50))}` : 'not run') : 'n/a (no persistence configured)',
    ],
    ['6. saturation: max delivered updates/s on one node', (r) => (r.sat ? `${f0(r.sat.max)} (steps: ${r.sat.levels.map((l) => `${l.offered}->${f0(l.delivered)} @CPU ${f0(l.cpuPercent)}%`).join(', ')})` : 'failed')],
  ]
  console.log(`\nSync tier side by side (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}; load generator in this process, sharing the cores)`)
  console.log(`| measurement | ${KINDS.map((k) => LABELS[k]).join(' | ')} |`)
  console.log(`| --- | ${KINDS.map(() => '---').join(' | ')} |`)
  for (const [name, fn] of rows) console.log(`| ${name} | ${KINDS.map((k) => cell(k, (r) => fn(r, k))).join(' | ')} |`)
  const sent = KINDS.map((k) => {
    const r = all.get(k)
    return `${k}: same ${f0(r?.same?.sentPerSec)}/s, cross ${f0(r?.cross?.sentPerSec)}/s`
  })
  console.log(`\nRate actually sent in rows 1/2 (target 1000/s): ${sent.join('; ')}`)
  console.log('Latency = a client sends an update until every other client of the room has it; the first 500 ms are warm-up.')
  console.log('CPU: server process(es) while sending, % of one core (node 1 + node 2 for A and C, which also run node 2 idle in same-node rows).')
  console.log('"lost": still missing 3 s after the last send; "coalesced": the receiver got only a later write of the same record.')
  for (const [k, r] of all) for (const e of r.errors) console.log(`error ${k}: ${e}`)
  if (cold) printColdLoad(cold)
  console.log(`\nTotal bench time ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
