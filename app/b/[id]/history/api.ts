// The history panel's client for the version-history API (lib/history/contract.ts). Responses
// are parsed, not trusted: a half-deployed server must give a clear message, not a broken panel.
import { z } from 'zod'
import { VERSION_KINDS, type RestoreResult, type VersionList, type VersionRecords, type VersionSummary } from '@/lib/history/contract'

const summarySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  kind: z.enum(VERSION_KINDS),
  name: z.string().nullable(),
  authors: z.array(z.string()),
}) satisfies z.ZodType<VersionSummary>

const listSchema = z.object({ versions: z.array(summarySchema), retention: z.string() }) satisfies z.ZodType<VersionList>
const recordsSchema = z.object({ version: summarySchema, records: z.array(z.unknown()) }) satisfies z.ZodType<VersionRecords>
const restoreSchema = z.object({ restored: summarySchema }) satisfies z.ZodType<RestoreResult>
const errorSchema = z.object({ error: z.string() })

/** A failed call with the server's own message (4xx bodies are `{ error }`). */
export class HistoryApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

export type HistoryTarget = { boardId: string; shareToken?: string }

function url({ boardId, shareToken }: HistoryTarget, path: string): string {
  // The share token rides along as ?share=, as on /api/rooms, so link users are recognised.
  const base = `/api/boards/${encodeURIComponent(boardId)}/versions${path}`
  return shareToken ? `${base}?share=${encodeURIComponent(shareToken)}` : base
}

async function call<T>(target: HistoryTarget, path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  const res = await fetch(url(target, path), { cache: 'no-store', ...init })
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = errorSchema.safeParse(body)
    throw new HistoryApiError(parsed.success ? parsed.data.error : `request failed (${res.status})`, res.status)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new HistoryApiError('unexpected answer from the server', res.status)
  return parsed.data
}

export function listVersions(target: HistoryTarget, signal?: AbortSignal): Promise<VersionList> {
  return call(target, '', listSchema, { signal })
}

export function nameVersion(target: HistoryTarget, name: string): Promise<VersionSummary> {
  return call(target, '', summarySchema, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
}

export function versionRecords(target: HistoryTarget, versionId: number, signal?: AbortSignal): Promise<VersionRecords> {
  return call(target, `/${versionId}`, recordsSchema, { signal })
}

export function restoreVersion(target: HistoryTarget, versionId: number): Promise<RestoreResult> {
  return call(target, `/${versionId}/restore`, restoreSchema, { method: 'POST' })
}
