'use client'
// tldraw touches window and canvas APIs at import time: the board renders in the browser only.
import dynamic from 'next/dynamic'
import type { BoardProps } from './Board'
import styles from './board.module.css'

const Board = dynamic(() => import('./Board'), {
  ssr: false,
  loading: () => (
    <div className={styles.root}>
      <div className={styles.overlay}>
        <p className={styles.loading}>
          Loading the board…{' '}
          <span className={styles.statusDot} data-testid="board-status" data-state="loading">
            loading
          </span>
        </p>
      </div>
    </div>
  ),
})

export default function BoardClient(props: BoardProps) {
  return <Board {...props} />
}
