// Server-side gate for client updates to a board document (ARCHITECTURE: "Validate tldraw
// records server-side"). The sync node calls this before applying a client's update; a rejected
// update is never applied (and its socket is closed with CloseCodes.malformed). Whole updates
// are accepted or rejected, never filtered: dropping part of a CRDT update splits replicas
// (reliability.md finding 5).
//
// The update is inspected with Y.decodeUpdate, which parses structs without integrating them.
// What may be inserted (docs/board-document.md):
//   - ContentAny entries `{ key, val }` in the root array RECORDS_ARRAY, val a valid record;
//   - a ContentAny schema object in the root map META_MAP under SCHEMA_KEY;
//   - ContentDeleted, GC and Skip structs, and any delete set.
// Everything else (strings, nested types, binary, embeds, formats, JSON, subdocs, other roots or
// keys) is refused.
//
// Where an item goes: an item with neither origin nor right origin names its parent (a root
// name) and parentSub in the update; one with an origin inherits both from that origin, which
// is usually an item already in the room (YKeyValue appends after the last entry). Such origins
// are resolved inside the update first, then in `doc` when the caller passes the room's doc.
// Without a doc, an item whose origin lies outside the update is judged by its content alone:
// it must be a valid record entry or a valid schema, so nothing invalid gets in, but a valid
// schema could be appended to the array or an entry written under meta.schema. Clients read
// both defensively; pass the doc to close that gap too.
import * as Y from 'yjs'
import { META_MAP, RECORDS_ARRAY, SCHEMA_KEY } from './layout'
import { checkRecordEntry, checkSchemaValue, type Check } from './record-checks'

export type ValidateResult = { ok: true } | { ok: false; reason: string }

export type ValidateOptions = {
  /** The room's current document, used (read-only) to place items whose origin it holds. */
  doc?: Y.Doc
}

type Placement = 'records' | 'schema' | 'unknown' | { invalid: string }

const OK: ValidateResult = { ok: true }

/**
 * One record's JSON, in characters. tldraw's validators bound no string length, so a 1 MB label
 * passed every check and was merged and re-sent to every viewer (reliability.md §6.1 B21). The
 * largest real records are long freehand strokes and pasted text, well under this.
 */
export const MAX_RECORD_JSON_CHARS = 256 * 1024

function explicitPlacement(parent: unknown, parentSub: string | null): Placement | null {
  if (typeof parent === 'string') {
    if (parent === RECORDS_ARRAY && parentSub === null) return 'records'
    if (parent === META_MAP && parentSub === SCHEMA_KEY) return 'schema'
    return { invalid: `write to ${parent}${parentSub === null ? '' : `.${parentSub}`} is not part of the board layout` }
  }
  // An ID parent means the item lives inside a nested shared type, which the layout never has.
  if (parent !== null) return { invalid: 'write inside a nested type' }
  return null
}

/** Items of this update by client, sorted by clock, for origin lookups inside the update. */
type UpdateIndex = Map<number, Y.Item[]>

function indexItems(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>): UpdateIndex {
  const index: UpdateIndex = new Map()
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    let list = index.get(struct.id.client)
    if (!list) index.set(struct.id.client, (list = []))
    list.push(struct)
  }
  // decodeUpdate yields each client's structs in clock order; nothing to sort.
  return index
}

function findInUpdate(index: UpdateIndex, id: Y.ID): Y.Item | undefined {
  const list = index.get(id.client)
  if (!list) return undefined
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const item = list[mid]!
    if (id.clock < item.id.clock) hi = mid - 1
    else if (id.clock >= item.id.clock + item.length) lo = mid + 1
    else return item
  }
  return undefined
}

function placementInDoc(doc: Y.Doc, id: Y.ID): Placement {
  const structs = doc.store.clients.get(id.client)
  if (!structs) return 'unknown'
  try {
    const struct = structs[Y.findIndexSS(structs, id.clock)]
    // A GC'd origin carries no parent; Yjs turns an item that hangs off one into GC as well,
    // so its content never becomes visible.
    if (!(struct instanceof Y.Item)) return 'unknown'
    if (struct.parent === doc.share.get(RECORDS_ARRAY) && struct.parentSub === null) return 'records'
    if (struct.parent === doc.share.get(META_MAP) && struct.parentSub === SCHEMA_KEY) return 'schema'
    return { invalid: 'write next to an item outside the board layout' }
  } catch {
    return 'unknown'
  }
}

function makePlacer(index: UpdateIndex, doc: Y.Doc | undefined): (item: Y.Item) => Placement {
  const memo = new Map<Y.Item, Placement>()
  // Iterative: one transaction that creates many records is a long origin chain inside the
  // update (each YKeyValue push hangs off the previous one), too deep for recursion.
  return (start) => {
    const chain: Y.Item[] = []
    const seen = new Set<Y.Item>()
    let item = start
    let result: Placement
    for (;;) {
      const known = memo.get(item)
      if (known !== undefined) {
        result = known
        break
      }
      if (seen.has(item)) {
        result = 'unknown' // a crafted cycle; Yjs could not place it either
        break
      }
      seen.add(item)
      chain.push(item)
      const explicit = explicitPlacement(item.parent as unknown, item.parentSub)
      if (explicit !== null) {
        result = explicit
        break
      }
      // Like Item.integrate: the parent comes from the left origin if there is one, else the right.
      const origin = item.origin ?? item.rightOrigin
      if (origin === null) {
        result = { invalid: 'item without parent or origin' }
        break
      }
      const inner = findInUpdate(index, origin)
      if (inner) {
        item = inner
        continue
      }
      result = doc ? placementInDoc(doc, origin) : 'unknown'
      break
    }
    for (const visited of chain) memo.set(visited, result)
    return result
  }
}

function checkAnyContent(values: readonly unknown[], placement: Placement): Check {
  if (typeof placement === 'object') return { ok: false, reason: placement.invalid }
  if (placement === 'schema') {
    if (values.length !== 1) return { ok: false, reason: 'meta.schema must be a single value' }
    return checkSchemaValue(values[0])
  }
  for (const value of values) {
    const asEntry = checkRecordEntry(value)
    if (asEntry.ok) {
      if (JSON.stringify(value).length > MAX_RECORD_JSON_CHARS) return { ok: false, reason: `record larger than ${MAX_RECORD_JSON_CHARS} characters of JSON` }
      continue
    }
    // Unplaced content (origin outside the update, no doc) may also be a schema overwrite.
    if (placement === 'unknown' && values.length === 1 && checkSchemaValue(value).ok) continue
    return asEntry
  }
  return { ok: true }
}

function contentName(content: unknown): string {
  const name = (content as { constructor?: { name?: unknown } } | null)?.constructor?.name
  return typeof name === 'string' ? name : 'unknown content'
}

/** Accept or reject a client's Yjs update (v1 encoding) for a board document. Never throws. */
export function validateUpdate(update: Uint8Array, options: ValidateOptions = {}): ValidateResult {
  let structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>
  try {
    structs = Y.decodeUpdate(update).structs
  } catch (error) {
    return { ok: false, reason: `undecodable update: ${error instanceof Error ? error.message : String(error)}` }
  }
  try {
    const place = makePlacer(indexItems(structs), options.doc)
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue // GC and Skip carry no content
      const content: unknown = struct.content
      if (content instanceof Y.ContentDeleted) continue
      if (!(content instanceof Y.ContentAny)) {
        return { ok: false, reason: `${contentName(content)} is not allowed in a board document` }
      }
      const checked = checkAnyContent(content.arr as unknown[], place(struct))
      if (!checked.ok) return checked
    }
    return OK
  } catch (error) {
    // Defensive: a validator bug must reject, never take the socket handler down.
    return { ok: false, reason: `validation failed: ${error instanceof Error ? error.message : String(error)}` }
  }
}
