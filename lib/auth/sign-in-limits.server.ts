// Failed password sign-ins, counted per account and per client address (lib/http/client-address.ts)
// over 15 minutes: enough to make guessing a password pointless, never in a person's way. Only
// failures count, so a room full of students signing in from one address is not blocked. In
// process memory, like every limiter here (lib/http/rate-limit.ts).
import { RateLimiter } from '@/lib/http/rate-limit'

const WINDOW_MS = 15 * 60_000
const perAccount = new RateLimiter(10, WINDOW_MS)
const perClient = new RateLimiter(50, WINDOW_MS)

/** Seconds until `account` and `client` may try again; null when neither is locked out. */
export function signInLockout(account: string, client: string): number | null {
  const waits = [
    perAccount.exhausted(account) ? perAccount.retryAfterSeconds(account) : 0,
    perClient.exhausted(client) ? perClient.retryAfterSeconds(client) : 0,
  ]
  const wait = Math.max(...waits)
  return wait > 0 ? wait : null
}

export function recordSignInFailure(account: string, client: string): void {
  perAccount.take(account)
  perClient.take(client)
}

/** Accounts are counted by their email address, whatever its case. */
export function signInAccountKey(email: string): string {
  return email.trim().toLowerCase()
}
