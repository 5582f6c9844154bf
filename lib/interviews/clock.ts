// The interview clock: phases with lengths, started and paused by the interviewer, the same for
// everyone. The server stores only the transitions (when it started, how long it has been paused,
// when it ended); every client derives the time shown from them and its own clock, so a reload
// or a reconnect shows the same time as everyone else without any ticking on the server. Pure.

export type Phase = { name: string; minutes: number }

export type ClockState = {
  phases: Phase[]
  /** ms since epoch when the interviewer first started the clock; null before that. */
  startedAt: number | null
  /** Every pause, in order; the last one is open (`to` null) while the clock is paused. */
  pauses: Array<{ from: number; to: number | null }>
  /** ms since epoch when the interview ended; the clock stops there for good. */
  endedAt: number | null
}

export type ClockStatus = 'not-started' | 'running' | 'paused' | 'ended'

export type ClockView = {
  status: ClockStatus
  /** Interview time elapsed, in ms (pauses excluded). */
  elapsedMs: number
  totalMs: number
  /** Index into phases of the phase the elapsed time falls in; the last phase once over time. */
  phaseIndex: number
  phaseElapsedMs: number
  /** Negative once the phase (the last one: the interview) runs over. */
  phaseRemainingMs: number
  overtime: boolean
}

export const DEFAULT_PHASES: Phase[] = [
  { name: 'Requirements', minutes: 5 },
  { name: 'High-level design', minutes: 15 },
  { name: 'Deep dive', minutes: 20 },
  { name: 'Wrap-up', minutes: 5 },
]

const MINUTE = 60_000

export function newClock(phases: Phase[]): ClockState {
  return { phases, startedAt: null, pauses: [], endedAt: null }
}

export function status(state: ClockState): ClockStatus {
  if (state.endedAt !== null) return 'ended'
  if (state.startedAt === null) return 'not-started'
  return openPause(state) ? 'paused' : 'running'
}

function openPause(state: ClockState): { from: number; to: null } | undefined {
  const last = state.pauses[state.pauses.length - 1]
  return last && last.to === null ? { from: last.from, to: null } : undefined
}

/** ms paused between the start and wall-clock time `at`. */
function pausedBefore(state: ClockState, at: number): number {
  let total = 0
  for (const pause of state.pauses) {
    if (pause.from >= at) break
    total += Math.min(pause.to ?? at, at) - pause.from
  }
  return total
}

export function elapsedMs(state: ClockState, now: number): number {
  if (state.startedAt === null) return 0
  const stop = state.endedAt ?? now
  return Math.max(0, stop - state.startedAt - pausedBefore(state, stop))
}

/** Where `elapsed` falls in the phases. */
export function phaseAt(phases: Phase[], elapsed: number): Pick<ClockView, 'phaseIndex' | 'phaseElapsedMs' | 'phaseRemainingMs' | 'overtime'> {
  let start = 0
  for (const [i, phase] of phases.entries()) {
    const end = start + phase.minutes * MINUTE
    if (elapsed < end || i === phases.length - 1) {
      return { phaseIndex: i, phaseElapsedMs: elapsed - start, phaseRemainingMs: end - elapsed, overtime: elapsed >= end }
    }
    start = end
  }
  return { phaseIndex: 0, phaseElapsedMs: elapsed, phaseRemainingMs: -elapsed, overtime: true }
}

export function totalMs(phases: Phase[]): number {
  return phases.reduce((sum, p) => sum + p.minutes * MINUTE, 0)
}

export function view(state: ClockState, now: number): ClockView {
  const elapsed = elapsedMs(state, now)
  return { status: status(state), elapsedMs: elapsed, totalMs: totalMs(state.phases), ...phaseAt(state.phases, elapsed) }
}

/** Phase boundaries as offsets into interview time (ms), for the replay's timeline marks. */
export function phaseStarts(phases: Phase[]): Array<{ name: string; atMs: number }> {
  let at = 0
  return phases.map((p) => {
    const mark = { name: p.name, atMs: at }
    at += p.minutes * MINUTE
    return mark
  })
}

/** Wall-clock time at which interview time `offsetMs` was reached (pauses accounted for). */
export function wallClockAt(state: ClockState, offsetMs: number): number | null {
  if (state.startedAt === null) return null
  let at = state.startedAt + offsetMs
  for (const pause of state.pauses) {
    if (pause.from > at) break
    at += (pause.to ?? Infinity) - pause.from
  }
  return Number.isFinite(at) ? at : null
}

export type ClockAction = 'start' | 'pause' | 'resume' | 'end'

export class ClockError extends Error {}

/** Applies the interviewer's action; throws ClockError with a message for an impossible one. */
export function apply(state: ClockState, action: ClockAction, now: number): ClockState {
  const current = status(state)
  switch (action) {
    case 'start':
      if (current !== 'not-started') throw new ClockError('the clock has already started')
      return { ...state, startedAt: now }
    case 'pause':
      if (current !== 'running') throw new ClockError('the clock is not running')
      return { ...state, pauses: [...state.pauses, { from: now, to: null }] }
    case 'resume':
      if (current !== 'paused') throw new ClockError('the clock is not paused')
      return { ...state, pauses: state.pauses.map((p) => (p.to === null ? { from: p.from, to: now } : p)) }
    case 'end':
      if (current === 'ended') throw new ClockError('the interview has already ended')
      // An open pause closes when the interview ends: the clock stops at the pause either way.
      return { ...state, endedAt: now, pauses: state.pauses.map((p) => (p.to === null ? { from: p.from, to: now } : p)) }
  }
}

/** "12:05" or "-1:30" for a duration in ms (rounded down to whole seconds towards zero). */
export function formatDuration(ms: number): string {
  const negative = ms < 0
  const seconds = Math.floor(Math.abs(ms) / 1000)
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
  return negative ? `-${text}` : text
}
