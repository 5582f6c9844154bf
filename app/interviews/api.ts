// The interview pages' calls to the JSON API: same-origin, so the session or guest cookie rides
// along; the server's { error } message is surfaced as-is, with the status for pages that word
// their own message (an invite link that was used, revoked or never existed).

export type Answer<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: string }

export async function call<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<Answer<T>> {
  try {
    const res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: init.signal,
    })
    const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => null)
    if (!res.ok) {
      const error = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : `request failed (${res.status})`
      return { ok: false, status: res.status, error }
    }
    return { ok: true, status: res.status, data: data as T }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    return { ok: false, status: 0, error: 'could not reach the server' }
  }
}

/** The invite link is only shown once by the server; the tab that made it keeps it to show again. */
const inviteKey = (id: string) => `designroom.interview-invite.${id}`

export function rememberInvite(id: string, url: string | null): void {
  try {
    if (url === null) sessionStorage.removeItem(inviteKey(id))
    else sessionStorage.setItem(inviteKey(id), url)
  } catch {
    // Storage may be disabled; the interviewer can always make a new link.
  }
}

export function recalledInvite(id: string): string | null {
  try {
    return sessionStorage.getItem(inviteKey(id))
  } catch {
    return null
  }
}
