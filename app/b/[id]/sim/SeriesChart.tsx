'use client'
// One live time series from metrics().series, drawn with uPlot (canvas). The parent hands new
// data at most a few times a second; setData redraws without rebuilding the chart.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Series } from '@/lib/sim/engine'
import { formatNumber } from '@/lib/sim/format'
import styles from './SimulatorPanel.module.css'

export type SeriesChartProps = { name: string; label: string; unit?: string; color: string; series: Series; version: number; timeUnit: string; width: number }

export function SeriesChart({ name, label, unit, color, series, version, timeUnit, width }: SeriesChartProps) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)

  useEffect(() => {
    const el = host.current
    if (!el) return
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
        series: [{ label: timeUnit }, { label, stroke: color, width: 2, points: { show: false } }],
      },
      [[], []],
      el,
    )
    plot.current = u
    return () => {
      u.destroy()
      plot.current = null
    }
  }, [label, color, timeUnit, width])

  // The engine's series arrays grow in place, so redraw on every new metrics snapshot (`version`)
  // with copies, not only when the object changes.
  useEffect(() => {
    plot.current?.setData([series.t.slice(), series.v.slice()])
  }, [series, version, label, color, timeUnit, width])

  const last = series.v.at(-1)
  return (
    <figure className={styles.chart} data-testid={`sim-chart-${name}`} data-points={series.t.length}>
      <figcaption>
        <span>
          {label}
          {unit ? ` (${unit})` : ''}
        </span>
        <span className={styles.chartValue}>{last === undefined ? '–' : formatNumber(last)}</span>
      </figcaption>
      <div ref={host} />
    </figure>
  )
}
