'use client'
// "Simulator at this moment": the shared simulator record the replayed frame's board held (its
// document record's meta.simulator), described for the interviewer, with a link that opens the
// same run (simulator, parameters, seed, failures) at the same simulated time on the board.
import { changedParams, describeSimulator, failureText, formatSimTime, type SimFrame } from '@/lib/interviews/sim-timeline'
import { runLinkOf, runLinkPath } from '@/lib/sim/run-link'
import { orderedFailures, simTimeAt } from '@/lib/sim/shared-run'
import styles from './summary.module.css'

export function SimAtMoment({ frame, boardId }: { frame: SimFrame | null; boardId: string }) {
  const run = frame?.run ?? null
  if (!frame || !run) {
    return (
      <aside className={styles.simBox} data-testid="replay-sim" data-state="none" aria-label="Simulator at this moment">
        <h3>Simulator at this moment</h3>
        <p className="muted">No simulator run yet</p>
      </aside>
    )
  }
  const info = describeSimulator(run.id)
  const unit = info?.timeUnit ?? ''
  // Where the run's clock stood when this frame was recorded: a playing run has moved on since
  // its last write, and the re-run should open where the interview was, not where play began.
  const t = simTimeAt(run, frame.at)
  const changes = changedParams(run)
  const failures = orderedFailures(run.failures)
  // The interview's own board: the interviewer owns it, so the link needs no share token.
  const href = runLinkPath(boardId, runLinkOf(run, t), undefined)
  return (
    <aside className={styles.simBox} data-testid="replay-sim" data-state={run.playing ? 'playing' : 'paused'} data-simulator={run.id} aria-label="Simulator at this moment">
      <h3>Simulator at this moment</h3>
      <dl>
        <dt>Simulator</dt>
        <dd data-testid="replay-sim-title">{info?.title ?? run.id}</dd>
        <dt>State</dt>
        <dd data-testid="replay-sim-playing">{run.playing ? `Playing (${run.speed}x)` : 'Paused'}</dd>
        <dt>Time</dt>
        <dd data-testid="replay-sim-time">t = {formatSimTime(t)} {unit}</dd>
        <dt>Seed</dt>
        <dd data-testid="replay-sim-seed">{run.seed}</dd>
      </dl>
      <div>
        <strong>Parameters</strong>
        {changes.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>All defaults</p>
        ) : (
          <ul data-testid="replay-sim-params">
            {changes.map((c) => (
              <li key={c.name} data-param={c.name}>
                {c.label} = {String(c.value)} <span className="muted">(default {String(c.default)})</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <strong>Failures injected</strong>
        {failures.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>None</p>
        ) : (
          <ul data-testid="replay-sim-failures">
            {failures.map((f, i) => (
              <li key={i}>
                {failureText(f)} at t = {formatSimTime(f.at)} {unit}
              </li>
            ))}
          </ul>
        )}
      </div>
      <a className="button" href={href} target="_blank" rel="noopener" data-testid="replay-sim-rerun">
        Re-run on the board
      </a>
    </aside>
  )
}
