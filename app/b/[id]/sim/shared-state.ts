// Reading and writing the board's shared simulator record: the tldraw document record's
// meta.simulator (synced through the board's Yjs document like any other record). Writes skip the
// undo history, so undoing a drawing never rewinds the simulator.
import type { Editor, JsonObject } from 'tldraw'
import { fitSharedRun, parseSharedRun, type SharedRun } from '@/lib/sim/shared-run'

export const META_KEY = 'simulator'

export function readSharedRun(editor: Editor): SharedRun | null {
  const meta = editor.getDocumentSettings().meta as Record<string, unknown> | undefined
  return parseSharedRun(meta?.[META_KEY])
}

/** Write a record (trimmed to the size limit); false when it cannot be written. */
export function writeSharedRun(editor: Editor, next: SharedRun): boolean {
  if (editor.getIsReadonly()) return false
  const fitted = fitSharedRun(next)
  if (!fitted) return false
  const meta = editor.getDocumentSettings().meta
  editor.run(
    () => {
      editor.updateDocumentSettings({ meta: { ...meta, [META_KEY]: fitted as unknown as JsonObject } })
    },
    { history: 'ignore' },
  )
  return true
}
