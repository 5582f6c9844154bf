// The replay's time line: where each phase began in wall-clock time (pauses accounted for) and
// the board's checkpoints between the start and the end, ready for a scrubber. Pure: the frames
// come from the caller (lib/history/checkpoints.server.ts in the route).
import { phaseStarts, wallClockAt, type ClockState } from './clock'
import type { ReplayView } from './contract'

export type Frame = { at: number; update: Uint8Array }

/** The window to replay: the clock's start (or the interview's creation) to its end (or now). */
export function replayWindow(clock: ClockState, createdAt: number, now: number): { fromMs: number; toMs: number } {
  return { fromMs: clock.startedAt ?? createdAt, toMs: clock.endedAt ?? now }
}

export function replayView(clock: ClockState, frames: Frame[]): ReplayView {
  return {
    startedAt: clock.startedAt,
    endedAt: clock.endedAt,
    phases: phaseStarts(clock.phases).map((p) => ({ name: p.name, at: wallClockAt(clock, p.atMs) })),
    frames: [...frames].sort((a, b) => a.at - b.at).map((f) => ({ at: f.at, update: Buffer.from(f.update).toString('base64') })),
  }
}
