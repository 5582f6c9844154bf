// Checks for the values a client may put into a board document (docs/board-document.md): a
// records-array entry `{ key, val }` holding a tldraw record, or the tldraw schema in the meta
// map. Pure and isomorphic; the server's update validator and the client's defensive reader both
// use it. tldraw's own validators do most of the work; the extra passes cover what they leave
// open (reliability.md, "Validate tldraw records server-side"):
//   - `meta`, rich text content and other `T.jsonValue` / `T.unknown` fields accept NaN, and
//     rich text accepts anything, including link marks with a `javascript:` href;
//   - lib0's "any" encoding can carry Uint8Array, bigint and undefined, which JSON cannot.
import { createTLSchema, type TLRecord } from '@tldraw/tlschema'
import { boardShapeSchemas } from '@/lib/shapes/component-schema'
import { isAllowedEmbedUrl } from './embed-allowlist'
import { isSyncedTypeName } from './layout'

export type Check = { ok: true } | { ok: false; reason: string }

const OK: Check = { ok: true }
const fail = (reason: string): Check => ({ ok: false, reason })

/** Far deeper than any tldraw record (rich text nests a few levels); bounds recursion. */
const MAX_DEPTH = 48
/** Record ids are `shape:<nanoid>`-sized; a long key is a smell, not a record. */
const MAX_KEY_LENGTH = 256

// tldraw's shapes plus DesignRoom's system-design component (lib/shapes). Building the schema
// costs milliseconds; validation runs per update on the sync node's hot path, so build it once
// per process.
let cachedSchema: ReturnType<typeof createTLSchema> | undefined
export function boardSchema(): ReturnType<typeof createTLSchema> {
  cachedSchema ??= createTLSchema({ shapes: boardShapeSchemas })
  return cachedSchema
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

// Keys whose string values a browser may follow or load: tldraw's `url` props, asset `src`, and
// rich-text link marks (`attrs.href`), which tldraw validates as `T.unknown`.
const URL_KEY = /(^|[a-z])(url|href|src)$/i
// Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
// eslint-disable-next-line no-control-regex
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f-\u009f]/g
const DANGEROUS_SCHEME = /^(javascript|vbscript):/
// A data: document (`data:text/html,<script>…`) opened from a rich-text link mark runs the
// attacker's page (reliability.md W2). Raster images stay allowed: pasted pictures may be stored
// inline. Only record entries apply this; a .tldr import refuses every non-http(s) link itself,
// with a message that says so.
const DOCUMENT_DATA_URL = /^data:(?!image\/(png|gif|jpe?g|webp|avif)[;,])/

/** 'scripts': javascript:/vbscript: only; 'documents': also data: URLs that are not images. */
export type UrlPolicy = 'scripts' | 'documents'

function isDangerousUrl(value: string, policy: UrlPolicy): boolean {
  const compact = value.slice(0, 64).replace(IGNORED_IN_SCHEME, '').toLowerCase()
  return DANGEROUS_SCHEME.test(compact) || (policy === 'documents' && DOCUMENT_DATA_URL.test(compact))
}

/**
 * Plain data only: objects, arrays, strings, booleans, null, finite numbers, and undefined
 * (tldraw's optional props may be present-but-undefined, and lib0 encodes that faithfully; a
 * legitimate client must never be rejected, or it would reconnect and resend forever).
 */
export function checkPlainData(value: unknown, path = 'val', depth = 0, urls: UrlPolicy = 'scripts'): Check {
  if (depth > MAX_DEPTH) return fail(`${path}: nested deeper than ${MAX_DEPTH}`)
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return OK
    case 'number':
      return Number.isFinite(value) ? OK : fail(`${path}: number is not finite`)
    case 'object': {
      if (value === null) return OK
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const inner = checkPlainData(value[i], `${path}[${i}]`, depth + 1, urls)
          if (!inner.ok) return inner
        }
        return OK
      }
      if (!isPlainObject(value)) return fail(`${path}: not plain data`)
      for (const key of Object.keys(value)) {
        const inner = value[key]
        if (typeof inner === 'string' && URL_KEY.test(key) && isDangerousUrl(inner, urls)) {
          return fail(`${path}.${key}: script URL`)
        }
        const checked = checkPlainData(inner, `${path}.${key}`, depth + 1, urls)
        if (!checked.ok) return checked
      }
      return OK
    }
    default:
      return fail(`${path}: ${typeof value} is not allowed`)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'invalid'
}

/** A records-array entry: exactly `{ key, val }`, val a valid document-scoped tldraw record. */
export function checkRecordEntry(entry: unknown): Check {
  if (!isPlainObject(entry)) return fail('entry is not an object')
  const keys = Object.keys(entry)
  if (keys.length !== 2 || !('key' in entry) || !('val' in entry)) return fail('entry must be exactly { key, val }')
  const { key, val } = entry
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return fail('entry key must be a short string')
  if (!isPlainObject(val)) return fail(`${key}: val is not an object`)
  if (val.id !== key) return fail(`${key}: val.id does not match the key`)
  if (!isSyncedTypeName(val.typeName)) return fail(`${key}: typeName ${JSON.stringify(val.typeName)} is not a document record type`)
  const plain = checkPlainData(val, 'val', 0, 'documents')
  if (!plain.ok) return fail(`${key}: ${plain.reason}`)
  const type = boardSchema().types[val.typeName]
  if (!type || type.scope !== 'document') return fail(`${key}: ${val.typeName} is not document-scoped`)
  try {
    type.validate(val as unknown as TLRecord)
  } catch (error) {
    return fail(`${key}: ${describe(error)}`)
  }
  if (val.typeName === 'shape' && val.type === 'embed') {
    // tldraw validated props, so `props.url` is a string here.
    const url = String((val.props as { url?: unknown }).url)
    if (!isAllowedEmbedUrl(url)) return fail(`${key}: embeds may only show pages of tldraw's embed sites (YouTube, Figma, …); ${JSON.stringify(url.slice(0, 80))} is not one`)
  }
  return OK
}

let cachedSequences: ReadonlyMap<string, number> | undefined
function currentSequences(): ReadonlyMap<string, number> {
  cachedSequences ??= new Map(Object.entries(boardSchema().serialize().sequences))
  return cachedSequences
}

/**
 * The schema stored under meta.schema must be exactly the schema of this build's tldraw. Clients
 * migrate the records they load from the stored schema, so a forged one (say, one claiming
 * version 0 of every sequence) would re-run every migration over current records and break the
 * board for everyone who opens it. Web tier, sync node and browser bundle ship together, so a
 * client of this build always writes exactly this schema; a stale tab from an older deploy is
 * refused and told to reload.
 */
export function checkSchemaValue(value: unknown): Check {
  if (!isPlainObject(value)) return fail('schema is not an object')
  if (value.schemaVersion !== 2 || !isPlainObject(value.sequences)) return fail('schema must be a version 2 SerializedSchema')
  const expected = currentSequences()
  const given = Object.entries(value.sequences)
  if (given.length !== expected.size) return fail('schema does not match this version of tldraw')
  for (const [name, version] of given) {
    if (expected.get(name) !== version) return fail(`schema: ${name} is not at version ${String(expected.get(name) ?? 'known')}`)
  }
  return OK
}
