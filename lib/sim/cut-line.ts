// A network partition drawn as a line: the replicas on either side of a stroke across the ring
// can no longer talk. Pure geometry for the panel's drag gesture, in the view's coordinates.

export type Point = { x: number; y: number }

/** Strokes shorter than this (view pixels) are clicks, not cuts. */
export const MIN_CUT_LENGTH = 20

/**
 * The smaller group of nodes on one side of the infinite line through a and b (ties go to the
 * side holding the first node in `nodes` order, so a 2-2 split is stable), or null when the line
 * is too short or leaves everyone on one side.
 */
export function cutByLine(nodes: readonly (Point & { id: string })[], a: Point, b: Point): string[] | null {
  const dx = b.x - a.x
  const dy = b.y - a.y
  if (Math.hypot(dx, dy) < MIN_CUT_LENGTH) return null
  const left: string[] = []
  const right: string[] = []
  for (const n of nodes) (dx * (n.y - a.y) - dy * (n.x - a.x) < 0 ? left : right).push(n.id)
  if (left.length === 0 || right.length === 0) return null
  if (left.length !== right.length) return left.length < right.length ? left : right
  return left.includes(nodes[0]!.id) ? left : right
}
