// Which simulator the board's template names. Boards do not store their template, but the shapes
// a template seeds have ids `shape:<slug>-<local>` (lib/templates/compile.ts), so the longest
// template slug that prefixes a shape id identifies it. The template list is loaded on demand.
import type { Editor } from 'tldraw'
import { getSimulator } from '@/lib/sim/registry'

export const FALLBACK_SIMULATOR = 'load-balancing'

export async function templateSimulator(editor: Editor): Promise<string> {
  const { TEMPLATES } = await import('@/templates')
  const ids = [...editor.getCurrentPageShapeIds()].map(String)
  let best: { slug: string; simulator: string } | null = null
  for (const t of TEMPLATES) {
    const prefix = `shape:${t.slug}-`
    if ((!best || t.slug.length > best.slug.length) && ids.some((id) => id.startsWith(prefix))) best = { slug: t.slug, simulator: t.simulator }
  }
  return best && getSimulator(best.simulator) ? best.simulator : FALLBACK_SIMULATOR
}
