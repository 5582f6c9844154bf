// tldraw's `.tldr` file format, for exporting a board and creating a board from a file. Pure and
// isomorphic (no DOM): the export route writes it on the server, the import route parses it, and
// the browser uses serializeTldr to turn converted Excalidraw content into the same file.
//
// The file is exactly what tldraw's own serializeTldrawJson writes (tldraw/src/lib/utils/tldr/
// file.ts): `JSON.stringify({ tldrawFileFormatVersion: 1, schema, records })`, unused assets
// pruned. So a board exported here opens in tldraw.com, and a file saved there imports here.
//
// An imported file is hostile until proven otherwise. parseTldr mirrors tldraw's
// parseTldrawJsonFile (shape check, migrate with the store schema, validate every record) and adds
// what the sync node enforces on every update (record-checks.ts) plus rules for content a browser
// could follow or render: see docs/api.md, "Import and export", for the list.
import type { TLRecord } from '@tldraw/tlschema'
import { z } from 'zod'
import { jsonDepth } from '@/lib/protocol/json-depth'
import { isSyncedTypeName } from './layout'
import { boardSchema, checkPlainData, checkRecordEntry } from './record-checks'

/** Largest file accepted, in UTF-8 bytes. A board of a few thousand shapes is well under 1 MB. */
export const MAX_TLDR_BYTES = 5 * 1024 * 1024
/** Most records a file may hold (before session records are dropped). */
export const MAX_TLDR_RECORDS = 10_000
/**
 * Deepest JSON nesting accepted: record-checks allows 48 levels inside a record, and the file adds
 * two (the root object and the records array). Checked on the text, before JSON.parse recurses.
 */
export const MAX_TLDR_DEPTH = 50

const LATEST_FILE_FORMAT_VERSION = 1

export type TldrParseResult =
  | { ok: true; records: TLRecord[] }
  | { ok: false; error: string; code: 'too-large' | 'invalid' }

const invalid = (error: string): TldrParseResult => ({ ok: false, error, code: 'invalid' })

/** The schema this build writes, the same object the board documents record in meta.schema. */
export function tldrSchema(): ReturnType<ReturnType<typeof boardSchema>['serialize']> {
  return boardSchema().serialize()
}

/** tldraw drops assets no shape uses, both when writing a file and when reading one. */
function pruneUnusedAssets<R extends { typeName: string; id: string; props?: unknown }>(records: readonly R[]): R[] {
  const used = new Set<string>()
  for (const record of records) {
    if (record.typeName !== 'shape') continue
    const props = record.props
    if (typeof props === 'object' && props !== null && 'assetId' in props && typeof props.assetId === 'string') used.add(props.assetId)
  }
  return records.filter((r) => r.typeName !== 'asset' || used.has(r.id))
}

/** The `.tldr` file text for these records (a board's document records). */
export function serializeTldr(records: readonly TLRecord[]): string {
  return JSON.stringify({
    tldrawFileFormatVersion: LATEST_FILE_FORMAT_VERSION,
    schema: tldrSchema(),
    records: pruneUnusedAssets(records),
  })
}

/**
 * A download name any OS and any Content-Disposition parser accepts (ASCII, no quotes or
 * slashes); the export route sends the full UTF-8 title in `filename*` beside it.
 */
export function tldrFileName(title: string): string {
  const safe = title.replace(/[^A-Za-z0-9 ._-]+/g, '-').replace(/^[-. ]+|[-. ]+$/g, '').slice(0, 80)
  return `${safe || 'board'}.tldr`
}

/** The board title an imported file suggests: its name without the extension. */
export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.(tldr|json|excalidraw)$/i, '').trim()
}

// --- shape of the file (tldraw's tldrawFileValidator, in zod) ------------------------------------

const schemaV1 = z.object({
  schemaVersion: z.literal(1),
  storeVersion: z.number().int().positive(),
  recordVersions: z.record(
    z.string(),
    z.object({
      version: z.number().int().positive(),
      subTypeVersions: z.record(z.string(), z.number().int().positive()).optional(),
      subTypeKey: z.string().optional(),
    }),
  ),
})
const schemaV2 = z.object({
  schemaVersion: z.literal(2),
  sequences: z.record(z.string(), z.number().int().nonnegative()),
})
const fileSchema = z.object({
  tldrawFileFormatVersion: z.number().int().positive(),
  schema: z.discriminatedUnion('schemaVersion', [schemaV1, schemaV2]),
  records: z.array(z.looseObject({ id: z.string().min(1).max(256), typeName: z.string().min(1).max(64) })),
})

function describeZod(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'not a tldraw file'
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'file'
  return `not a tldraw file (${where}: ${issue.message})`
}

// --- content rules beyond tldraw's validators ----------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function isLinkHref(value: string): boolean {
  if (isHttpUrl(value)) return true
  try {
    return new URL(value).protocol === 'mailto:'
  } catch {
    return false
  }
}

// Asset props a browser loads: the file's src, and a bookmark's preview image and favicon. tldraw
// itself embeds images as data: URLs when it saves a file; we refuse those (they would put
// megabytes of unchecked bytes into the shared document), so only linked images import.
const ASSET_URL_PROPS = ['src', 'image', 'favicon'] as const

function checkAsset(record: TLRecord): string | null {
  if (record.typeName !== 'asset') return null
  const props: unknown = record.props
  if (!isPlainObject(props)) return null
  for (const key of ASSET_URL_PROPS) {
    const value = props[key]
    // null / '' mean "no source" (an upload that never finished, a bookmark without preview).
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string' || !isHttpUrl(value)) {
      const scheme = typeof value === 'string' ? value.slice(0, 12) : typeof value
      return `${record.id}: asset ${key} must be an http(s) URL (got "${scheme}…"); embedded (data:) images are not imported`
    }
  }
  return null
}

// tldraw's default TipTap extensions (tldraw/src/lib/utils/text/richText.ts: StarterKit without
// blockquote, codeBlock and horizontalRule, plus Highlight). Anything else was not written by
// tldraw, and a future TipTap extension could render it as something more than text.
const RICH_TEXT_NODES: ReadonlySet<string> = new Set(['doc', 'paragraph', 'text', 'heading', 'bulletList', 'orderedList', 'listItem', 'hardBreak'])
const RICH_TEXT_MARKS: ReadonlySet<string> = new Set(['bold', 'italic', 'strike', 'underline', 'code', 'link', 'highlight'])

function checkRichNode(node: unknown, path: string): string | null {
  if (!isPlainObject(node)) return `${path}: rich text node is not an object`
  const { type, content, marks, attrs } = node
  if (typeof type !== 'string' || !RICH_TEXT_NODES.has(type)) return `${path}: unknown rich text node type ${JSON.stringify(type)}`
  if (attrs !== undefined && attrs !== null && !isPlainObject(attrs)) return `${path}: rich text attrs are not an object`
  if (marks !== undefined) {
    if (!Array.isArray(marks)) return `${path}: rich text marks are not a list`
    for (const [i, mark] of marks.entries()) {
      if (!isPlainObject(mark) || typeof mark.type !== 'string' || !RICH_TEXT_MARKS.has(mark.type)) {
        return `${path}.marks[${i}]: unknown rich text mark ${JSON.stringify(isPlainObject(mark) ? mark.type : mark)}`
      }
      if (mark.type === 'link') {
        const href = isPlainObject(mark.attrs) ? mark.attrs.href : undefined
        if (typeof href !== 'string' || !isLinkHref(href)) return `${path}.marks[${i}]: link must be an http(s) or mailto: URL`
      }
    }
  }
  if (content !== undefined) {
    if (!Array.isArray(content)) return `${path}: rich text content is not a list`
    for (const [i, child] of content.entries()) {
      const problem = checkRichNode(child, `${path}.content[${i}]`)
      if (problem) return problem
    }
  }
  return null
}

function checkRichText(record: TLRecord): string | null {
  if (record.typeName !== 'shape') return null
  const props: unknown = record.props
  if (!isPlainObject(props) || props.richText === undefined) return null
  return checkRichNode(props.richText, `${record.id}: props.richText`)
}

// "Script in text" (issue 8). tldraw renders text as text, never as HTML, so this is defence in
// depth for whatever else reads a board (Markdown summaries, a future HTML export): no string
// anywhere in an imported record may contain "<script", in any letter case.
const SCRIPT_TAG = /<\s*script/i

function findScript(value: unknown): boolean {
  if (typeof value === 'string') return SCRIPT_TAG.test(value)
  if (Array.isArray(value)) return value.some(findScript)
  if (isPlainObject(value)) return Object.entries(value).some(([k, v]) => SCRIPT_TAG.test(k) || findScript(v))
  return false
}

// --- parse ---------------------------------------------------------------------------------------

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength
}

/**
 * Parses and checks a `.tldr` file. On success the records are migrated to this build's schema,
 * valid, and only of the types a board document holds (SYNCED_TYPE_NAMES): session state
 * (camera, instance, page state, pointer), presence and `user` records in the file are dropped.
 */
export function parseTldr(text: string): TldrParseResult {
  // Cheap checks first, in an order that never does work proportional to a hostile input's shape.
  if (text.length > MAX_TLDR_BYTES || utf8Length(text) > MAX_TLDR_BYTES) {
    return { ok: false, error: `the file is larger than ${MAX_TLDR_BYTES / 1024 / 1024} MB`, code: 'too-large' }
  }
  if (jsonDepth(text) > MAX_TLDR_DEPTH) return invalid(`the file is nested deeper than ${MAX_TLDR_DEPTH} levels`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return invalid('the file is not JSON')
  }
  // tldraw 1 files ({ document: { version } }) need tldraw's own v1 converter and its UI.
  if (isPlainObject(json) && isPlainObject(json.document) && json.document.version !== undefined) {
    return invalid('tldraw 1 files are not supported; open it in tldraw.com and save it again')
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) return invalid(describeZod(parsed.error))
  const file = parsed.data
  if (file.tldrawFileFormatVersion > LATEST_FILE_FORMAT_VERSION) {
    return invalid(`the file format version ${file.tldrawFileFormatVersion} is newer than this app understands`)
  }
  if (file.records.length > MAX_TLDR_RECORDS) return invalid(`the file holds more than ${MAX_TLDR_RECORDS} records`)

  const types = boardSchema().types
  const seen = new Set<string>()
  const kept: { id: string; typeName: string; props?: unknown }[] = []
  for (const record of file.records) {
    // Before migrations touch them: plain JSON, no script URLs, no absurd depth.
    const plain = checkPlainData(record, record.id)
    if (!plain.ok) return invalid(plain.reason)
    if (seen.has(record.id)) return invalid(`${record.id}: appears twice in the file`)
    seen.add(record.id)
    if (!(record.typeName in types)) return invalid(`${record.id}: unknown record type ${JSON.stringify(record.typeName)}`)
    // Session, presence and user records are each browser's own (docs/board-document.md).
    if (isSyncedTypeName(record.typeName)) kept.push(record)
  }

  const store: Record<string, TLRecord> = {}
  // The records are unchecked here; migrations see them as records and validation follows.
  for (const record of pruneUnusedAssets(kept)) store[record.id] = record as unknown as TLRecord
  let migrated: Record<string, TLRecord>
  try {
    const result = boardSchema().migrateStoreSnapshot({ store, schema: file.schema })
    if (result.type === 'error') {
      return invalid('the file\'s schema does not match this app\'s tldraw (it may be from a newer version of tldraw)')
    }
    migrated = result.value
  } catch {
    // Junk that satisfies the file's shape can still crash a migration: treat it as invalid.
    return invalid('the file\'s records could not be migrated to this version of tldraw')
  }

  const records: TLRecord[] = []
  for (const [id, record] of Object.entries(migrated)) {
    // The import's stricter rules first (both read defensively): their messages say what an
    // importer may use (http(s) links), where the generic check would only say "script URL".
    const problem = checkAsset(record) ?? checkRichText(record)
    if (problem) return invalid(problem)
    const entry = checkRecordEntry({ key: id, val: record })
    if (!entry.ok) return invalid(`invalid record ${entry.reason}`)
    if (findScript(record)) return invalid(`${id}: text contains "<script"`)
    records.push(record)
  }
  return { ok: true, records }
}
