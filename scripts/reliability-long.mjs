// `npm run reliability:long`: the matrix's long runs (research/reliability.md §6.7 "Nightly"),
// one after another, each printing its own figures and failing on its own criteria:
//   b23  sync fuzz, 1,000,000 frames, random seed (tests/integration/sync-fuzz.test.ts)
//   d2   kill -9 of everything, 100 cycles (tests/integration/kill-everything.test.ts)
//   f7   Postgres stopped for the matrix's full 10 s (tests/integration/postgres-faults.test.ts)
//   redis  Redis hung 5 s and delayed 200 ms, the matrix's F4 and F6 (tests/integration/redis-faults.test.ts)
//   l1   interview rooms + D9 saved acks, the full 5 minutes (tests/load, as are the rest)
//   l2   team sessions, affinity ON and OFF + the brief's cross-node case, with L8 Redis cost
//   l3   template fan-out, 1 -> 500 readers over 2 nodes
//   l5   join storm on a 10,000-update board
//   l6   soak: L1 for 2 h with churn (10 % of clients reconnect a minute, Redis restarts every 10 min)
//   l7   lookup + upgrade on the full cluster (needs a production build: `npm run build`)
// `npm run reliability:long -- l2 l3` runs only those. Load results are also written as JSON to
// $LOAD_JSON_DIR (default: the temp folder), one file per piece. Takes about 3.5 hours in full.
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const bin = (name) => join('node_modules', '.bin', name)
const jsonDir = process.env.LOAD_JSON_DIR ?? tmpdir()
// Long pieces set no per-test limit of their own beyond the suite's 30 s default.
const noLimit = ['--testTimeout=86400000', '--hookTimeout=600000']
const load = (scenario, duration) => [
  bin('tsx'),
  'tests/load/run.ts',
  '--scenario',
  scenario,
  ...(duration ? ['--duration', String(duration)] : []),
  // The matrix's rule: nodes and the load generator on their own cores (taskset).
  '--pin',
  '--json',
  join(jsonDir, `designroom-${scenario}-${new Date().toISOString().slice(0, 10)}.json`),
]

const pieces = [
  ['b23', [bin('vitest'), 'run', '--project', 'integration', ...noLimit, 'tests/integration/sync-fuzz.test.ts'], { FUZZ_RUNS: '1000000' }],
  ['d2', [bin('vitest'), 'run', '--project', 'integration', ...noLimit, 'tests/integration/kill-everything.test.ts'], { D2_CYCLES: '100' }],
  ['f7', [bin('vitest'), 'run', '--project', 'integration', ...noLimit, 'tests/integration/postgres-faults.test.ts'], { F7_OUTAGE_MS: '10000' }],
  ['redis', [bin('vitest'), 'run', '--project', 'integration', ...noLimit, 'tests/integration/redis-faults.test.ts'], { REDIS_FAULT_PAUSE_MS: '5000', REDIS_FAULT_DELAY_MS: '200' }],
  ['l1', load('l1', 300)],
  ['l2', load('l2')],
  ['l3', load('l3')],
  ['l5', load('l5')],
  ['l6', load('l6', 7200)],
  ['l7', load('l7')],
]

const only = process.argv.slice(2).map((a) => a.toLowerCase())
const unknown = only.filter((o) => !pieces.some(([name]) => name === o))
if (unknown.length > 0) {
  console.error(`unknown piece(s) ${unknown.join(', ')}; choose from ${pieces.map(([n]) => n).join(' ')}`)
  process.exit(2)
}
const chosen = pieces.filter(([name]) => only.length === 0 || only.includes(name))
const failed = []
for (const [name, [command, ...args], extraEnv = {}] of chosen) {
  console.log(`\n=== ${name} (${new Date().toISOString()})`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } })
  const seconds = ((Date.now() - started) / 1000).toFixed(0)
  if (result.status === 0) console.log(`=== ${name}: ok (${seconds} s)`)
  else {
    failed.push(name)
    console.log(`=== ${name}: FAILED (exit ${result.status}, ${seconds} s)`)
  }
}
console.log(`\nreliability:long: ${chosen.length - failed.length} of ${chosen.length} pieces ok${failed.length ? `; failed: ${failed.join(' ')}` : ''}`)
process.exit(failed.length === 0 ? 0 : 1)
