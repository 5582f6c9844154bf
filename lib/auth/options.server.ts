// next-auth v4 configuration: JWT sessions, email + password, and GitHub / Google when their
// credentials are configured. The session carries the DesignRoom user id; every API route
// re-reads membership from the database, so a 30-day JWT never outlives a revoked grant.
import type { NextAuthOptions } from 'next-auth'
import type { Provider } from 'next-auth/providers/index'
import CredentialsProvider from 'next-auth/providers/credentials'
import GitHubProvider from 'next-auth/providers/github'
import GoogleProvider from 'next-auth/providers/google'
import { serverEnv } from '@/lib/env.server'
import { credentialsSchema, emailSchema } from './signup-schema'
import { CLIENT_HEADER } from '@/lib/http/client-address'
import { recordSignInFailure, signInAccountKey, signInLockout } from './sign-in-limits.server'
import { checkCredentials, findOrCreateOAuthUser } from './users.server'

export type OAuthProviderInfo = { id: 'github' | 'google'; name: string }

/** OAuth providers switched on by env, for the sign-in page's buttons. */
export function enabledOAuthProviders(): OAuthProviderInfo[] {
  const env = serverEnv()
  const list: OAuthProviderInfo[] = []
  if (env.GITHUB_ID && env.GITHUB_SECRET) list.push({ id: 'github', name: 'GitHub' })
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) list.push({ id: 'google', name: 'Google' })
  return list
}

/** next-auth hands an error thrown in authorize() to the sign-in form as `error`. */
export const TOO_MANY_SIGN_INS = 'TooManySignIns'

function providers(): Provider[] {
  const env = serverEnv()
  const list: Provider[] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw)
        if (!parsed.success) return null
        const client = String(req?.headers?.[CLIENT_HEADER] ?? 'direct')
        const account = signInAccountKey(parsed.data.email)
        // Checked before the password, so a locked-out guesser learns nothing from the answer. The
        // route answers 429 before this (app/api/auth/[...nextauth]/route.ts); this catches a
        // request that raced past it.
        if (signInLockout(account, client) !== null) throw new Error(TOO_MANY_SIGN_INS)
        const user = await checkCredentials(parsed.data.email, parsed.data.password)
        if (!user) recordSignInFailure(account, client)
        return user
      },
    }),
  ]
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    list.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }))
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    list.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }))
  }
  return list
}

let cached: NextAuthOptions | undefined

/** Built on first use, so importing this module never reads env during `next build`. */
export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: serverEnv().NEXTAUTH_SECRET,
    session: { strategy: 'jwt' },
    pages: { signIn: '/signin', error: '/signin' },
    providers: providers(),
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.provider === 'credentials') return true
        // Accounts are linked by email, so only accept emails the provider has verified.
        if (account.provider === 'google' && profile && 'email_verified' in profile && profile.email_verified !== true) {
          return false
        }
        return emailSchema.safeParse(user.email).success
      },
      async jwt({ token, user, account }) {
        if (!user) return token
        if (!account || account.provider === 'credentials') {
          token.uid = user.id
          return token
        }
        const email = emailSchema.parse(user.email)
        const record = await findOrCreateOAuthUser(email, user.name ?? '')
        token.uid = record.id
        token.name = record.name
        token.email = record.email
        return token
      },
      async session({ session, token }) {
        session.user = {
          id: token.uid ?? '',
          name: token.name ?? '',
          email: token.email ?? '',
        }
        return session
      },
      async redirect({ url, baseUrl }) {
        // Same-origin only (reliability.md W7): relative paths and our own origin.
        if (url.startsWith('/') && !url.startsWith('//')) return `${baseUrl}${url}`
        try {
          if (new URL(url).origin === baseUrl) return url
        } catch {
          // not a URL: fall through
        }
        return baseUrl
      },
    },
  }
  return cached
}
