'use client'
// One live time series from metrics().series, drawn with uPlot (canvas), with its theory curve
// (MetricSpec.theory) dashed in a neutral colour when the simulator gives one. The parent hands
// new data at most a few times a second; setData redraws without rebuilding the chart.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Series } from '@/lib/sim/engine'
import { formatNumber } from '@/lib/sim/format'
import { alignSeries } from '@/lib/sim/theory-overlay'
import styles from './SimulatorPanel.module.css'

export const THEORY_COLOR = '#5f6b7a'
const THEORY_DASH = [5, 4]

export type SeriesChartProps = { name: string; label: string; unit?: string; color: string; series: Series; theory?: Series; version: number; timeUnit: string; width: number }

export function SeriesChart({ name, label, unit, color, series, theory, version, timeUnit, width }: SeriesChartProps) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const withTheory = theory !== undefined

  useEffect(() => {
    const el = host.current
    if (!el) return
    const lines: uPlot.Series[] = [{ label: timeUnit }, { label, stroke: color, width: 2, points: { show: false }, spanGaps: true }]
    if (withTheory) lines.push({ label: 'theory', stroke: THEORY_COLOR, width: 1.5, dash: THEORY_DASH, points: { show: false }, spanGaps: true })
    const u = new uPlot(
      {
        width,
        height: 110,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          { size: 24, font: '10px sans-serif', stroke: '#5f6b7a', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e6ec' } },
          { size: 40, font: '10px sans-serif', stroke: '#5f6b7a', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e6ec' } },
        ],
        series: lines,
      },
      withTheory ? [[], [], []] : [[], []],
      el,
    )
    plot.current = u
    return () => {
      u.destroy()
      plot.current = null
    }
  }, [label, color, timeUnit, width, withTheory])

  // The engine's series arrays grow in place, so redraw on every new metrics snapshot (`version`)
  // with copies, not only when the object changes.
  useEffect(() => {
    plot.current?.setData(theory ? alignSeries(series, theory) : [series.t.slice(), series.v.slice()])
  }, [series, theory, version, label, color, timeUnit, width])

  // data-last is the exact value (String keeps every digit), so two browsers can be compared.
  const last = series.v.at(-1)
  const drawn = theory !== undefined && theory.t.length > 0
  return (
    <figure className={styles.chart} data-testid={`sim-chart-${name}`} data-points={series.t.length} data-last={last === undefined ? undefined : String(last)}>
      <figcaption>
        <span>
          {label}
          {unit ? ` (${unit})` : ''}
        </span>
        {drawn && (
          <span className={styles.theoryLegend} data-testid={`sim-theory-${name}`} title="The theory curve for this chart" data-theory-points={theory.t.length}>
            <svg width="16" height="6" aria-hidden="true">
              <line x1="0" y1="3" x2="16" y2="3" stroke={THEORY_COLOR} strokeWidth="1.5" strokeDasharray="4 3" />
            </svg>
            theory {formatNumber(theory.v.at(-1) ?? null)}
          </span>
        )}
        <span className={styles.chartValue}>{last === undefined ? '–' : formatNumber(last)}</span>
      </figcaption>
      <div ref={host} />
    </figure>
  )
}
