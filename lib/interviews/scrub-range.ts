// The replay scrubber's range (app/interviews/[id]/summary/Replay.tsx). Pure, so the grid rule
// below is tested without a browser.

/** The scrubber moves in whole seconds. */
export const SCRUB_STEP_MS = 1000

export type ScrubRange = { min: number; max: number }

/**
 * From the interview's start (or its first frame, if earlier) to its end (or its last frame, if
 * later). A range input only takes min + k·step, so with a min off that grid its end snaps to up
 * to a second short of max, and dragging to the end would show the frame before the last one.
 * The grid therefore starts from the end: min moves back by less than a step instead.
 */
export function scrubRange(frameTimes: readonly number[], startedAt: number | null, endedAt: number | null): ScrubRange {
  const first = frameTimes[0] ?? startedAt ?? 0
  const last = frameTimes[frameTimes.length - 1] ?? first
  const start = Math.min(startedAt ?? first, first)
  const max = Math.max(endedAt ?? last, last, start + 1)
  const min = max - Math.ceil((max - start) / SCRUB_STEP_MS) * SCRUB_STEP_MS
  return { min, max }
}
