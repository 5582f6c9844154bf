// A scenario's outcome: named figures, and pass criteria checked against them. The runner prints
// both as a table and writes them as JSON; any failed criterion makes the run exit non-zero.
import { writeFileSync } from 'node:fs'

export type Criterion = { row: string; what: string; bound: string; value: number; unit: string; ok: boolean }

export type ScenarioResult = {
  scenario: string
  figures: Record<string, number | string>
  criteria: Criterion[]
  notes: string[]
}

/** `value <= max`: the only kind of bound the load rows have. */
export function atMost(row: string, what: string, value: number, max: number, unit: string): Criterion {
  return { row, what, bound: `<= ${max} ${unit}`.trim(), value, unit, ok: Number.isFinite(value) && value <= max }
}

const fmt = (v: number | string): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v)

export function printResult(r: ScenarioResult): void {
  console.log(`\n${r.scenario}`)
  console.log('| row | criterion | bound | measured | |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const c of r.criteria) console.log(`| ${c.row} | ${c.what} | ${c.bound} | ${fmt(c.value)} ${c.unit} | ${c.ok ? 'ok' : 'FAIL'} |`)
  console.log('\n| figure | value |\n| --- | --- |')
  for (const [k, v] of Object.entries(r.figures)) console.log(`| ${k} | ${fmt(v)} |`)
  for (const n of r.notes) console.log(`note: ${n}`)
}

export function writeJson(path: string, results: ScenarioResult[], meta: Record<string, unknown>): void {
  writeFileSync(path, `${JSON.stringify({ ...meta, results }, null, 2)}\n`)
}

export const passed = (r: ScenarioResult): boolean => r.criteria.every((c) => c.ok)
