'use client'
// The board's replay: a scrubber over the interview's time line (phase starts marked on the
// track, simulator events marked under it); the frame at the scrubber's time is loaded into a
// read-only tldraw editor, which is also what exports the final board as PNG or SVG. Beside it,
// the simulator run that frame's board held (SimAtMoment), with a link that re-runs it.
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { useEffect, useMemo, useState } from 'react'
import { exportAs, loadSnapshot, Tldraw, type Editor, type TLStoreSnapshot } from 'tldraw'
import 'tldraw/tldraw.css'
import type { ReplayView } from '@/lib/interviews/contract'
import { formatDuration } from '@/lib/interviews/clock'
import { decodeFrame, frameAt, type FrameSnapshot } from '@/lib/interviews/replay-frames.client'
import { SCRUB_STEP_MS, scrubRange } from '@/lib/interviews/scrub-range'
import { eventText, simEvents, simFrames, type SimEvent, type SimFrame } from '@/lib/interviews/sim-timeline'
import { boardShapeUtils } from '@/lib/shapes/shape-utils'
import { call } from '../../api'
import { SimAtMoment } from './SimAtMoment'
import styles from './summary.module.css'

const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined

type State =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  | { kind: 'ready'; replay: ReplayView; frames: FrameSnapshot[]; sim: SimFrame[]; simMarks: SimMark[] }

/** Simulator events that share a frame share one mark (they were first seen together). */
type SimMark = { at: number; events: SimEvent[] }

function simMarksOf(events: SimEvent[]): SimMark[] {
  const marks: SimMark[] = []
  for (const event of events) {
    const last = marks[marks.length - 1]
    if (last && last.at === event.at) last.events.push(event)
    else marks.push({ at: event.at, events: [event] })
  }
  return marks
}

export default function Replay({ interviewId, title, boardId }: { interviewId: string; title: string; boardId: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [t, setT] = useState<number | null>(null)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [exportError, setExportError] = useState<string | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    call<ReplayView>(`/api/interviews/${encodeURIComponent(interviewId)}/replay`, { signal: controller.signal })
      .then((answer) => {
        if (!answer.ok) return setState({ kind: 'error', error: answer.error })
        try {
          const frames = answer.data.frames.map((f) => decodeFrame(f.update))
          // Frames arrive sorted by time (lib/interviews/replay.ts), so indexes line up.
          const sim = simFrames(answer.data.frames.map((f, i) => ({ at: f.at, records: Object.values(frames[i]!.store) })))
          setState({ kind: 'ready', replay: answer.data, frames, sim, simMarks: simMarksOf(simEvents(sim)) })
          const last = answer.data.frames[answer.data.frames.length - 1]
          setT(last ? last.at : null)
        } catch (error) {
          console.error('[replay] could not decode the frames', error)
          setState({ kind: 'error', error: 'the board history could not be read' })
        }
      })
      .catch(() => undefined)
    return () => controller.abort()
  }, [interviewId])

  const range = useMemo(() => {
    if (state.kind !== 'ready') return null
    const { replay } = state
    return scrubRange(
      replay.frames.map((f) => f.at),
      replay.startedAt ?? null,
      replay.endedAt ?? null,
    )
  }, [state])

  const index = state.kind === 'ready' && t !== null ? frameAt(state.replay.frames, t) : -1
  const frame = state.kind === 'ready' ? state.frames[index] : undefined

  useEffect(() => {
    if (!editor || !frame) return
    show(editor, frame)
  }, [editor, frame])

  async function exportFinal(format: 'png' | 'svg') {
    if (!editor || state.kind !== 'ready') return
    setExportError(null)
    const final = state.frames[state.frames.length - 1]
    const finalAt = state.replay.frames[state.replay.frames.length - 1]?.at
    if (!final || finalAt === undefined) return setExportError('there is no board to export yet')
    setT(finalAt)
    show(editor, final)
    const ids = [...editor.getCurrentPageShapeIds()]
    if (ids.length === 0) return setExportError('the final board is empty')
    try {
      await exportAs(editor, ids, { format, name: `${title} (final board)` })
    } catch (error) {
      console.error('[replay] export failed', error)
      setExportError(`the ${format.toUpperCase()} export failed`)
    }
  }

  if (state.kind === 'loading') return <p className="muted">Loading the replay…</p>
  if (state.kind === 'error') return <p className="error" role="alert">The replay is unavailable: {state.error}</p>
  const { replay } = state
  if (replay.frames.length === 0 || !range) {
    return <p className="muted" data-testid="replay-empty">Nothing was drawn on the board during the interview yet.</p>
  }
  const pct = (at: number) => `${((at - range.min) / (range.max - range.min)) * 100}%`
  const current = replay.frames[index]
  const simFrame = state.sim[index]

  return (
    <div className={styles.replay} data-testid="replay" data-frames={replay.frames.length}>
      <div className={styles.replayRow}>
        <div className={styles.replayCanvas} data-testid="replay-frame" data-index={index} data-shapes={frame?.shapeCount ?? 0}>
          <Tldraw
            hideUi
            shapeUtils={boardShapeUtils}
            assetUrls={assetUrls}
            licenseKey={licenseKey}
            onMount={(mounted) => {
              mounted.updateInstanceState({ isReadonly: true })
              setEditor(mounted)
              return () => setEditor((e) => (e === mounted ? null : e))
            }}
          />
        </div>
        <SimAtMoment frame={simFrame ?? null} boardId={boardId} />
      </div>
      <div className={styles.scrubber}>
        <input
          type="range"
          min={range.min}
          max={range.max}
          step={SCRUB_STEP_MS}
          value={t ?? range.max}
          onChange={(e) => setT(e.target.valueAsNumber)}
          aria-label="Replay time"
          data-testid="replay-scrubber"
        />
        <div className={styles.marks} aria-hidden>
          {replay.phases.map((p, i) =>
            p.at !== null && p.at >= range.min && p.at <= range.max ? (
              <span key={i} className={styles.mark} style={{ left: pct(p.at) }} title={p.name}>
                <span>{p.name}</span>
              </span>
            ) : null,
          )}
        </div>
      </div>
      {state.simMarks.length > 0 ? (
        // Under the track, not on it: phase marks label spans of time, these are instants, and
        // they are buttons (jump to the frame where the event was first recorded).
        <div className={styles.simMarks} data-testid="replay-sim-marks">
          {state.simMarks.map((mark) => {
            const label = mark.events.map(eventText).join('; ')
            return (
              <button
                key={mark.at}
                type="button"
                className={styles.simMark}
                style={{ left: pct(Math.min(range.max, Math.max(range.min, mark.at))) }}
                title={label}
                aria-label={`Simulator: ${label}`}
                onClick={() => setT(mark.at)}
                data-testid="replay-sim-mark"
                data-at={mark.at}
                data-kinds={mark.events.map((e) => e.kind).join(' ')}
              />
            )
          })}
        </div>
      ) : null}
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span className="muted" data-testid="replay-time">
          Frame {index + 1} of {replay.frames.length}
          {current && replay.startedAt !== null ? ` · ${formatDuration(Math.max(0, current.at - replay.startedAt))} after the start` : ''}
          {frame ? ` · ${frame.shapeCount} shape${frame.shapeCount === 1 ? '' : 's'}` : ''}
        </span>
        <span className="row">
          <button type="button" className="button" disabled={!editor} onClick={() => void exportFinal('png')} data-testid="export-png">Export PNG</button>
          <button type="button" className="button" disabled={!editor} onClick={() => void exportFinal('svg')} data-testid="export-svg">Export SVG</button>
        </span>
      </div>
      {exportError ? <p className="error" role="alert">{exportError}</p> : null}
    </div>
  )
}

function show(editor: Editor, frame: FrameSnapshot): void {
  const snapshot = { store: frame.store, schema: frame.schema ?? editor.store.schema.serialize() } as TLStoreSnapshot
  loadSnapshot(editor.store, snapshot)
  editor.updateInstanceState({ isReadonly: true })
  editor.zoomToFit({ animation: { duration: 0 } })
}
