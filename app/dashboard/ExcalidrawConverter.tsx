'use client'
// Turns an Excalidraw file into tldraw records with tldraw's own converter (putExcalidrawContent,
// public in the 'tldraw' package; its paste handler uses it for content copied from Excalidraw).
// The converter needs a live editor, so this mounts an invisible one, pastes the elements into it,
// and hands back the document records as a `.tldr` file. The server then checks that file like
// any other import: nothing converted here is trusted.
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { useRef } from 'react'
import { putExcalidrawContent, Tldraw, type Editor, type TLRecord } from 'tldraw'
import 'tldraw/tldraw.css'
import { isSyncedTypeName } from '@/lib/board/layout'
import { serializeTldr } from '@/lib/board/tldr-file'

const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined

export type ExcalidrawContent = { elements: unknown[]; files: Record<string, unknown> }

export default function ExcalidrawConverter({
  content,
  onDone,
}: {
  content: ExcalidrawContent
  onDone: (result: { ok: true; tldr: string } | { ok: false; error: string }) => void
}) {
  const started = useRef(false)

  async function convert(editor: Editor) {
    // React may mount twice in development; convert once.
    if (started.current) return
    started.current = true
    try {
      await putExcalidrawContent(editor, { type: 'excalidraw/clipboard', elements: content.elements, files: content.files })
      const records = editor.store.allRecords().filter((r: TLRecord) => isSyncedTypeName(r.typeName))
      if (!records.some((r) => r.typeName === 'shape')) return onDone({ ok: false, error: 'the Excalidraw file has no shapes tldraw can convert' })
      onDone({ ok: true, tldr: serializeTldr(records) })
    } catch (cause) {
      console.error('[import] excalidraw conversion failed', cause)
      onDone({ ok: false, error: 'tldraw could not convert this Excalidraw file' })
    }
  }

  return (
    // Off-screen but laid out: the converter places shapes relative to the viewport.
    <div aria-hidden style={{ position: 'fixed', left: -10_000, top: 0, width: 800, height: 600, visibility: 'hidden' }}>
      <Tldraw hideUi assetUrls={assetUrls} licenseKey={licenseKey} onMount={(editor) => void convert(editor)} />
    </div>
  )
}
