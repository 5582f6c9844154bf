'use client'
// What the board simulator could not use, said plainly: each problem names its shape, and
// clicking it selects and shows that shape so it can be fixed.
import type { Editor, TLShapeId } from 'tldraw'
import type { BoardGraph } from '@/lib/sim/board'
import styles from './SimulatorPanel.module.css'

export function BoardProblems({ editor, graph }: { editor: Editor; graph: BoardGraph }) {
  const show = (id: string) => {
    const shapeId = id as TLShapeId
    if (!editor.getShape(shapeId)) return
    editor.select(shapeId)
    editor.zoomToSelection({ animation: { duration: 200 } })
  }
  return (
    <div data-testid="board-graph" data-components={graph.nodes.length} data-arrows={graph.edges.length} data-problems={graph.problems.length}>
      <p className={styles.hint}>
        {graph.nodes.length} components and {graph.edges.length} arrows from this board. Traffic starts at the clients; set a
        component&apos;s capacity in the palette&apos;s inspector.
      </p>
      {graph.problems.length > 0 && (
        <ul className={styles.problems} data-testid="board-problems">
          {graph.problems.map((p, i) => (
            <li key={`${p.code}-${p.shapeId ?? i}`} data-code={p.code}>
              {p.shapeId ? (
                <button type="button" onClick={() => show(p.shapeId!)} title="Show this shape">
                  {p.message}
                </button>
              ) : (
                p.message
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
