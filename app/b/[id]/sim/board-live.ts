// What the canvas shows while the board simulates itself: each component's health and load, and
// how to fail or heal one. The panel (which owns the run) writes it; the canvas overlay reads it.
// A tldraw atom, so the overlay redraws only when it changes, outside React's tree.
import { atom } from 'tldraw'
import type { Health } from '@/lib/sim/board'

export type LiveComponent = { id: string; health: Health; load: number; queue: number; up: boolean }

export type BoardLive = {
  components: readonly LiveComponent[]
  /** Fail or heal a component; null for viewers, who watch. */
  toggle: ((id: string) => void) | null
}

export const EMPTY_LIVE: BoardLive = { components: [], toggle: null }

export const boardLive = atom<BoardLive>('board simulation live state', EMPTY_LIVE)
