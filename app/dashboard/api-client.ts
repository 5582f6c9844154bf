// The dashboard's calls to the JSON API, with the server's { error } message surfaced as-is.

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: string }

export async function api<T>(path: string, init: { method: string; body?: unknown } = { method: 'GET' }): Promise<ApiResult<T>> {
  try {
    const res = await fetch(path, {
      method: init.method,
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    if (res.status === 204) return { ok: true, data: undefined as T }
    const data: unknown = await res.json().catch(() => null)
    if (!res.ok) {
      const error = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : `request failed (${res.status})`
      return { ok: false, error }
    }
    return { ok: true, data: data as T }
  } catch {
    return { ok: false, error: 'could not reach the server' }
  }
}
