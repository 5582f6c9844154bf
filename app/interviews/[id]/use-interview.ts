'use client'
// The room's copy of the interview: GET /api/interviews/{id} every 2 s and whenever the window
// regains focus, so the interviewer's starts, pauses and reveals reach everyone within ~2 s and
// survive reloads. The answer is role-filtered by the server; this hook never sees more than its
// caller may. `skewMs` corrects the local clock by the server's (serverNow at receipt).
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CandidateView, InterviewerView } from '@/lib/interviews/contract'
import { call } from '../api'

export type InterviewView = CandidateView | InterviewerView

export type InterviewState =
  | { kind: 'loading' }
  | { kind: 'missing'; status: number; error: string }
  | { kind: 'ready'; view: InterviewView; skewMs: number; stale: boolean }

const POLL_MS = 2000

export function useInterview(id: string): { state: InterviewState; refresh: () => Promise<void> } {
  const [state, setState] = useState<InterviewState>({ kind: 'loading' })
  const inFlight = useRef<AbortController | null>(null)

  const refresh = useCallback(async () => {
    inFlight.current?.abort()
    const controller = new AbortController()
    inFlight.current = controller
    try {
      const answer = await call<InterviewView>(`/api/interviews/${encodeURIComponent(id)}`, { signal: controller.signal })
      if (controller.signal.aborted) return
      if (answer.ok) {
        setState({ kind: 'ready', view: answer.data, skewMs: answer.data.serverNow - Date.now(), stale: false })
      } else if (answer.status === 0 || answer.status >= 500) {
        // A blip: keep showing what we had, marked stale, and try again on the next tick.
        setState((s) => (s.kind === 'ready' ? { ...s, stale: true } : { kind: 'missing', status: answer.status, error: answer.error }))
      } else {
        setState({ kind: 'missing', status: answer.status, error: answer.error })
      }
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) throw error
    } finally {
      if (inFlight.current === controller) inFlight.current = null
    }
  }, [id])

  useEffect(() => {
    void refresh()
    const timer = window.setInterval(() => void refresh(), POLL_MS)
    const onFocus = () => void refresh()
    window.addEventListener('focus', onFocus)
    return () => {
      window.clearInterval(timer)
      window.removeEventListener('focus', onFocus)
      inFlight.current?.abort()
    }
  }, [refresh])

  return { state, refresh }
}

/** Date.now() on the server's clock, ticking every `everyMs`. */
export function useServerNow(skewMs: number, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now() + skewMs)
  useEffect(() => {
    setNow(Date.now() + skewMs)
    const timer = window.setInterval(() => setNow(Date.now() + skewMs), everyMs)
    return () => window.clearInterval(timer)
  }, [skewMs, everyMs])
  return now
}
