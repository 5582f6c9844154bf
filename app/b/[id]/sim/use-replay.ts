'use client'
// The local run that follows the board's shared record: rebuilt when the record changes what is
// simulated, continued when it only adds failures or moves the clock, and advanced every animation
// frame to the record's clock. Returns what the panel draws, throttled for the charts.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Metrics, RunState } from '@/lib/sim/engine'
import { getSimulator, startRun } from '@/lib/sim/registry'
import { adoptFailures, canContinue, horizonOf, simTimeAt, startReplay, syncTo, type Replay, type SharedRun } from '@/lib/sim/shared-run'

const METRICS_EVERY_MS = 250

type Engine = { from: SharedRun; replay: Replay | null }

export type ReplayView = {
  view: RunState | null
  metrics: Metrics | null
  /** Bumped with each new metrics snapshot, so charts redraw series that grow in place. */
  metricsVersion: number
  errors: string[]
  simTime: number
  /** The run synced to the record's clock now (for commands stamped with the current sim time). */
  current(): Replay | null
  /** Whether the run can be partitioned by a drawn cut (CAP). */
  partitionable: boolean
}

export function useReplay(record: SharedRun): ReplayView {
  const recordRef = useRef(record)
  useEffect(() => {
    recordRef.current = record
  }, [record])

  const engine = useRef<Engine | null>(null)
  const lastFrame = useRef<{ from: SharedRun | null; time: number }>({ from: null, time: -1 })
  const lastMetricsAt = useRef(0)
  const metricsDirty = useRef(true)
  const [view, setView] = useState<RunState | null>(null)
  const [metrics, setMetrics] = useState<Metrics | null>(null)
  const [errors, setErrors] = useState<string[]>([])
  const [simTime, setSimTime] = useState(0)
  const [metricsVersion, setMetricsVersion] = useState(0)

  const ensure = useCallback((st: SharedRun): Replay | null => {
    const e = engine.current
    if (e && e.from === st) return e.replay
    if (e?.replay && canContinue(e.replay, e.from, st)) {
      adoptFailures(e.replay, st)
      e.from = st
      metricsDirty.current = true
      return e.replay
    }
    const sim = getSimulator(st.id)!
    const started = startRun(sim, st.params, st.seed, horizonOf(sim))
    metricsDirty.current = true
    if (!started.ok) {
      engine.current = { from: st, replay: null }
      setErrors(started.errors)
      return null
    }
    engine.current = { from: st, replay: startReplay(started.run, st) }
    setErrors([])
    return engine.current.replay
  }, [])

  /** The run for `st` advanced to `target`, rebuilt when the clock went back. */
  const runAt = useCallback(
    (st: SharedRun, target: number): Replay | null => {
      let replay = ensure(st)
      if (replay && target < replay.run.now - 1e-9) {
        // The clock went back (reset, or an earlier offset from another browser): start over.
        engine.current = null
        replay = ensure(st)
      }
      if (replay) syncTo(replay, target)
      return replay
    },
    [ensure],
  )

  const tick = useCallback(() => {
    const st = recordRef.current
    const target = simTimeAt(st, Date.now())
    if (lastFrame.current.from === st && lastFrame.current.time === target && !metricsDirty.current) return
    const replay = runAt(st, target)
    lastFrame.current = { from: st, time: target }
    if (!replay) {
      setView(null)
      setMetrics(null)
      return
    }
    setView(replay.run.state())
    setSimTime(replay.run.now)
    const now = performance.now()
    if (metricsDirty.current || now - lastMetricsAt.current >= METRICS_EVERY_MS) {
      lastMetricsAt.current = now
      metricsDirty.current = false
      setMetrics(replay.run.metrics())
      setMetricsVersion((v) => v + 1)
    }
  }, [runAt])

  // Animate with requestAnimationFrame; nothing runs while the page is hidden.
  useEffect(() => {
    let raf = 0
    const loop = () => {
      if (!document.hidden) tick()
      raf = requestAnimationFrame(loop)
    }
    raf = requestAnimationFrame(loop)
    return () => cancelAnimationFrame(raf)
  }, [tick])

  // When play stops at the horizon, the last metrics must still be drawn.
  useEffect(() => {
    metricsDirty.current = true
  }, [record])

  const current = useCallback((): Replay | null => {
    const st = recordRef.current
    return runAt(st, simTimeAt(st, Date.now()))
  }, [runAt])

  const run = engine.current?.replay?.run
  const partitionable = view !== null && typeof (run as { partition?: unknown } | undefined)?.partition === 'function'
  return { view, metrics, metricsVersion, errors, simTime, current, partitionable }
}
