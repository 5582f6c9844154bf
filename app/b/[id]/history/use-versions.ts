'use client'
// The timeline's data: fetched when the panel opens and every 10 s while it stays open (the
// server writes an automatic checkpoint at most every 10 s while people edit).
import { useCallback, useEffect, useRef, useState } from 'react'
import type { VersionSummary } from '@/lib/history/contract'
import { listVersions, type HistoryTarget } from './api'

export const REFRESH_MS = 10_000

export type VersionsState = {
  versions: VersionSummary[] | null
  retention: string | null
  error: string | null
  /** When the list was fetched: the clock for "5 min ago" (render stays pure). */
  now: number
  /** Fetch now (after naming or restoring), without waiting for the next tick. */
  refresh(): void
}

/** `epoch`: bump it to refetch after a change made elsewhere (a restore from the preview). */
export function useVersions({ boardId, shareToken }: HistoryTarget, epoch: number): VersionsState {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null)
  const [retention, setRetention] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(0)
  const [tick, setTick] = useState(0)
  // Only the newest request may write state: a slow answer must not overwrite a newer one.
  const latest = useRef(0)

  useEffect(() => {
    const controller = new AbortController()
    const request = ++latest.current
    listVersions({ boardId, shareToken }, controller.signal).then(
      (list) => {
        if (request !== latest.current) return
        setVersions(list.versions)
        setRetention(list.retention)
        setNow(Date.now())
        setError(null)
      },
      (cause: unknown) => {
        if (controller.signal.aborted || request !== latest.current) return
        setError(cause instanceof Error ? cause.message : 'could not load the history')
      },
    )
    const timer = window.setTimeout(() => setTick((t) => t + 1), REFRESH_MS)
    return () => {
      controller.abort()
      window.clearTimeout(timer)
    }
  }, [boardId, shareToken, tick, epoch])

  const refresh = useCallback(() => setTick((t) => t + 1), [])
  return { versions, retention, error, now, refresh }
}
