'use client'
// The board's own diagram as the board simulator reads it (lib/sim/board/graph.ts), kept current
// as people draw. The graph keeps its identity until its structure changes (moving a shape does
// not change it), because a new graph restarts the board's run.
import { useMemo } from 'react'
import { useValue, type Editor } from 'tldraw'
import { boardGraph, type BoardGraph, type BoardRecord } from '@/lib/sim/board'

export function useBoardGraph(editor: Editor, enabled: boolean): BoardGraph | null {
  const key = useValue(
    'board graph',
    () => {
      if (!enabled) return ''
      const records: BoardRecord[] = [...editor.getCurrentPageShapes(), ...editor.store.query.records('binding').get()]
      return JSON.stringify(boardGraph(records, editor.getCurrentPageId()))
    },
    [editor, enabled],
  )
  return useMemo(() => (key ? (JSON.parse(key) as BoardGraph) : null), [key])
}
