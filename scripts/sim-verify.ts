// `npm run sim:verify` runs every simulator check (lib/sim/verify/) over its sweep of
// parameters and seeds, prints a summary, and rewrites the table between the sim:verify markers
// in docs/simulators.md. `npm run sim:verify -- --check` (CI) runs them without writing.
// `--only <id>[,<id>]` limits the run to some simulators (and implies --check). Exits 1 on any
// miss, 2 on bad arguments.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fmt, renderTable, verifyAll, type Row } from '@/lib/sim/verify'

const USAGE = 'usage: npm run sim:verify [-- --check] [-- --only <simulator>[,<simulator>]]'
const DOC = join(process.cwd(), 'docs', 'simulators.md')
const START = '<!-- sim:verify:start -->'
const END = '<!-- sim:verify:end -->'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

function parseArgs(argv: string[]): { check: boolean; only: string[] } {
  let check = false
  const only: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--check') check = true
    else if (arg === '--only') {
      const value = argv[++i]
      if (value === undefined) fail(`--only: missing value\n${USAGE}`)
      only.push(...value.split(',').filter(Boolean))
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    } else fail(`unknown argument ${arg}\n${USAGE}`)
  }
  return { check: check || only.length > 0, only }
}

/** The generated block: date, command, runtime, the table, and each check's tolerance reason. */
function renderSection(rows: readonly Row[], seconds: number, date: string): string {
  const passed = rows.filter((r) => r.pass).length
  const whys = new Map<string, string>()
  for (const r of rows) whys.set(r.check, r.why)
  return [
    START,
    `Generated ${date} by \`npm run sim:verify\` (${rows.length} cases, ${passed} passed, ${seconds.toFixed(1)} s). Do not edit by hand.`,
    '',
    renderTable(rows),
    '',
    'Tolerances:',
    '',
    ...[...whys].map(([check, why]) => `- ${check}: ${why}`),
    END,
  ].join('\n')
}

function main(): void {
  const { check, only } = parseArgs(process.argv.slice(2))
  const started = Date.now()
  const rows = verifyAll({
    only,
    onSimulator: (id, got) => {
      const misses = got.filter((r) => !r.pass)
      process.stdout.write(`${id}: ${got.length - misses.length}/${got.length} ok (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
      for (const r of misses) process.stdout.write(`  MISS ${r.detail}\n`)
    },
  })
  if (only.length > 0 && rows.length === 0) fail(`--only: no checks for ${only.join(', ')}`)
  const seconds = (Date.now() - started) / 1000
  const misses = rows.filter((r) => !r.pass)
  const checks = new Set(rows.map((r) => r.check)).size
  process.stdout.write(`sim:verify: ${checks} checks, ${rows.length} cases, ${misses.length} missed, ${seconds.toFixed(1)} s\n`)
  if (!check) {
    const doc = readFileSync(DOC, 'utf8')
    const a = doc.indexOf(START)
    const b = doc.indexOf(END)
    if (a < 0 || b < a) fail(`${DOC}: markers ${START} / ${END} not found`)
    const date = new Date().toISOString().slice(0, 10)
    writeFileSync(DOC, doc.slice(0, a) + renderSection(rows, seconds, date) + doc.slice(b + END.length))
    process.stdout.write(`wrote ${rows.length} rows to docs/simulators.md\n`)
  }
  if (misses.length > 0) {
    process.stdout.write(`misses (theory vs measured):\n${misses.map((r) => `  ${r.check} [${r.params}]: ${fmt(r.theory)} vs ${fmt(r.measured)}`).join('\n')}\n`)
    process.exit(1)
  }
}

main()
