// The session and JWT carry the DesignRoom user id (set in lib/auth/options.server.ts).
import type { DefaultSession } from 'next-auth'

declare module 'next-auth' {
  interface Session {
    user: { id: string; name: string; email: string } & Omit<NonNullable<DefaultSession['user']>, 'name' | 'email'>
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** DesignRoom User.id */
    uid?: string
  }
}
