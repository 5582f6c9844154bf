'use client'
// The panel's charts: every series metric, each with its theory curve dashed beside it when the
// simulator gives one; under them the run's caveat (why it departs from the theory, one line)
// and the simulator's "what this model leaves out" note, collapsed.
import { useMemo } from 'react'
import type { Metrics, Simulator } from '@/lib/sim/engine'
import { caveatFor, theorySeriesNames } from '@/lib/sim/theory-overlay'
import { SeriesChart } from './SeriesChart'
import { OKABE_ITO } from './SystemView'
import styles from './SimulatorPanel.module.css'

const CHART_WIDTH = 292
const CHART_COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.vermillion, OKABE_ITO.sky]

export type ChartsSimulator = Pick<Simulator, 'id' | 'timeUnit' | 'metrics' | 'params' | 'validate' | 'caveat'> & { leavesOut?: string }

export function SimCharts({ sim, params, metrics, version }: { sim: ChartsSimulator; params: unknown; metrics: Metrics | null; version: number }) {
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
    </>
  )
}
