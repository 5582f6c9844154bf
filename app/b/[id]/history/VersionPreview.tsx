'use client'
// The selected version, read-only, over the live canvas. A second tldraw on its own store (see
// preview-store.ts): the live editor, its document and everyone else's views stay untouched,
// and it renders the board's own shapes (boardShapeUtils), which an SVG export would too, but
// this one can be panned and zoomed.
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { useCallback, useEffect, useState } from 'react'
import { Tldraw, type Editor, type TLStore } from 'tldraw'
import type { RestoreResult, VersionSummary } from '@/lib/history/contract'
import { boardShapeUtils } from '@/lib/shapes/shape-utils'
import { versionRecords, type HistoryTarget } from './api'
import { versionLabel } from './format'
import styles from './History.module.css'
import { previewStore } from './preview-store'
import { RestoreControls } from './RestoreControls'

const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined

type Loaded = { versionId: number; store: TLStore } | { versionId: number; error: string }

function useVersionStore(target: HistoryTarget, versionId: number): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const { boardId, shareToken } = target
  useEffect(() => {
    const controller = new AbortController()
    versionRecords({ boardId, shareToken }, versionId, controller.signal).then(
      ({ records }) => setLoaded({ versionId, store: previewStore(records).store }),
      (cause: unknown) => {
        if (!controller.signal.aborted) setLoaded({ versionId, error: cause instanceof Error ? cause.message : 'could not load this version' })
      },
    )
    return () => controller.abort()
  }, [boardId, shareToken, versionId])
  // A previous version's store stays out of view while the next one loads.
  return loaded?.versionId === versionId ? loaded : null
}

function PreviewCanvas({ store, onShapeCount }: { store: TLStore; onShapeCount(count: number): void }) {
  const onMount = useCallback(
    (editor: Editor) => {
      editor.updateInstanceState({ isReadonly: true })
      // Fit the version in view, but never above 100 %: a lone shape blown up reads as a bug.
      const bounds = editor.getCurrentPageBounds()
      if (bounds) editor.zoomToBounds(bounds, { targetZoom: 1, inset: 64, animation: { duration: 0 } })
      onShapeCount(editor.getCurrentPageShapes().length)
    },
    [onShapeCount],
  )
  return <Tldraw store={store} shapeUtils={boardShapeUtils} assetUrls={assetUrls} licenseKey={licenseKey} hideUi onMount={onMount} />
}

export type VersionPreviewProps = {
  target: HistoryTarget
  /** The live board's editor, only to take keyboard focus away from it while previewing. */
  liveEditor: Editor
  version: VersionSummary
  canRestore: boolean
  onClose(): void
  onRestored(result: RestoreResult): void
}

/** Render with key={version.id}: a new version starts from a clean slate (count, confirm step). */
export function VersionPreview({ target, liveEditor, version, canRestore, onClose, onRestored }: VersionPreviewProps) {
  const loaded = useVersionStore(target, version.id)
  // Shortcuts typed over the preview (Delete, undo) must not reach the live board underneath.
  useEffect(() => {
    liveEditor.blur()
  }, [liveEditor])
  const [shapeCount, setShapeCount] = useState<number | null>(null)
  const store = loaded && 'store' in loaded ? loaded.store : null
  return (
    <div className={styles.preview} data-testid="version-preview" data-version-id={version.id} data-shape-count={store ? (shapeCount ?? undefined) : undefined}>
      <div className={styles.banner} role="status">
        <span>
          Previewing <strong>{versionLabel(version)}</strong> · read-only, only you see this
        </span>
        <span className={styles.bannerSpacer} />
        {canRestore ? (
          <RestoreControls target={target} version={version} onRestored={onRestored} />
        ) : (
          <span className={styles.time} data-testid="version-restore-hint">
            Only editors can restore
          </span>
        )}
        <button type="button" className="button" onClick={onClose} data-testid="preview-close">
          Back to the live board
        </button>
      </div>
      <div className={styles.stage}>
        {store && <PreviewCanvas key={version.id} store={store} onShapeCount={setShapeCount} />}
        {!loaded && <p className={styles.message}>Loading this version…</p>}
        {loaded && 'error' in loaded && (
          <p className={styles.message} role="alert">
            {loaded.error}
          </p>
        )}
      </div>
    </div>
  )
}
