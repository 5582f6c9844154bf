'use client'
// "Import a file" on the dashboard: a `.tldr` file goes to POST /api/boards/import as it is; an
// Excalidraw file is first converted in the browser by tldraw's own converter
// (ExcalidrawConverter), then sent the same way, so the server checks both alike. On success the
// browser opens the new board; on failure the server's message is shown as-is.
import dynamic from 'next/dynamic'
import { useRouter } from 'next/navigation'
import { useState, type ChangeEvent } from 'react'
import { z } from 'zod'
import { MAX_TLDR_BYTES, titleFromFileName } from '@/lib/board/tldr-file'
import type { ExcalidrawContent } from './ExcalidrawConverter'

// tldraw touches window at import time: the converter loads in the browser, and only when needed.
const ExcalidrawConverter = dynamic(() => import('./ExcalidrawConverter'), { ssr: false })

const excalidrawFileSchema = z.object({
  type: z.literal('excalidraw'),
  elements: z.array(z.looseObject({ type: z.string() })),
  files: z.record(z.string(), z.unknown()).optional(),
})

const importResponseSchema = z.object({ id: z.string(), url: z.string() })
const errorSchema = z.object({ error: z.string() })

async function upload(text: string, title: string): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  try {
    const res = await fetch(`/api/boards/import?title=${encodeURIComponent(title || 'Imported board')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    })
    const body: unknown = await res.json().catch(() => null)
    if (!res.ok) {
      const parsed = errorSchema.safeParse(body)
      return { ok: false, error: parsed.success ? parsed.data.error : `import failed (${res.status})` }
    }
    const parsed = importResponseSchema.safeParse(body)
    return parsed.success ? { ok: true, url: parsed.data.url } : { ok: false, error: 'unexpected answer from the server' }
  } catch {
    return { ok: false, error: 'could not reach the server' }
  }
}

export function ImportBoard() {
  const router = useRouter()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [excalidraw, setExcalidraw] = useState<{ content: ExcalidrawContent; title: string }>()

  async function finish(result: { ok: true; url: string } | { ok: false; error: string }) {
    if (result.ok) return router.push(result.url)
    setBusy(false)
    setError(result.error)
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget
    const file = input.files?.[0]
    input.value = '' // choosing the same file again should try again
    if (!file) return
    setError(undefined)
    // The server enforces the limit too; this saves uploading a file it will refuse.
    if (file.size > MAX_TLDR_BYTES) return setError(`the file is larger than ${MAX_TLDR_BYTES / 1024 / 1024} MB`)
    setBusy(true)
    const text = await file.text()
    const title = titleFromFileName(file.name)
    if (!/\.excalidraw$/i.test(file.name)) return finish(await upload(text, title))
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return finish({ ok: false, error: 'the file is not JSON' })
    }
    const parsed = excalidrawFileSchema.safeParse(json)
    if (!parsed.success) return finish({ ok: false, error: 'not an Excalidraw file' })
    setExcalidraw({ content: { elements: parsed.data.elements, files: parsed.data.files ?? {} }, title })
  }

  return (
    <div className="row" style={{ alignItems: 'center', gap: 8 }}>
      <label className="button" aria-disabled={busy} data-testid="import-label">
        {busy ? 'Importing…' : 'Import a file'}
        <input type="file" accept=".tldr,.excalidraw,application/json" hidden disabled={busy} onChange={(e) => void onFile(e)} data-testid="import-file" />
      </label>
      <span className="muted" style={{ fontSize: 13 }}>.tldr or .excalidraw</span>
      {error ? <p className="error" role="alert" data-testid="import-error">Import failed: {error}</p> : null}
      {excalidraw ? (
        <ExcalidrawConverter
          content={excalidraw.content}
          onDone={(result) => {
            const { title } = excalidraw
            setExcalidraw(undefined)
            if (!result.ok) return void finish(result)
            void upload(result.tldr, title).then(finish)
          }}
        />
      ) : null}
    </div>
  )
}
