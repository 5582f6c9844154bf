'use client'
// Export in the board bar, for every role (viewers too: an export copies only what they can see).
// PNG and SVG come from tldraw's own exporter (exportAs: the selection if there is one, else the
// whole page); fonts are embedded from the self-hosted /tldraw-assets the canvas was given
// (Board.tsx assetUrls), so it works offline. The `.tldr` file comes from the server route, which
// reads what was saved (docs/api.md, "Import and export").
import { useParams, useSearchParams } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'
import { exportAs, useValue, type Editor } from 'tldraw'
import styles from './ExportMenu.module.css'

type ImageFormat = 'png' | 'svg'

export function ExportMenu({ editor, title }: { editor: Editor | null; title: string }) {
  const params = useParams<{ id: string }>()
  const search = useSearchParams()
  const menu = useRef<HTMLDetailsElement>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const selected = useValue('selected shapes', () => editor?.getSelectedShapeIds().length ?? 0, [editor])

  // A menu closes when you click elsewhere or press Escape; <details> alone does neither.
  useEffect(() => {
    const close = (event: Event) => {
      const el = menu.current
      if (!el?.open) return
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !el.contains(event.target as Node)) el.open = false
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [])

  // A share-link visitor has no membership: the route accepts the same ?share= the page did.
  const share = search.get('share')
  const tldrHref = `/api/boards/${encodeURIComponent(params.id)}/export.tldr${share ? `?share=${encodeURIComponent(share)}` : ''}`

  async function exportImage(format: ImageFormat) {
    if (!editor) return
    setError(null)
    const selection = editor.getSelectedShapeIds()
    const ids = selection.length > 0 ? selection : [...editor.getCurrentPageShapeIds()]
    if (ids.length === 0) return setError('the page is empty: nothing to export')
    setBusy(true)
    try {
      await exportAs(editor, ids, { format, name: selection.length > 0 ? `${title} (selection)` : title })
      if (menu.current) menu.current.open = false
    } catch (cause) {
      console.error('[export] failed', cause)
      setError(`the ${format.toUpperCase()} export failed`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details ref={menu} className={styles.menu} data-testid="export-menu">
      <summary className="button" data-testid="export-toggle">Export</summary>
      <div className={styles.list} role="menu">
        <span className={styles.note} data-testid="export-scope">{selected > 0 ? `Images: the ${selected} selected shape${selected === 1 ? '' : 's'}` : 'Images: the whole page'}</span>
        <button type="button" role="menuitem" className={styles.item} disabled={!editor || busy} onClick={() => void exportImage('png')} data-testid="export-png">
          PNG
        </button>
        <button type="button" role="menuitem" className={styles.item} disabled={!editor || busy} onClick={() => void exportImage('svg')} data-testid="export-svg">
          SVG
        </button>
        <a role="menuitem" className={styles.item} href={tldrHref} download onClick={() => menu.current && (menu.current.open = false)} data-testid="export-tldr">
          tldraw file (.tldr)
        </a>
        {error ? <span className={styles.error} role="alert" data-testid="export-error">{error}</span> : null}
      </div>
    </details>
  )
}
