'use client'
// The local run that follows the board's shared record: rebuilt when the record changes what is
// simulated, continued when it only adds failures or moves the clock, and advanced every animation
// frame to the record's clock. Returns what the panel draws, throttled for the charts.
import { useCallback, useEffect, useRef, useState } from 'react'
import { boardSimulatorFor, type GraphLike } from '@/lib/sim/board'
import type { Metrics, RunState, Simulator } from '@/lib/sim/engine'
import { getSimulator, startRun } from '@/lib/sim/registry'
import { BOARD_SIMULATOR_ID, adoptFailures, canContinue, simTimeAt, startReplay, syncTo, timingOf, type Replay, type SharedRun } from '@/lib/sim/shared-run'

const METRICS_EVERY_MS = 250

type Engine = { from: SharedRun; graph: GraphLike | null; replay: Replay | null }

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

/**
 * `graph` is the board's own diagram, read by the board simulator; it changes identity only when
 * the diagram's structure does, and a board run restarts (from the shared clock) when it does.
 */
export function useReplay(record: SharedRun, graph: GraphLike | null): ReplayView {
  const recordRef = useRef(record)
  const graphRef = useRef(graph)
  useEffect(() => {
    recordRef.current = record
    graphRef.current = graph
  }, [record, graph])

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
    const graph = st.id === BOARD_SIMULATOR_ID ? graphRef.current : null
    if (e && e.graph === graph && e.from === st) return e.replay
    if (e?.replay && e.graph === graph && canContinue(e.replay, e.from, st)) {
      adoptFailures(e.replay, st)
      e.from = st
      metricsDirty.current = true
      return e.replay
    }
    const sim: Simulator | undefined = graph ? boardSimulatorFor(graph) : getSimulator(st.id)
    metricsDirty.current = true
    if (!sim) {
      engine.current = { from: st, graph, replay: null }
      setErrors([])
      return null
    }
    const started = startRun(sim, st.params, st.seed, timingOf(st).horizon)
    if (!started.ok) {
      engine.current = { from: st, graph, replay: null }
      setErrors(started.errors)
      return null
    }
    engine.current = { from: st, graph, replay: startReplay(started.run, st) }
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
  }, [record, graph])

  const current = useCallback((): Replay | null => {
    const st = recordRef.current
    return runAt(st, simTimeAt(st, Date.now()))
  }, [runAt])

  const run = engine.current?.replay?.run
  const partitionable = view !== null && typeof (run as { partition?: unknown } | undefined)?.partition === 'function'
  return { view, metrics, metricsVersion, errors, simTime, current, partitionable }
}
