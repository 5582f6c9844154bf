// Hostile JSON's nesting depth, measured on the text so deep input never reaches JSON.parse's
// recursion. Used on awareness states (server/awareness-guard.ts) and imported files
// (lib/board/tldr-file.ts).

/** Nesting depth of JSON text without parsing it, so hostile depth never reaches JSON.parse. */
export function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth)
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}
