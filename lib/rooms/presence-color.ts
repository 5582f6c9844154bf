// A presence colour per person, derived from the token subject so it is the same on every
// node, every tab and every reconnect, and nobody picks their own. Pure and isomorphic.

/** Readable on white and dark canvases, distinct from each other, all with white text contrast. */
export const PRESENCE_PALETTE = [
  '#e03131', '#c2255c', '#9c36b5', '#6741d9', '#3b5bdb', '#1971c2',
  '#0c8599', '#099268', '#2f9e44', '#66a80f', '#e8590c', '#d9480f',
] as const

/** FNV-1a, 32 bit: tiny, stable across runtimes, good enough to spread subjects. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

export function presenceColor(subject: string): string {
  return PRESENCE_PALETTE[fnv1a(subject) % PRESENCE_PALETTE.length] ?? PRESENCE_PALETTE[0]
}
