// `npm test`: the whole suite, the README's one test command (and what .ci/run runs).
// Type check, unit, simulator verification (every simulator check over its sweep, failing on
// any miss), a production build, integration (real servers, real SQLite), the load rows that have
// pass criteria (tests/load), then end-to-end tests in Debian's Chromium against that build.
// `node scripts/test.mjs unit verify` runs only the steps whose name (or short part name) starts
// with one of the arguments.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const bin = (name) => join('node_modules', '.bin', name)
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

const steps = [
  ['type check', [bin('tsc'), '--noEmit', '-p', '.']],
  ['unit tests', [bin('vitest'), 'run', '--project', 'unit']],
  ['simulator verification', [bin('tsx'), 'scripts/sim-verify.ts', '--check'], 'verify'],
  ['production build', [bin('next'), 'build']],
  ['integration tests', [bin('vitest'), 'run', '--project', 'integration']],
  // The load rows with pass criteria (tests/load/run.ts exits 1 when one fails): L1 with D9 for
  // 60 s, the generator and the nodes pinned to their own cores, and L4 (docs/reliability.md).
  ['load tests (L1, L4)', [bin('tsx'), 'tests/load/run.ts', '--scenario', 'l1,l4', '--duration', '60', '--pin'], 'load'],
  ['end-to-end tests', [bin('playwright'), 'test']],
]

const only = process.argv.slice(2)
let failed = 0
let passed = 0
let lastFailed = ''
for (const [name, args, part] of steps) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o) || part?.startsWith(o))) continue
  console.log(`\n=== ${name}`)
  const started = Date.now()
  const [command, ...rest] = args
  const result = spawnSync(command, rest, { stdio: 'inherit', env })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status === 0) {
    passed++
    console.log(`=== ${name}: ok (${seconds} s)`)
  } else {
    failed++
    lastFailed = name
    console.log(`=== ${name}: FAILED (exit ${result.status}, ${seconds} s)`)
    break
  }
}
console.log(`\nnpm test: ${passed} of ${steps.length} steps ok${failed ? `, "${lastFailed}" failed` : ""}`)
process.exit(failed === 0 ? 0 : 1)
