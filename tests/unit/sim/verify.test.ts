import { describe, expect, it } from 'vitest'
import { allChecks, checksBySimulator, defineCheck, renderTable, runCheck, type Row } from '@/lib/sim/verify'
import { simulators } from '@/lib/sim/registry'

// A tiny M/M/1 run: 1 server at rho = 0.5 for 2000 s.
const quick = { simulator: 'load-balancing', cases: [{ params: { servers: 1, load: 0.5 }, seed: 1, duration: 2000 }] } as const

describe('sim:verify runner', () => {
  it('flags a miss when the theory is wrong, and passes the same measurement against the right one', () => {
    const measure = (o: { metrics: { values: Record<string, unknown> } }): number => o.metrics.values.meanSojourn as number
    const right = defineCheck({ ...quick, name: 'W = 1/(mu - lambda)', kind: 'approx', theory: () => 2, measure, tolerance: { rel: 0.3, why: 'short run' } })
    const wrong = defineCheck({ ...right, name: 'W off by 3x', theory: () => 6 })
    const [ok] = runCheck(right)
    const [miss] = runCheck(wrong)
    expect(ok!.pass, ok!.detail).toBe(true)
    expect(miss!.pass).toBe(false)
    expect(miss!.measured).toBe(ok!.measured)
    expect(miss!.detail).toContain('theory 6')
    // A failing side condition is a miss too, even when the numbers agree.
    const guarded = defineCheck({ ...right, also: () => ['vacuous'] })
    const [g] = runCheck(guarded)
    expect(g!.pass).toBe(false)
    expect(g!.detail).toContain('vacuous')
    // Bounds: an upper bound below the measured value misses; a lower bound above it misses.
    expect(runCheck(defineCheck({ ...right, kind: 'upper-bound', theory: () => 1, tolerance: { why: '' } }))[0]!.pass).toBe(false)
    expect(runCheck(defineCheck({ ...right, kind: 'lower-bound', theory: () => 5, tolerance: { why: '' } }))[0]!.pass).toBe(false)
    expect(runCheck(defineCheck({ ...right, kind: 'exact', theory: () => ok!.measured + 1e-9, tolerance: { why: '' } }))[0]!.pass).toBe(false)
  })

  it('renders the table as markdown', () => {
    const base = { simulator: 'x', name: 'n', kind: 'approx', below: undefined, why: 'w', detail: '' } as const
    const rows: Row[] = [
      { ...base, check: 'caching: LRU = Che', params: 'keys=1000 seed 1', theory: 0.37782, measured: 0.3767, tolerance: 0.0135, toleranceText: '±0.0135', pass: true },
      { ...base, check: 'cap: a | b', kind: 'exact', params: 'mode=cp seed 2', theory: 0, measured: 3, tolerance: 0, toleranceText: 'exact', pass: false },
    ]
    expect(renderTable(rows)).toBe(
      [
        '| check | parameters | theory | measured | tolerance | pass |',
        '|---|---|---|---|---|---|',
        '| caching: LRU = Che | keys=1000 seed 1 | 0.3778 | 0.3767 | ±0.0135 | yes |',
        '| cap: a \\| b | mode=cp seed 2 | 0 | 3 | exact | **NO** |',
      ].join('\n'),
    )
  })

  it('covers every simulator in the registry, with a justified tolerance and a sweep', () => {
    expect(Object.keys(checksBySimulator).sort()).toEqual(Object.keys(simulators).sort())
    for (const c of allChecks) {
      expect(c.tolerance.why.length, `${c.simulator}: ${c.name}`).toBeGreaterThan(0)
      expect(c.cases.length, `${c.simulator}: ${c.name}`).toBeGreaterThan(0)
      expect(simulators[c.simulator], c.simulator).toBeDefined()
    }
  })
})
