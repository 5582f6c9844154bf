// The load runner: `tsx tests/load/run.ts --scenario l1,l4 --duration 60 [--json out.json] [--pin]`.
// Each scenario starts its own system under test (system.ts, or the full cluster for L7), drives
// it from this process, prints a table and its pass criteria, and the run exits 1 when any
// criterion fails. `--duration` is the measured time of the timed scenarios (L1, L2, L3, L6, L7);
// without it each uses its matrix duration. `npm test` runs `l1,l4` with 60 s (scripts/test.mjs).
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SCENARIOS, type ScenarioName } from './scenarios'
import { passed, printResult, writeJson, type ScenarioResult } from './report'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    duration: { type: 'string' },
    json: { type: 'string' },
    pin: { type: 'boolean', default: false },
  },
})

const names = (values.scenario ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)
const unknown = names.filter((n) => !(n in SCENARIOS))
if (names.length === 0 || unknown.length > 0) {
  console.error(`usage: tsx tests/load/run.ts --scenario <${Object.keys(SCENARIOS).join('|')}>[,...] [--duration <s>] [--json <file>] [--pin]`)
  process.exit(2)
}
const durationS = values.duration === undefined ? undefined : Number(values.duration)
if (durationS !== undefined && !(durationS > 0)) {
  console.error('--duration must be a positive number of seconds')
  process.exit(2)
}

async function main(): Promise<number> {
  const results: ScenarioResult[] = []
  const startedAt = new Date().toISOString()
  for (const name of names as ScenarioName[]) {
    const t0 = Date.now()
    console.error(`${name}: running (${SCENARIOS[name].about})`)
    for (const r of await SCENARIOS[name].run({ durationS, pin: values.pin })) {
      printResult(r)
      results.push(r)
    }
    console.error(`${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
  const out = values.json ?? join(tmpdir(), `designroom-load-${names.join('-')}-${Date.now()}.json`)
  writeJson(out, results, { startedAt, cores: cpus().length, node: process.version, durationS, pinned: values.pin })
  const failed = results.flatMap((r) => r.criteria.filter((c) => !c.ok).map((c) => `${c.row} ${c.what}: ${c.value} (bound ${c.bound})`))
  console.log(`\nJSON: ${out}`)
  console.log(failed.length === 0 ? `load: all ${results.reduce((n, r) => n + r.criteria.length, 0)} criteria met` : `load: FAILED\n  ${failed.join('\n  ')}`)
  return results.every(passed) ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
