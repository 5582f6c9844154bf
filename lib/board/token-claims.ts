// The display identity inside a room token (lib/auth/room-token.ts): the name and colour the
// sync node will stamp on this client's presence. Read without verifying: the browser only
// uses it to label itself; the node verifies the token and enforces the identity.

export type DisplayIdentity = { name: string; color: string }

const FALLBACK: DisplayIdentity = { name: 'You', color: '#3b5bdb' }

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=')
  const binary = atob(base64)
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  return new TextDecoder().decode(bytes)
}

export function displayIdentityFromToken(token: string): DisplayIdentity {
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(token.split('.')[1] ?? ''))
    if (typeof payload !== 'object' || payload === null) return FALLBACK
    const { name, color } = payload as { name?: unknown; color?: unknown }
    return {
      name: typeof name === 'string' && name.trim() ? name.slice(0, 80) : FALLBACK.name,
      color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : FALLBACK.color,
    }
  } catch {
    return FALLBACK
  }
}
