'use client'
// The simulator panel beside the canvas: pick a simulator, turn its knobs, play/pause/step/reset
// at a chosen speed, watch the system and its metrics, fail nodes by clicking them, and drop a
// note with the current numbers onto the board. The run itself is shared: the record in the
// tldraw document's meta (see lib/sim/shared-run.ts) says what to simulate and where the clock
// stands, and every browser replays it deterministically. Viewers watch; their controls are off.
// A run link (`?run=`, lib/sim/run-link.ts) is shown as a local view instead: the panel plays the
// link's run for this browser only until the person applies it to the board or goes back.
import { useEffect, useRef, useState } from 'react'
import { createShapeId, toRichText, useValue, type Editor } from 'tldraw'
import { boardSimulator } from '@/lib/sim/board'
import type { NodeView, Simulator } from '@/lib/sim/engine'
import { formatNumber } from '@/lib/sim/format'
import { getSimulator, simulators } from '@/lib/sim/registry'
import { BOARD_SIMULATOR_ID, MAX_SPEED, MIN_SPEED, cutCommand, defaultSharedRun, simTimeAt, timingOf, type SharedRun } from '@/lib/sim/shared-run'
import { runLinkOf, runLinkPath } from '@/lib/sim/run-link'
import { keyMetrics, snapshotText } from '@/lib/sim/snapshot'
import { Knob, SeedField } from './Knobs'
import { LiveCluster } from './LiveCluster'
import { BoardProblems } from './BoardProblems'
import { SimCharts } from './SimCharts'
import { BrokenRunLink, CopyRunLink, RunLinkBanner } from './RunLink'
import { writeSharedRun } from './shared-state'
import { SystemView } from './SystemView'
import { useBoardGraph } from './use-board-graph'
import { usePublishBoardLive } from './use-board-live'
import { usePanelRecord } from './use-panel-record'
import { useReplay } from './use-replay'
import styles from './SimulatorPanel.module.css'

const SPEEDS = [0.25, 0.5, 1, 2, 4].filter((s) => s >= MIN_SPEED && s <= MAX_SPEED)

type Params = Record<string, number | string | boolean>

/** What the panel shows about a simulator; the board's own is not in the registry. */
type SimulatorInfo = Pick<Simulator, 'id' | 'title' | 'summary' | 'timeUnit' | 'params' | 'metrics' | 'leavesOut' | 'caveat' | 'validate'>

function infoOf(id: string): SimulatorInfo {
  return id === BOARD_SIMULATOR_ID ? (boardSimulator as unknown as SimulatorInfo) : getSimulator(id)!
}

export type SimulatorLinkProps = {
  boardId: string
  shareToken?: string
  /** The page's `?run=` value, or null when the board was opened without a run link. */
  runParam: string | null
  /** Remove `?run=` from the page URL, which returns the panel to the board's shared run. */
  onLeaveRunLink(): void
}

export default function SimulatorPanel({ editor, onClose, boardId, shareToken, runParam, onLeaveRunLink }: { editor: Editor; onClose(): void } & SimulatorLinkProps) {
  const readOnly = useValue('simulator readonly', () => editor.getIsReadonly(), [editor])
  const { record, local, linkBroken, commit } = usePanelRecord(editor, runParam)
  const sim = infoOf(record.id)
  const isBoard = record.id === BOARD_SIMULATOR_ID
  // Chat can show the real cluster instead of the model: a per-viewer choice, not shared.
  const [live, setLive] = useState(false)
  const showLive = live && record.id === 'chat'
  const graph = useBoardGraph(editor, isBoard)
  const recordRef = useRef(record)
  useEffect(() => {
    recordRef.current = record
  }, [record])

  const { view, metrics, metricsVersion, errors, simTime, current, partitionable: canPartition } = useReplay(record, graph)

  const nowT = () => simTimeAt(recordRef.current, Date.now())
  const { horizon, rate } = timingOf(record)
  const atEnd = simTime >= horizon - 1e-9

  const restart = (st: SharedRun, changes: Partial<SharedRun>): SharedRun => ({ ...st, ...changes, offset: 0, failures: [], startedAt: st.playing ? Date.now() : 0 })

  const actions = {
    select(id: string) {
      if (id === BOARD_SIMULATOR_ID || getSimulator(id)) commit(defaultSharedRun(infoOf(id)))
    },
    /** "Simulate this board": the board's own diagram, playing at once. */
    simulateBoard() {
      commit({ ...defaultSharedRun(boardSimulator), playing: true, startedAt: Date.now() })
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
      const replay = current()
      if (!replay) return
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
      const replay = current()
      if (!replay) return
      commit({ ...st, failures: [...st.failures, node.up ? { node: node.id, at: replay.run.now } : { node: node.id, at: replay.run.now, heal: true }] })
    },
    /** Partition the network: `group` is cut off from the rest; `null` heals the cut. */
    cut(group: string[] | null) {
      const st = recordRef.current
      const replay = current()
      if (!replay) return
      const at = replay.run.now
      commit({ ...st, failures: [...st.failures, group ? { node: cutCommand(group), at } : { node: cutCommand([]), at, heal: true }] })
    },
    /** Make the link's run (as it stands in this browser) the board's run, then leave the link. */
    applyLink() {
      if (writeSharedRun(editor, recordRef.current)) onLeaveRunLink()
    },
    linkUrl(): string {
      const st = recordRef.current
      return new URL(runLinkPath(boardId, runLinkOf(st, simTimeAt(st, Date.now())), shareToken), window.location.origin).toString()
    },
    drop() {
      if (!metrics) return
      const center = editor.getViewportPageBounds().center
      const id = createShapeId()
      editor.markHistoryStoppingPoint('drop simulator note')
      editor.createShape({ id, type: 'note', x: center.x + 40, y: center.y - 100, props: { richText: toRichText(snapshotText(sim, record, metrics)), size: 's', color: 'light-blue' } })
      editor.select(id)
    },
  }

  // A link's run is local, so viewers may play it too; only the board's shared run is editors' alone.
  const disabled = readOnly && !local
  usePublishBoardLive(isBoard ? view : null, disabled ? null : actions.toggleNode)

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
        {local && <RunLinkBanner canApply={!readOnly} onApply={actions.applyLink} onDismiss={onLeaveRunLink} />}
        {linkBroken && <BrokenRunLink onDismiss={onLeaveRunLink} />}
        {readOnly && !local && <p className={styles.hint}>You are viewing this run; only editors can change it.</p>}
        <label className={styles.field}>
          <span>Simulation</span>
          <select value={record.id} disabled={disabled} data-testid="sim-select" onChange={(e) => actions.select(e.target.value)}>
            <option value={BOARD_SIMULATOR_ID}>This board&apos;s diagram</option>
            {Object.values(simulators).map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <p className={styles.summary}>{sim.summary}</p>
        {!isBoard && (
          <button type="button" className="button" disabled={disabled} onClick={actions.simulateBoard} data-testid="sim-board" title="Run the components and arrows drawn on this board">
            Simulate this board
          </button>
        )}
        {isBoard && graph && <BoardProblems editor={editor} graph={graph} />}

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
          t = <span data-testid="sim-time" data-t={simTime}>{formatNumber(simTime)}</span> / {formatNumber(horizon)} {sim.timeUnit}
          {record.playing && !atEnd ? ' · playing' : atEnd ? ' · finished' : ' · paused'}
        </p>

        {record.id === 'chat' && (
          <div className={styles.tabs} role="group" aria-label="What to show">
            <button type="button" className="button" aria-pressed={!live} onClick={() => setLive(false)} data-testid="sim-view-model">
              Simulated
            </button>
            <button type="button" className="button" aria-pressed={live} onClick={() => setLive(true)} data-testid="sim-view-live">
              Live cluster
            </button>
          </div>
        )}
        {showLive && <LiveCluster />}
        {!showLive && view && <SystemView state={view} flightTime={rate * 0.3} canClick={!disabled} onNodeClick={actions.toggleNode} onCut={canPartition ? actions.cut : undefined} />}
        {!disabled && view && !showLive && (
          <p className={styles.hint}>
            Click a node to fail it; click again to heal it.{canPartition ? ' Drag a line across the ring to partition the network there.' : ''}
          </p>
        )}
        {view && canPartition && (
          <div className={styles.controls}>
            {view.partitions.length > 0 ? (
              <button type="button" className="button" disabled={disabled} onClick={() => actions.cut(null)} data-testid="sim-heal-partition">
                Heal partition
              </button>
            ) : (
              <button type="button" className="button" disabled={disabled} onClick={() => actions.cut(view.nodes.slice(0, Math.floor(view.nodes.length / 2)).map((n) => n.id))} data-testid="sim-partition">
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
        <SimCharts sim={sim} params={record.params} metrics={metrics} version={metricsVersion} seed={record.seed} />

        <button type="button" className="button" disabled={readOnly || !metrics} onClick={actions.drop} data-testid="sim-drop">
          Drop on board
        </button>
        <CopyRunLink makeUrl={actions.linkUrl} />

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
