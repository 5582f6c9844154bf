'use client'
// While the board simulates itself, each component on the canvas gets an outline coloured by its
// health (ok, busy, overloaded, failed) and a chip with its load that fails or heals it when
// clicked. Drawn in front of the canvas in screen space, so nothing is written to the document.
import { stopEventPropagation, useEditor, useValue, type TLShapeId } from 'tldraw'
import { OKABE_ITO } from './SystemView'
import { boardLive } from './board-live'
import styles from './SimulatorPanel.module.css'

const HEALTH_COLOR = { ok: OKABE_ITO.green, busy: OKABE_ITO.orange, overloaded: OKABE_ITO.vermillion, failed: '#6b7280' } as const

export function BoardSimOverlay() {
  const editor = useEditor()
  const live = useValue('board simulation', () => boardLive.get(), [])
  const boxes = useValue(
    'board simulation boxes',
    () =>
      live.components.flatMap((c) => {
        const bounds = editor.getShapePageBounds(c.id as TLShapeId)
        if (!bounds) return []
        const a = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
        const b = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY })
        return [{ c, x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y }]
      }),
    [editor, live],
  )
  if (boxes.length === 0) return null
  return (
    <div className={styles.liveLayer} data-testid="board-sim-overlay">
      {boxes.map(({ c, x, y, w, h }) => (
        <div
          key={c.id}
          className={styles.liveBox}
          style={{ left: x - 4, top: y - 4, width: w + 8, height: h + 8, borderColor: HEALTH_COLOR[c.health], borderStyle: c.up ? 'solid' : 'dashed' }}
          data-testid={`board-sim-${c.id}`}
          data-health={c.health}
        >
          <button
            type="button"
            className={styles.liveChip}
            style={{ background: HEALTH_COLOR[c.health] }}
            disabled={!live.toggle}
            title={live.toggle ? (c.up ? 'Fail this component' : 'Heal this component') : c.health}
            onPointerDown={stopEventPropagation}
            onClick={() => live.toggle?.(c.id)}
            data-testid={`board-sim-toggle-${c.id}`}
          >
            {c.up ? `${Math.round(c.load * 100)}%${c.queue > 0 ? ` · ${c.queue} waiting` : ''}` : 'failed · heal'}
          </button>
        </div>
      ))}
    </div>
  )
}
