'use client'
// The board: tldraw full-screen under a slim bar (title, role, who's here, connection, saved).
// The store comes from useYjsStore; this file only renders it and the states around it.
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { Tldraw, toRichText, type Editor, type TLComponents } from 'tldraw'
import 'tldraw/tldraw.css'
import type { MemberRole } from '@/lib/auth/roles'
import { licenseWillBeRequired, watchForLicenseGate } from '@/lib/board/license-watch'
import { RUN_PARAM } from '@/lib/sim/run-link'
import { exposeTestHooks } from '@/lib/board/test-hooks'
import { useYjsStore } from '@/lib/board/use-yjs-store'
import { boardShapeUtils } from '@/lib/shapes/shape-utils'
import { BoardBar } from './BoardBar'
import { FollowBanner, useFollowLeads } from './FollowLead'
import { useHistoryView } from './history/use-history-view'
import { VersionPreview } from './history/VersionPreview'
import { Palette, paletteDropHandlers } from './Palette'
import { RightDock, type DockPanel } from './RightDock'
import { BoardSimOverlay } from './sim/BoardSimOverlay'
import styles from './board.module.css'

// Fonts, icons and translations come from public/tldraw-assets (copied at postinstall), never
// from tldraw's CDN.
const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined
// Stable across renders: tldraw remounts its UI when the components object changes.
const components: TLComponents = { InFrontOfTheCanvas: BoardSimOverlay }

export type BoardProps = {
  boardId: string
  title: string
  memberRole: MemberRole
  shareToken?: string
  /** Rendered beside the canvas (the interview room's panel). */
  aside?: ReactNode
  /** False hides the History panel (an interview's candidate may not see the board's past). */
  history?: boolean
}

function LicenseNotice() {
  return (
    <div className={styles.overlay} data-testid="board-license-notice">
      <div className={styles.card}>
        <h2>The whiteboard needs a tldraw licence key</h2>
        <p>
          This deployment serves DesignRoom over https on a public hostname without a tldraw licence, so the drawing canvas
          (tldraw) switches itself off. Your board&apos;s content is safe.
        </p>
        <p>
          To fix it, set <code>NEXT_PUBLIC_TLDRAW_LICENSE_KEY</code> to a key from tldraw.dev when building the app, then
          rebuild and restart. Local and plain-http deployments work without a key.
        </p>
      </div>
    </div>
  )
}

export default function Board({ boardId, title, memberRole, shareToken, aside, history: showHistory = true }: BoardProps) {
  const session = useYjsStore({ boardId, shareToken })
  const { status, store, role } = session
  const readOnly = role !== 'editor'
  const canvasRef = useRef<HTMLDivElement>(null)
  const [licenseGone, setLicenseGone] = useState(false)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [licenseWarning] = useState(() => licenseWillBeRequired(window.location, licenseKey))
  useFollowLeads(status.kind === 'ready' ? editor : null, session.peers)
  // A run link (`?run=`) opens the simulator on that run; the panel shows it as a local view.
  const searchParams = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()
  const runParam = searchParams.get(RUN_PARAM)
  const [dock, setDock] = useState<DockPanel | null>(() => (runParam !== null ? 'simulator' : null))
  // A link that arrives later (a client navigation to another run link) opens the panel too.
  const [seenRunParam, setSeenRunParam] = useState(runParam)
  if (runParam !== seenRunParam) {
    setSeenRunParam(runParam)
    if (runParam !== null) setDock('simulator')
  }
  /** Leave the link's run: drop `run` from the URL (replace, so Back does not reopen it). */
  const leaveRunLink = useCallback(() => {
    const query = new URLSearchParams(searchParams.toString())
    query.delete(RUN_PARAM)
    const rest = query.toString()
    router.replace(rest ? `${pathname}?${rest}` : pathname, { scroll: false })
  }, [searchParams, router, pathname])
  const history = useHistoryView()
  const historyTarget = { boardId, shareToken }
  // The preview belongs to the history panel: closing the panel goes back to the live board.
  const onDockChange = (panel: DockPanel | null) => {
    if (panel !== 'history') history.close()
    setDock(panel)
  }
  // Keep the canvas (read-only) under an error that arrives after the board loaded.
  const [wasReady, setWasReady] = useState(false)
  if (status.kind === 'ready' && !wasReady) setWasReady(true)
  const showCanvas = status.kind === 'ready' || (status.kind === 'error' && wasReady)

  useEffect(() => {
    const root = canvasRef.current
    if (!root || !showCanvas) return
    return watchForLicenseGate(root, () => setLicenseGone(true))
  }, [showCanvas])

  const unexpose = useRef<(() => void) | null>(null)
  useEffect(() => () => unexpose.current?.(), [])
  const onMount = useCallback(
    (editor: Editor) => {
      unexpose.current?.()
      unexpose.current = exposeTestHooks({ editor, toRichText })
      // The store's collaboration mode already keeps viewers read-only; this is belt and braces.
      if (readOnly) editor.updateInstanceState({ isReadonly: true })
      setEditor(editor)
      return () => setEditor((current) => (current === editor ? null : current))
    },
    [readOnly],
  )

  return (
    <div className={styles.root}>
      <BoardBar
        title={title}
        memberRole={memberRole}
        session={session}
        licenseWarning={licenseWarning && !licenseGone}
        editor={status.kind === 'ready' ? editor : null}
      />
      {/* A row: the palette (editors only) beside the canvas, then the simulator. */}
      <div className={styles.workspace}>
        {editor && !readOnly && status.kind === 'ready' && <Palette editor={editor} />}
        <div className={styles.canvas} ref={canvasRef} {...paletteDropHandlers(readOnly ? null : editor)}>
          {showCanvas && (
            <Tldraw store={store} shapeUtils={boardShapeUtils} assetUrls={assetUrls} licenseKey={licenseKey} components={components} onMount={onMount} />
          )}
          {status.kind === 'loading' && (
            <div className={styles.overlay}>
              <p className={styles.loading}>{status.detail}</p>
            </div>
          )}
          {status.kind === 'error' && (
            <div className={styles.overlay} data-testid="board-error">
              <div className={styles.card}>
                <h2>This board is unavailable</h2>
                <p>{status.message}</p>
                <p className="row">
                  <button type="button" className="button primary" onClick={() => window.location.reload()}>
                    Reload
                  </button>
                  <a className="button" href="/dashboard">
                    Your boards
                  </a>
                </p>
              </div>
            </div>
          )}
          {editor && status.kind === 'ready' && <FollowBanner editor={editor} peers={session.peers} />}
          {/* A version being previewed covers the live canvas, which keeps syncing underneath. */}
          {history.preview && editor && status.kind === 'ready' && (
            <VersionPreview
              key={history.preview.id}
              target={historyTarget}
              liveEditor={editor}
              version={history.preview}
              canRestore={!readOnly}
              onClose={history.close}
              onRestored={history.restored}
            />
          )}
          {licenseGone && <LicenseNotice />}
        </div>
        {/* The simulator and history panels and their toggles (everyone; viewers only look). */}
        {editor && status.kind === 'ready' && (
          <RightDock
            editor={editor}
            open={dock}
            onOpenChange={onDockChange}
            sim={{ boardId, shareToken, runParam, onLeaveRunLink: leaveRunLink }}
            history={showHistory ? { target: historyTarget, canEdit: !readOnly, selectedId: history.preview?.id ?? null, epoch: history.epoch, onSelect: history.select } : null}
          />
        )}
        {aside}
      </div>
    </div>
  )
}
