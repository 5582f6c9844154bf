/** Only same-origin paths may follow sign-in ("/b/x", not "//evil.test" or "https://..."). */
export function safeCallback(value: string | string[] | undefined, fallback = '/dashboard'): string {
  const v = Array.isArray(value) ? value[0] : value
  if (!v || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return fallback
  return v
}
