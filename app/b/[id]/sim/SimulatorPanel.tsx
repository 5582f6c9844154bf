'use client'
// The simulator panel beside the canvas: pick a simulator, turn its knobs, play/pause/step/reset
// at a chosen speed, watch the system and its metrics, fail nodes by clicking them, and drop a
// note with the current numbers onto the board. The run itself is shared: the record in the
// tldraw document's meta (see lib/sim/shared-run.ts) says what to simulate and where the clock
// stands, and every browser replays it deterministically. Viewers watch; their controls are off.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createShapeId, toRichText, useValue, type Editor } from 'tldraw'
import type { Metrics, NodeView, ParamSpec, RunState, Simulator } from '@/lib/sim/engine'
import { getSimulator, simulators, startRun } from '@/lib/sim/registry'
import {
  MAX_SPEED,
  MIN_SPEED,
  adoptFailures,
  canContinue,
  cutCommand,
  defaultSharedRun,
  horizonOf,
  simRate,
  simTimeAt,
  startReplay,
  syncTo,
  type Replay,
  type SharedRun,
} from '@/lib/sim/shared-run'
import { SeriesChart, formatNumber } from './SeriesChart'
import { readSharedRun, writeSharedRun } from './shared-state'
import { OKABE_ITO, SystemView } from './SystemView'
import { FALLBACK_SIMULATOR, templateSimulator } from './template-simulator'
import styles from './SimulatorPanel.module.css'

const SPEEDS = [0.25, 0.5, 1, 2, 4].filter((s) => s >= MIN_SPEED && s <= MAX_SPEED)
const METRICS_EVERY_MS = 250
const CHART_WIDTH = 292
const CHART_COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.vermillion, OKABE_ITO.sky]

/** The numbers worth reading at a glance (and on a dropped note), per simulator. */
const KEY_METRICS: Record<string, string[]> = {
  'load-balancing': ['arrivals', 'throughput', 'latencyP50', 'latencyP99', 'dropped', 'maxQueue', 'sessionsLost'],
  caching: ['reads', 'hitRatio', 'cheHitRatio', 'dbLoad', 'meanLatency', 'evictions'],
  sharding: ['queries', 'movedFraction', 'keyCV', 'hottestShardShare', 'failedQueries', 'latencyP99'],
  cap: ['operations', 'availability', 'staleReads', 'conflicts', 'latencyP99', 'messagesLost'],
  'rate-limiting': ['requests', 'accepted', 'rejected', 'unauthorized', 'revenue', 'maxEnvelopeOverBound'],
}

type Params = Record<string, number | string | boolean>

function keyMetrics(sim: Simulator, metrics: Metrics): string[] {
  const wanted = KEY_METRICS[sim.id] ?? sim.metrics.filter((m) => m.kind === 'value').map((m) => m.name).slice(0, 6)
  return wanted.filter((name) => Object.hasOwn(metrics.values, name))
}

function sliderStep(spec: Extract<ParamSpec, { min: number }>): number {
  if (spec.step) return spec.step
  if (spec.kind === 'integer') return 1
  const raw = (spec.max - spec.min) / 100
  return Number(raw.toPrecision(1))
}

function Knob({ name, spec, value, disabled, onChange }: { name: string; spec: ParamSpec; value: number | string | boolean | undefined; disabled: boolean; onChange(v: number | string | boolean): void }) {
  if (spec.kind === 'boolean') {
    return (
      <label className={styles.check} title={spec.description}>
        <input type="checkbox" checked={value === true} disabled={disabled} data-testid={`sim-knob-${name}`} onChange={(e) => onChange(e.target.checked)} />
        {spec.label}
      </label>
    )
  }
  if (spec.kind === 'select') {
    return (
      <label className={styles.field} title={spec.description}>
        <span>{spec.label}</span>
        <select value={String(value ?? spec.default)} disabled={disabled} data-testid={`sim-knob-${name}`} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    )
  }
  const v = typeof value === 'number' ? value : spec.default
  return (
    <label className={styles.field} title={spec.description}>
      <span className={styles.knobHead}>
        <span>{spec.label}</span>
        <output data-testid={`sim-knob-value-${name}`}>
          {formatNumber(v)}
          {spec.unit ? ` ${spec.unit}` : ''}
        </output>
      </span>
      <input
        type="range"
        min={spec.min}
        max={spec.max}
        step={sliderStep(spec)}
        value={v}
        disabled={disabled}
        data-testid={`sim-knob-${name}`}
        onChange={(e) => {
          const n = Number(e.target.value)
          if (Number.isFinite(n)) onChange(spec.kind === 'integer' ? Math.round(n) : n)
        }}
      />
    </label>
  )
}

type Engine = { from: SharedRun; replay: Replay | null; errors: string[] }

export default function SimulatorPanel({ editor, onClose }: { editor: Editor; onClose(): void }) {
  const readOnly = useValue('simulator readonly', () => editor.getIsReadonly(), [editor])
  const shared = useValue('simulator record', () => readSharedRun(editor), [editor])
  const [fallbackId, setFallbackId] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    templateSimulator(editor)
      .then((id) => live && setFallbackId(id))
      .catch(() => live && setFallbackId(FALLBACK_SIMULATOR))
    return () => {
      live = false
    }
  }, [editor])

  const fallback = useMemo(() => defaultSharedRun(getSimulator(fallbackId ?? FALLBACK_SIMULATOR)!), [fallbackId])
  const record = shared ?? fallback
  const sim = getSimulator(record.id)!
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

  /** The local run that follows `st`, continued when possible, rebuilt when not. */
  const ensure = useCallback((st: SharedRun): Replay | null => {
    const e = engine.current
    if (e && e.from === st) return e.replay
    if (e?.replay && canContinue(e.replay, e.from, st)) {
      adoptFailures(e.replay, st)
      e.from = st
      metricsDirty.current = true
      return e.replay
    }
    const s = getSimulator(st.id)!
    const started = startRun(s, st.params, st.seed, horizonOf(s))
    metricsDirty.current = true
    if (!started.ok) {
      engine.current = { from: st, replay: null, errors: started.errors }
      setErrors(started.errors)
      return null
    }
    engine.current = { from: st, replay: startReplay(started.run, st), errors: [] }
    setErrors([])
    return engine.current.replay
  }, [])

  const tick = useCallback(() => {
    const st = recordRef.current
    const target = simTimeAt(st, Date.now())
    if (lastFrame.current.from === st && lastFrame.current.time === target && !metricsDirty.current) return
    let replay = ensure(st)
    if (replay && target < replay.run.now - 1e-9) {
      // The clock went back (reset, or an earlier offset from another browser): start over.
      engine.current = null
      replay = ensure(st)
    }
    lastFrame.current = { from: st, time: target }
    if (!replay) {
      setView(null)
      setMetrics(null)
      return
    }
    syncTo(replay, target)
    setView(replay.run.state())
    setSimTime(replay.run.now)
    const now = performance.now()
    if (metricsDirty.current || now - lastMetricsAt.current >= METRICS_EVERY_MS) {
      lastMetricsAt.current = now
      metricsDirty.current = false
      setMetrics(replay.run.metrics())
      setMetricsVersion((v) => v + 1)
    }
  }, [ensure])

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

  const commit = useCallback((next: SharedRun) => writeSharedRun(editor, next), [editor])
  const nowT = () => simTimeAt(recordRef.current, Date.now())
  const horizon = horizonOf(sim)
  const atEnd = simTime >= horizon - 1e-9

  const restart = (st: SharedRun, changes: Partial<SharedRun>): SharedRun => ({ ...st, ...changes, offset: 0, failures: [], startedAt: st.playing ? Date.now() : 0 })

  const actions = {
    select(id: string) {
      const s = getSimulator(id)
      if (s) commit(defaultSharedRun(s))
    },
    param(name: string, value: number | string | boolean) {
      const st = recordRef.current
      commit(restart(st, { params: { ...(st.params as Params), [name]: value } }))
    },
    seed(seed: number) {
      const st = recordRef.current
      if (Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff && seed !== st.seed) commit(restart(st, { seed }))
    },
    play() {
      const st = recordRef.current
      const t = nowT()
      if (t >= horizon - 1e-9) commit({ ...st, playing: true, startedAt: Date.now(), offset: 0, failures: [] })
      else commit({ ...st, playing: true, startedAt: Date.now(), offset: t })
    },
    pause() {
      const st = recordRef.current
      commit({ ...st, playing: false, offset: nowT(), startedAt: 0 })
    },
    step() {
      const st = recordRef.current
      const replay = ensure(st)
      if (!replay) return
      syncTo(replay, nowT())
      replay.run.step()
      commit({ ...st, playing: false, startedAt: 0, offset: Math.min(horizon, replay.run.now) })
    },
    reset() {
      const st = recordRef.current
      commit({ ...st, playing: false, startedAt: 0, offset: 0, failures: [] })
    },
    speed(speed: number) {
      const st = recordRef.current
      if (st.playing) commit({ ...st, speed, startedAt: Date.now(), offset: nowT() })
      else commit({ ...st, speed })
    },
    toggleNode(node: NodeView) {
      const st = recordRef.current
      const replay = engine.current?.from === st ? engine.current.replay : ensure(st)
      if (!replay) return
      syncTo(replay, nowT())
      commit({ ...st, failures: [...st.failures, node.up ? { node: node.id, at: replay.run.now } : { node: node.id, at: replay.run.now, heal: true }] })
    },
    /** CAP: cut the first half (rounded down) of the replicas off from the rest, or heal the cut. */
    cut(heal: boolean) {
      const st = recordRef.current
      const replay = engine.current?.from === st ? engine.current.replay : ensure(st)
      if (!replay || !view) return
      syncTo(replay, nowT())
      const ids = view.nodes.map((n) => n.id)
      const minority = ids.slice(0, Math.floor(ids.length / 2))
      commit({ ...st, failures: [...st.failures, heal ? { node: cutCommand([]), at: replay.run.now, heal: true } : { node: cutCommand(minority), at: replay.run.now }] })
    },
    drop() {
      if (!metrics) return
      const params = Object.entries(record.params as Params)
        .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
        .join(', ')
      const values = keyMetrics(sim, metrics).map((name) => {
        const unit = sim.metrics.find((m) => m.name === name)?.unit
        return `${name}: ${formatNumber(metrics.values[name])}${unit ? ` ${unit}` : ''}`
      })
      const failures = record.failures.map((f) => `${f.heal ? 'heal' : 'fail'} ${f.node.startsWith('cut:') ? `partition ${f.node.slice(4)}`.trim() : f.node} @ ${formatNumber(f.at)}`)
      const text = [
        `Simulator: ${sim.title}`,
        `seed ${record.seed}, t = ${formatNumber(metrics.time)} ${sim.timeUnit}`,
        `params: ${params}`,
        ...(failures.length ? [`events: ${failures.join('; ')}`] : []),
        ...values,
      ].join('\n')
      const center = editor.getViewportPageBounds().center
      const id = createShapeId()
      editor.markHistoryStoppingPoint('drop simulator note')
      editor.createShape({ id, type: 'note', x: center.x + 40, y: center.y - 100, props: { richText: toRichText(text), size: 's', color: 'light-blue' } })
      editor.select(id)
    },
  }

  const disabled = readOnly
  const canPartition = typeof (engine.current?.replay?.run as { partition?: unknown } | undefined)?.partition === 'function'
  const seriesSpecs = sim.metrics.filter((m) => m.kind === 'series' && metrics?.series[m.name])
  const shownValues = metrics ? keyMetrics(sim, metrics) : []

  return (
    <aside className={styles.panel} aria-label="Simulator" data-testid="simulator-panel" data-simulator={record.id} data-playing={record.playing}>
      <header className={styles.header}>
        <h2 className={styles.title}>Simulator</h2>
        <button type="button" className={styles.close} onClick={onClose} aria-label="Close the simulator" data-testid="simulator-close">
          ×
        </button>
      </header>
      <div className={styles.body}>
        {readOnly && <p className={styles.hint}>You are viewing this run; only editors can change it.</p>}
        <label className={styles.field}>
          <span>Simulation</span>
          <select value={record.id} disabled={disabled} data-testid="sim-select" onChange={(e) => actions.select(e.target.value)}>
            {Object.values(simulators).map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <p className={styles.summary}>{sim.summary}</p>

        <div className={styles.controls}>
          {record.playing && !atEnd ? (
            <button type="button" className="button" disabled={disabled} onClick={actions.pause} data-testid="sim-pause">
              Pause
            </button>
          ) : (
            <button type="button" className="button primary" disabled={disabled || errors.length > 0} onClick={actions.play} data-testid="sim-play">
              {atEnd ? 'Replay' : 'Play'}
            </button>
          )}
          <button type="button" className="button" disabled={disabled || errors.length > 0 || atEnd} onClick={actions.step} data-testid="sim-step" title="Process one event">
            Step
          </button>
          <button type="button" className="button" disabled={disabled} onClick={actions.reset} data-testid="sim-reset">
            Reset
          </button>
          <label className={styles.inline}>
            <span className={styles.srOnly}>Speed</span>
            <select value={String(record.speed)} disabled={disabled} data-testid="sim-speed" onChange={(e) => actions.speed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={String(s)}>
                  {s}x
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className={styles.clock}>
          t = <span data-testid="sim-time">{formatNumber(simTime)}</span> / {formatNumber(horizon)} {sim.timeUnit}
          {record.playing && !atEnd ? ' · playing' : atEnd ? ' · finished' : ' · paused'}
        </p>

        {view && <SystemView state={view} flightTime={simRate(sim) * 0.3} canClick={!disabled} onNodeClick={actions.toggleNode} />}
        {!disabled && view && <p className={styles.hint}>Click a node to fail it; click again to heal it.</p>}
        {view && canPartition && (
          <div className={styles.controls}>
            {view.partitions.length > 0 ? (
              <button type="button" className="button" disabled={disabled} onClick={() => actions.cut(true)} data-testid="sim-heal-partition">
                Heal partition
              </button>
            ) : (
              <button type="button" className="button" disabled={disabled} onClick={() => actions.cut(false)} data-testid="sim-partition">
                Partition {view.nodes.slice(0, Math.floor(view.nodes.length / 2)).map((n) => n.id).join(', ')} off
              </button>
            )}
          </div>
        )}
        {errors.length > 0 && (
          <div>
            <ul className={styles.errors} data-testid="sim-errors">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            <button type="button" className="button" disabled={disabled} onClick={() => commit(defaultSharedRun(sim))} data-testid="sim-defaults">
              Use the default parameters
            </button>
          </div>
        )}

        {metrics && (
          <dl className={styles.values} data-testid="sim-values">
            {shownValues.map((name) => (
              <div key={name} title={sim.metrics.find((m) => m.name === name)?.description}>
                <dt>{name}</dt>
                <dd data-testid={`sim-value-${name}`}>{formatNumber(metrics.values[name])}</dd>
              </div>
            ))}
          </dl>
        )}
        {metrics &&
          seriesSpecs.map((m, i) => (
            <SeriesChart key={`${sim.id}-${m.name}`} name={m.name} label={m.name} unit={m.unit} color={CHART_COLORS[i % CHART_COLORS.length]!} series={metrics.series[m.name]!} version={metricsVersion} timeUnit={sim.timeUnit} width={CHART_WIDTH} />
          ))}

        <button type="button" className="button" disabled={disabled || !metrics} onClick={actions.drop} data-testid="sim-drop">
          Drop on board
        </button>

        <h3 className={styles.heading}>Parameters</h3>
        <label className={styles.field}>
          <span>Seed</span>
          <SeedField seed={record.seed} disabled={disabled} onCommit={actions.seed} />
        </label>
        {Object.entries(sim.params.specs).map(([name, spec]) => (
          <Knob key={`${sim.id}-${name}`} name={name} spec={spec} value={(record.params as Params)[name]} disabled={disabled} onChange={(v) => actions.param(name, v)} />
        ))}
      </div>
    </aside>
  )
}

function SeedField({ seed, disabled, onCommit }: { seed: number; disabled: boolean; onCommit(seed: number): void }) {
  const [draft, setDraft] = useState(String(seed))
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (document.activeElement !== ref.current) setDraft(String(seed))
  }, [seed])
  const valid = /^\d{1,10}$/.test(draft) && Number(draft) <= 0xffffffff
  return (
    <input
      ref={ref}
      type="text"
      inputMode="numeric"
      value={draft}
      disabled={disabled}
      aria-invalid={!valid}
      data-testid="sim-seed"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => (valid ? onCommit(Number(draft)) : setDraft(String(seed)))}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && valid) onCommit(Number(draft))
      }}
    />
  )
}
