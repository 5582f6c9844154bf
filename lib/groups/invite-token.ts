// Invite links are capabilities exactly like board share links (lib/boards/share-token.ts): 32
// random bytes shown once, only the SHA-256 stored. Pure.
export { newShareToken as newInviteToken, hashShareToken as hashInviteToken, looksLikeShareToken as looksLikeInviteToken } from '@/lib/boards/share-token'

/** The page a person opens to join; relative, so it works behind any origin. */
export function invitePath(token: string): string {
  return `/groups/join/${token}`
}
