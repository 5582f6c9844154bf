'use client'
// The "Simulator" toggle at the right edge of the board and, when open, the panel beside it. The
// panel (the engine, uPlot) loads only when first opened.
import dynamic from 'next/dynamic'
import { useState } from 'react'
import type { Editor } from 'tldraw'
import styles from './SimulatorPanel.module.css'

const SimulatorPanel = dynamic(() => import('./SimulatorPanel'), { ssr: false })

export function SimulatorDock({ editor }: { editor: Editor }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      {open && <SimulatorPanel editor={editor} onClose={() => setOpen(false)} />}
      <div className={styles.dock}>
        <button type="button" className={styles.dockButton} aria-pressed={open} data-testid="simulator-toggle" onClick={() => setOpen((o) => !o)}>
          Simulator
        </button>
      </div>
    </>
  )
}
