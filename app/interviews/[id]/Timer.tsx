'use client'
// The shared timer: derived on every client from the stored clock transitions (lib/interviews/
// clock.ts) and the server-corrected local time, so everyone sees the same phase and time.
import { formatDuration, view, type ClockState } from '@/lib/interviews/clock'
import { useServerNow } from './use-interview'
import styles from './room.module.css'

const STATUS_TEXT = { 'not-started': 'Not started', running: 'Running', paused: 'Paused', ended: 'Ended' } as const

export function Timer({ clock, skewMs }: { clock: ClockState; skewMs: number }) {
  const now = useServerNow(skewMs)
  const v = view(clock, now)
  const phase = clock.phases[v.phaseIndex]
  const started = v.status !== 'not-started'
  return (
    <section className={styles.timer} data-testid="timer" data-status={v.status} data-phase-index={v.phaseIndex}>
      <div className={styles.timerHead}>
        <span className={styles.phaseName} data-testid="timer-phase">{started ? (phase?.name ?? '') : 'Waiting to start'}</span>
        <span className={styles.clockStatus} data-state={v.status} data-testid="timer-status">{STATUS_TEXT[v.status]}</span>
      </div>
      <div className={styles.timerNumbers}>
        <span className={styles.remaining} data-overtime={v.overtime ? 'true' : undefined} data-testid="timer-remaining" title="Time left in this phase">
          {formatDuration(started ? v.phaseRemainingMs : (phase?.minutes ?? 0) * 60_000)}
        </span>
        <span className="muted" data-testid="timer-elapsed" title="Interview time elapsed">
          {formatDuration(v.elapsedMs)} / {formatDuration(v.totalMs)}
        </span>
      </div>
      <ol className={styles.strip} aria-label="Phases">
        {clock.phases.map((p, i) => {
          const state = !started || i > v.phaseIndex ? 'todo' : i < v.phaseIndex ? 'done' : 'current'
          const fill = state === 'done' ? 1 : state === 'current' ? Math.min(1, Math.max(0, v.phaseElapsedMs / (p.minutes * 60_000))) : 0
          return (
            <li key={i} className={styles.stripPhase} style={{ flexGrow: p.minutes }} data-state={state} title={`${p.name} · ${p.minutes} min`}>
              <span className={styles.stripFill} style={{ width: `${fill * 100}%` }} />
              <span className={styles.stripLabel}>{p.name}</span>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
