// Thinning a time line of frames to a budget, for replays and history lists: evenly by position,
// always keeping the first frame (the state the window starts from) and the last (the state it
// ends in). Pure.

/**
 * At most `max` of `items`, evenly spaced by index, in order, first and last included (with
 * `max` 1, only the last). Evenly by index, not by time: checkpoints exist only while people
 * edit, so busy stretches keep proportionally more frames than a clock-even pick would give them.
 */
export function thinEvenly<T>(items: readonly T[], max: number): T[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`)
  const n = items.length
  if (n <= max) return items.slice()
  if (max === 1) return items.slice(-1)
  // The step is > 1 when n > max, so the rounded indices are strictly increasing: no duplicates.
  const step = (n - 1) / (max - 1)
  const kept: T[] = []
  for (let i = 0; i < max; i++) kept.push(items[Math.round(i * step)] as T)
  return kept
}
