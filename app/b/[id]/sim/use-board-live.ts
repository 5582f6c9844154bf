'use client'
// Publishes the board simulation's per-component health for the canvas overlay (board-live.ts)
// while the board's own diagram runs, and clears it otherwise or when the panel closes.
import { useEffect, useRef } from 'react'
import { describeHealth } from '@/lib/sim/board'
import type { NodeView, RunState } from '@/lib/sim/engine'
import { EMPTY_LIVE, boardLive } from './board-live'

/** `view` is the board run's state (null when another simulator runs); `toggle` is null for viewers. */
export function usePublishBoardLive(view: RunState | null, toggle: ((node: NodeView) => void) | null): void {
  // The latest toggle, without republishing on every render (actions are rebuilt each render).
  const toggleRef = useRef(toggle)
  toggleRef.current = toggle
  const canToggle = toggle !== null
  useEffect(() => {
    if (!view) {
      boardLive.set(EMPTY_LIVE)
      return
    }
    const nodes = new Map(view.nodes.map((n) => [n.id, n]))
    boardLive.set({
      components: view.nodes.map((n) => ({ id: n.id, health: describeHealth(n), load: n.gauge ?? 0, queue: n.queue, up: n.up })),
      toggle: canToggle
        ? (id) => {
            const node = nodes.get(id)
            if (node) toggleRef.current?.(node)
          }
        : null,
    })
  }, [view, canToggle])
  useEffect(
    () => () => {
      boardLive.set(EMPTY_LIVE)
    },
    [],
  )
}
