// Simulator checks as data, and the runner that turns them into rows (issue 9: `npm run
// sim:verify`). Pure: no I/O; a check runs its cases with the registry's startRun.
import type { Metrics, Run } from '@/lib/sim/engine'
import { getSimulator, startRun } from '@/lib/sim/registry'

// Parameters as the simulator validated them (defaults filled in). Checks read them by name.
export type Params = Record<string, any>

/** One point of a check's sweep: parameters (over the defaults), seed and run length. */
export type Case = { params: Params; seed: number; duration: number }

/**
 * How measured compares with theory, given the tolerance tol (>= 0):
 * approx |m - t| <= tol; upper-bound m <= t + tol; lower-bound m >= t - tol; exact m === t;
 * bound-reached t - below <= m <= t + tol (a bound that the run should also come close to).
 */
export type Kind = 'approx' | 'upper-bound' | 'lower-bound' | 'exact' | 'bound-reached'

/** What one case produced: its run after `drive`, final metrics and whatever `drive` recorded. */
export type Outcome<R extends Run = Run> = { case: Case; params: Params; run: R; metrics: Metrics; extra: Record<string, number> }

type Amount<R extends Run> = number | ((out: Outcome<R>, theory: number) => number)

export type Tolerance<R extends Run = Run> = {
  /** Absolute part (a number, or computed from the run, e.g. k standard errors). */
  abs?: Amount<R>
  /** Relative part, a fraction of |theory|; added to abs. */
  rel?: number
  /** bound-reached only: how far below the bound the run may stay (abs + rel x |theory|). */
  below?: { abs?: Amount<R>; rel?: number }
  /** One line: why this tolerance. */
  why: string
}

export type Check<R extends Run = Run> = {
  simulator: string
  name: string
  kind: Kind
  cases: readonly Case[]
  /** Runs the case; default: advance to `duration`. May attach observers before advancing and return extra measurements. */
  drive?: (run: R, c: Case, params: Params) => Record<string, number> | void
  theory: (out: Outcome<R>) => number
  measure: (out: Outcome<R>) => number
  tolerance: Tolerance<R>
  /** Side conditions (a guard that the check is not vacuous, or a companion exact claim); each failure is a message. */
  also?: (out: Outcome<R>) => string[]
  /** 'each' (default): a row per case. 'mean': a row per parameter point, theory and measured averaged over its seeds. */
  over?: 'each' | 'mean'
}

export type Row = {
  check: string
  simulator: string
  name: string
  kind: Kind
  params: string
  theory: number
  measured: number
  /** Allowed deviation above theory (and below, for approx), as used for the verdict. */
  tolerance: number
  below?: number
  toleranceText: string
  /** The check's one-line justification of its tolerance. */
  why: string
  pass: boolean
  detail: string
}

/** A cache of outcomes shared by checks that read the same plain run (no `drive`). */
export type OutcomeCache = Map<string, Outcome>

/** A check of any run type, as lists hold them. */
export type AnyCheck = Check<any>

/** Identity helper so each module's checks infer their run type. */
export function defineCheck<R extends Run = Run>(check: Check<R>): Check<R> {
  return check
}

function amount<R extends Run>(a: Amount<R> | undefined, out: Outcome<R>, theory: number): number {
  if (a === undefined) return 0
  return typeof a === 'number' ? a : a(out, theory)
}

export function runCase<R extends Run>(check: Check<R>, c: Case, cache?: OutcomeCache): Outcome<R> {
  const key = `${check.simulator}|${JSON.stringify(c.params)}|${c.seed}|${c.duration}`
  if (!check.drive && cache?.has(key)) return cache.get(key) as unknown as Outcome<R>
  const sim = getSimulator(check.simulator)
  if (!sim) throw new Error(`unknown simulator ${check.simulator}`)
  const started = startRun(sim, c.params, c.seed, c.duration)
  if (!started.ok) throw new Error(`${check.simulator}: ${started.errors.join('; ')}`)
  const run = started.run as R
  const params = started.params as Params
  let extra: Record<string, number> = {}
  if (check.drive) extra = check.drive(run, c, params) ?? {}
  else run.advance(c.duration)
  const out: Outcome<R> = { case: c, params, run, metrics: run.metrics(), extra }
  if (!check.drive) cache?.set(key, out as unknown as Outcome)
  return out
}

/** Short text for a case: its parameters, then the seed(s). */
export function describeCase(params: Params, seeds: readonly number[]): string {
  const ps = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : String(v)}`)
  const s = seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.join(',')}`
  return [...ps, s].join(' ')
}

/** A number for the table: integers as they are, others to 4 significant digits. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (Number.isInteger(x)) return String(x)
  return String(Number(x.toPrecision(4)))
}

function verdict(kind: Kind, theory: number, measured: number, tol: number, below: number): boolean {
  if (!Number.isFinite(measured) || !Number.isFinite(theory)) return false
  switch (kind) {
    case 'exact':
      return measured === theory
    case 'approx':
      return Math.abs(measured - theory) <= tol
    case 'upper-bound':
      return measured <= theory + tol
    case 'lower-bound':
      return measured >= theory - tol
    case 'bound-reached':
      return measured <= theory + tol && measured >= theory - below
  }
}

function toleranceText(kind: Kind, tol: number, below: number): string {
  switch (kind) {
    case 'exact':
      return 'exact'
    case 'approx':
      return `±${fmt(tol)}`
    case 'upper-bound':
      return tol === 0 ? '<= theory' : `<= theory + ${fmt(tol)}`
    case 'lower-bound':
      return tol === 0 ? '>= theory' : `>= theory - ${fmt(tol)}`
    case 'bound-reached':
      return `-${fmt(below)} .. +${fmt(tol)}`
  }
}

function row<R extends Run>(check: Check<R>, params: string, theory: number, measured: number, tol: number, below: number, problems: string[]): Row {
  const ok = verdict(check.kind, theory, measured, tol, below)
  const detail = [
    `${check.simulator}: ${check.name} [${params}]: theory ${fmt(theory)}, measured ${fmt(measured)}, ${toleranceText(check.kind, tol, below)}`,
    ...problems,
  ].join('; ')
  return {
    check: `${check.simulator}: ${check.name}`,
    simulator: check.simulator,
    name: check.name,
    kind: check.kind,
    params,
    theory,
    measured,
    tolerance: tol,
    ...(check.kind === 'bound-reached' ? { below } : {}),
    toleranceText: toleranceText(check.kind, tol, below),
    why: check.tolerance.why,
    pass: ok && problems.length === 0,
    detail,
  }
}

/** Run every case of a check: a row per case, or per parameter point when `over` is 'mean'. */
export function runCheck<R extends Run>(check: Check<R>, cache?: OutcomeCache): Row[] {
  const tolOf = (out: Outcome<R>, theory: number): [number, number] => {
    const t = check.tolerance
    const tol = amount(t.abs, out, theory) + (t.rel ?? 0) * Math.abs(theory)
    const below = t.below ? amount(t.below.abs, out, theory) + (t.below.rel ?? 0) * Math.abs(theory) : 0
    return [tol, below]
  }
  if (check.over !== 'mean') {
    return check.cases.map((c) => {
      const out = runCase(check, c, cache)
      const theory = check.theory(out)
      const measured = check.measure(out)
      const [tol, below] = tolOf(out, theory)
      return row(check, describeCase(c.params, [c.seed]), theory, measured, tol, below, check.also?.(out) ?? [])
    })
  }
  const groups = new Map<string, Case[]>()
  for (const c of check.cases) {
    const key = JSON.stringify(c.params)
    groups.set(key, [...(groups.get(key) ?? []), c])
  }
  return [...groups.values()].map((cases) => {
    const outs = cases.map((c) => runCase(check, c, cache))
    const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
    const theory = avg(outs.map((o) => check.theory(o)))
    const measured = avg(outs.map((o) => check.measure(o)))
    const [tol, below] = tolOf(outs[0]!, theory)
    const problems = outs.flatMap((o) => (check.also?.(o) ?? []).map((p) => `seed ${o.case.seed}: ${p}`))
    return row(check, describeCase(cases[0]!.params, cases.map((c) => c.seed)), theory, measured, tol, below, problems)
  })
}

/** Run checks in order, sharing plain runs between them. */
export function runChecks(checks: readonly AnyCheck[], cache: OutcomeCache = new Map()): Row[] {
  return checks.flatMap((c) => runCheck(c, cache))
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The markdown table: check, parameters, theory, measured, tolerance, pass. */
export function renderTable(rows: readonly Row[]): string {
  const lines = ['| check | parameters | theory | measured | tolerance | pass |', '|---|---|---|---|---|---|']
  for (const r of rows) lines.push(`| ${cell(r.check)} | ${cell(r.params)} | ${fmt(r.theory)} | ${fmt(r.measured)} | ${cell(r.toleranceText)} | ${r.pass ? 'yes' : '**NO**'} |`)
  return lines.join('\n')
}
