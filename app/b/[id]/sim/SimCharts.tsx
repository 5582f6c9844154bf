'use client'
// The panel's charts: every series metric, each with its theory curve dashed beside it when the
// simulator gives one; under them the run's caveat (why it departs from the theory, one line)
// and the simulator's "what this model leaves out" note, collapsed; last, the simulator's sweep
// charts (a metric against a parameter), each run on request.
import { useMemo } from 'react'
import type { Metrics, Simulator } from '@/lib/sim/engine'
import { getSimulator } from '@/lib/sim/registry'
import { caveatFor, theorySeriesNames } from '@/lib/sim/theory-overlay'
import { SeriesChart } from './SeriesChart'
import { SweepChart } from './SweepChart'
import { OKABE_ITO } from './SystemView'
import styles from './SimulatorPanel.module.css'

const CHART_WIDTH = 292
const CHART_COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.vermillion, OKABE_ITO.sky]

export type ChartsSimulator = Pick<Simulator, 'id' | 'timeUnit' | 'metrics' | 'params' | 'validate' | 'caveat'> & { leavesOut?: string }

export function SimCharts({ sim, params, metrics, version, seed = 1 }: { sim: ChartsSimulator; params: unknown; metrics: Metrics | null; version: number; seed?: number }) {
  // The panel hands a trimmed view of the simulator; sweeps need the runnable one from the
  // registry (the board simulator is not in it and has no sweeps).
  const runnable = getSimulator(sim.id)
  const sweeps = runnable?.sweeps ?? []
  const theoryNames = useMemo(() => theorySeriesNames(sim.metrics), [sim])
  const caveat = useMemo(() => caveatFor(sim, params, metrics), [sim, params, metrics])
  const specs = metrics ? sim.metrics.filter((m) => m.kind === 'series' && metrics.series[m.name] && !theoryNames.has(m.name)) : []
  return (
    <>
      {metrics &&
        specs.map((m, i) => (
          <SeriesChart
            key={`${sim.id}-${m.name}`}
            name={m.name}
            label={m.name}
            unit={m.unit}
            color={CHART_COLORS[i % CHART_COLORS.length]!}
            series={metrics.series[m.name]!}
            theory={m.theory ? metrics.series[m.theory] : undefined}
            version={version}
            timeUnit={sim.timeUnit}
            width={CHART_WIDTH}
          />
        ))}
      {caveat && (
        <p className={styles.caveat} data-testid="sim-caveat">
          {caveat}
        </p>
      )}
      {sim.leavesOut && (
        <details className={styles.leavesOut} data-testid="sim-leaves-out">
          <summary>What this model leaves out</summary>
          <p>{sim.leavesOut}</p>
        </details>
      )}
      {runnable && sweeps.length > 0 && (
        <div data-testid="sim-sweeps">
          <h3 className={styles.heading}>Sweep</h3>
          {sweeps.map((spec, i) => (
            <SweepChart key={`${sim.id}-${spec.id}`} sim={runnable} spec={spec} params={params} seed={seed} color={CHART_COLORS[i % CHART_COLORS.length]!} width={CHART_WIDTH} />
          ))}
        </div>
      )}
    </>
  )
}
