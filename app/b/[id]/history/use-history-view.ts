'use client'
// The board page's history state: which version is previewed over the canvas, and an epoch that
// makes the open timeline refetch after a restore.
import { useCallback, useState } from 'react'
import type { VersionSummary } from '@/lib/history/contract'

export type HistoryView = {
  preview: VersionSummary | null
  epoch: number
  select(version: VersionSummary): void
  close(): void
  /** A restore went through: back to the live board, which the server is already changing. */
  restored(): void
}

export function useHistoryView(): HistoryView {
  const [preview, setPreview] = useState<VersionSummary | null>(null)
  const [epoch, setEpoch] = useState(0)
  const close = useCallback(() => setPreview(null), [])
  const restored = useCallback(() => {
    setPreview(null)
    setEpoch((e) => e + 1)
  }, [])
  return { preview, epoch, select: setPreview, close, restored }
}
