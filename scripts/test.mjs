// `npm test`: the whole suite, the README's one test command (and what .ci/run runs).
// Type check, unit, integration (real servers, real SQLite), a production build, then
// end-to-end tests in Debian's Chromium against that build.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const bin = (pkg, path) => require.resolve(`${pkg}/${path}`)
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

const steps = [
  ['type check', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', '.']],
  ['unit tests', [bin('vitest', 'vitest.mjs'), 'run', '--project', 'unit']],
  ['production build', [bin('next', 'dist/bin/next'), 'build']],
  ['integration tests', [bin('vitest', 'vitest.mjs'), 'run', '--project', 'integration']],
  ['end-to-end tests', [bin('@playwright/test', 'cli.js'), 'test']],
]

const only = process.argv.slice(2)
let failed = 0
let passed = 0
for (const [name, args] of steps) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue
  console.log(`\n=== ${name}`)
  const started = Date.now()
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status === 0) {
    passed++
    console.log(`=== ${name}: ok (${seconds} s)`)
  } else {
    failed++
    console.log(`=== ${name}: FAILED (exit ${result.status}, ${seconds} s)`)
    break
  }
}
console.log(`\nsteps: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
