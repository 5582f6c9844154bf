'use client'
// Which run the panel shows, and where its changes go: a run link's local view (lib/sim/run-link.ts:
// this browser only, until applied), else the board's shared record (the tldraw document's meta,
// shared-state.ts), else, before anyone wrote one, the default run of the board's template
// simulator (written only when someone changes it).
import { useEffect, useMemo, useState } from 'react'
import { useValue, type Editor } from 'tldraw'
import { getSimulator } from '@/lib/sim/registry'
import { decodeRunLink, sharedRunFromLink } from '@/lib/sim/run-link'
import { defaultSharedRun, type SharedRun } from '@/lib/sim/shared-run'
import { readSharedRun, writeSharedRun } from './shared-state'
import { FALLBACK_SIMULATOR, templateSimulator } from './template-simulator'

export type PanelRecord = {
  record: SharedRun
  /** The run comes from a link and is played locally. */
  local: boolean
  /** The page's run link did not decode. */
  linkBroken: boolean
  /** Write a change: to the local view when showing a link, else to the board's record. */
  commit(next: SharedRun): void
}

export function usePanelRecord(editor: Editor, runParam: string | null): PanelRecord {
  const shared = useValue('simulator record', () => readSharedRun(editor), [editor])
  const linked = useMemo(() => (runParam === null ? null : decodeRunLink(runParam)), [runParam])
  const linkBroken = runParam !== null && linked === null
  // The link's run as this browser plays it: it starts paused at the link's time and the controls
  // move it locally (never the board's record), so opening a link disturbs nobody and works for
  // viewers. Keyed by the parameter, so another link starts over from that link's time.
  const [localEdit, setLocalEdit] = useState<{ param: string; run: SharedRun } | null>(null)
  const local = useMemo(() => {
    if (runParam === null || linked === null) return null
    return localEdit?.param === runParam ? localEdit.run : sharedRunFromLink(linked)
  }, [runParam, linked, localEdit])
  const [fallbackId, setFallbackId] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    templateSimulator(editor)
      .then((id) => live && setFallbackId(id))
      .catch(() => live && setFallbackId(FALLBACK_SIMULATOR))
    return () => {
      live = false
    }
  }, [editor])

  const fallback = useMemo(() => defaultSharedRun(getSimulator(fallbackId ?? FALLBACK_SIMULATOR)!), [fallbackId])
  const record = local ?? shared ?? fallback

  const commit = (next: SharedRun) => {
    if (local && runParam !== null) setLocalEdit({ param: runParam, run: next })
    else writeSharedRun(editor, next)
  }
  return { record, local: local !== null, linkBroken, commit }
}
