'use client'
// One sweep chart (Simulator.sweeps): the simulated metric at several values of one parameter,
// as markers, over the theory curve (dashed, neutral). Runs only when asked: the points take up
// to a second of CPU, so they are computed a slice at a time inside a per-frame budget (no jank)
// and redrawn as each lands. Deterministic from the parameters and seed, so it is not shared
// through the board's record; every viewer computes the same points.
import { useEffect, useMemo, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Simulator, SweepSpec } from '@/lib/sim/engine'
import { formatNumber } from '@/lib/sim/format'
import { maxRelError, sweepSteps, theoryCurve, type SweepPoint } from '@/lib/sim/sweep'
import { THEORY_COLOR } from './SeriesChart'
import styles from './SimulatorPanel.module.css'

/** CPU per animation frame spent on the sweep; leaves most of a 16 ms frame to the page. */
const FRAME_BUDGET_MS = 8
const THEORY_DASH = [5, 4]

type Props = { sim: Simulator; spec: SweepSpec; params: unknown; seed: number; color: string; width: number }

export function SweepChart({ sim, spec, params, seed, color, width }: Props) {
  const [points, setPoints] = useState<SweepPoint[]>([])
  const [running, setRunning] = useState(false)
  const [started, setStarted] = useState(false)
  const frame = useRef<number | null>(null)
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)

  // New parameters or seed make old points wrong: drop them and stop any sweep in progress.
  const key = useMemo(() => JSON.stringify([sim.id, spec.id, params, seed]), [sim.id, spec.id, params, seed])
  useEffect(() => {
    setPoints([])
    setRunning(false)
    setStarted(false)
    return () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current)
      frame.current = null
    }
  }, [key])

  const curve = useMemo(() => (started ? theoryCurve(sim, spec, params) : { x: [], y: [] }), [started, sim, spec, params])

  const run = (): void => {
    if (frame.current !== null) cancelAnimationFrame(frame.current)
    const steps = sweepSteps(sim, spec, params, seed)
    const done: SweepPoint[] = []
    setPoints([])
    setStarted(true)
    setRunning(true)
    const tick = (): void => {
      const until = performance.now() + FRAME_BUDGET_MS
      let landed = false
      while (performance.now() < until) {
        const next = steps.next()
        if (next.done) {
          frame.current = null
          setPoints([...done])
          setRunning(false)
          return
        }
        if (next.value) {
          done.push(next.value)
          landed = true
        }
      }
      if (landed) setPoints([...done])
      frame.current = requestAnimationFrame(tick)
    }
    frame.current = requestAnimationFrame(tick)
  }

  useEffect(() => {
    const el = host.current
    if (!el || !started) return
    const u = new uPlot(
      {
        width,
        height: 120,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          { size: 24, font: '10px sans-serif', stroke: '#5f6b7a', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e6ec' } },
          { size: 40, font: '10px sans-serif', stroke: '#5f6b7a', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e6ec' } },
        ],
        series: [
          { label: spec.param },
          { label: 'theory', stroke: THEORY_COLOR, width: 1.5, dash: THEORY_DASH, points: { show: false }, spanGaps: true },
          // Markers only: each point is its own run, and a line between them would suggest the
          // simulation was measured in between.
          { label: spec.metric, stroke: color, fill: color, width: 0, paths: () => null, points: { show: true, size: 6, stroke: color, fill: color } },
        ],
      },
      [[], [], []],
      el,
    )
    plot.current = u
    return () => {
      u.destroy()
      plot.current = null
    }
  }, [started, width, color, spec.param, spec.metric])

  // Theory on its dense x values and the points on theirs, merged onto one sorted x axis.
  useEffect(() => {
    if (!plot.current) return
    const byX = new Map<number, [number | null, number | null]>()
    curve.x.forEach((x, i) => byX.set(x, [curve.y[i] ?? null, null]))
    for (const p of points) byX.set(p.x, [byX.get(p.x)?.[0] ?? p.theory, p.simulated])
    const xs = [...byX.keys()].sort((a, b) => a - b)
    plot.current.setData([xs, xs.map((x) => byX.get(x)![0]), xs.map((x) => byX.get(x)![1])])
  }, [curve, points, started])

  const result = { x: points.map((p) => p.x), simulated: points.map((p) => p.simulated), theory: points.map((p) => p.theory) }
  const err = maxRelError(result)
  return (
    <section data-testid={`sim-sweep-section-${spec.id}`}>
      <button type="button" className="button" onClick={run} disabled={running} data-testid={`sim-sweep-${spec.id}`}>
        {running ? `Running the sweep (${points.length} points)…` : 'Run the sweep'}
      </button>
      {started && (
        <figure
          className={styles.chart}
          data-testid={`sim-sweep-chart-${spec.id}`}
          data-points={points.filter((p) => p.simulated !== null).length}
          data-done={running ? 'false' : 'true'}
          data-max-rel-error={err === null ? undefined : String(err)}
        >
          <figcaption>
            <span>
              {spec.label}
              {spec.unit ? ` (${spec.unit})` : ''}
            </span>
            <span className={styles.theoryLegend} title="Largest |simulated - theory| / theory over the points so far">
              <svg width="16" height="6" aria-hidden="true">
                <line x1="0" y1="3" x2="16" y2="3" stroke={THEORY_COLOR} strokeWidth="1.5" strokeDasharray="4 3" />
              </svg>
              theory{err === null ? '' : `, max error ${formatNumber(err * 100)}%`}
            </span>
          </figcaption>
          <div ref={host} />
          <figcaption>
            <span>x: {spec.param}</span>
          </figcaption>
        </figure>
      )}
      {started && spec.caveat && <p className={styles.caveat}>{spec.caveat}</p>}
    </section>
  )
}
