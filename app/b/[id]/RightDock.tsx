'use client'
// The right edge of the board: one strip of toggles (Simulator, History) and, beside it, the one
// panel that is open. One at a time, because two 330 px panels would squeeze the canvas.
import dynamic from 'next/dynamic'
import type { Editor } from 'tldraw'
import { HistoryPanel, type HistoryPanelProps } from './history/HistoryPanel'
import type { SimulatorLinkProps } from './sim/SimulatorPanel'
import styles from './sim/SimulatorPanel.module.css'

// The simulator (its engine, uPlot) loads only when first opened.
const SimulatorPanel = dynamic(() => import('./sim/SimulatorPanel'), { ssr: false })

export type DockPanel = 'simulator' | 'history'

const TOGGLES: { panel: DockPanel; label: string }[] = [
  { panel: 'simulator', label: 'Simulator' },
  { panel: 'history', label: 'History' },
]

export type RightDockProps = {
  editor: Editor
  open: DockPanel | null
  onOpenChange(panel: DockPanel | null): void
  /** Null hides the History toggle (an interview's candidate). */
  history: Omit<HistoryPanelProps, 'onClose'> | null
  /** What the simulator needs for run links: where the board lives and the `?run=` it was opened with. */
  sim: SimulatorLinkProps
}

export function RightDock({ editor, open, onOpenChange, history, sim }: RightDockProps) {
  const close = () => onOpenChange(null)
  return (
    <>
      {open === 'simulator' && <SimulatorPanel editor={editor} onClose={close} {...sim} />}
      {open === 'history' && history && <HistoryPanel {...history} onClose={close} />}
      <div className={styles.dock} style={{ gap: 8 }}>
        {TOGGLES.filter(({ panel }) => panel !== 'history' || history).map(({ panel, label }) => (
          <button
            key={panel}
            type="button"
            className={styles.dockButton}
            aria-pressed={open === panel}
            data-testid={`${panel}-toggle`}
            onClick={() => onOpenChange(open === panel ? null : panel)}
          >
            {label}
          </button>
        ))}
      </div>
    </>
  )
}
