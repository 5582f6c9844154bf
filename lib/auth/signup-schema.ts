import { z } from 'zod'

/** "<field> is required" when missing, "<field> must be a string" when of another type. */
function text(field: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
}

export const NAME_MAX = 80
export const PASSWORD_MIN = 8
/** scrypt takes any length, but an unbounded password is free CPU for an attacker. */
export const PASSWORD_MAX = 256

export const emailSchema = text('email')
  .trim()
  .toLowerCase()
  .max(254, { error: 'email is too long' })
  .pipe(z.email({ error: 'email is not a valid address' }))

export const signupSchema = z.strictObject(
  {
    email: emailSchema,
    name: text('name')
      .trim()
      .min(1, { error: 'name must not be empty' })
      .max(NAME_MAX, { error: `name must be at most ${NAME_MAX} characters` }),
    password: text('password')
      .min(PASSWORD_MIN, { error: `password must be at least ${PASSWORD_MIN} characters` })
      .max(PASSWORD_MAX, { error: `password must be at most ${PASSWORD_MAX} characters` }),
  },
  { error: 'body must be a JSON object' },
)

export type SignupInput = z.infer<typeof signupSchema>

/** Sign-in form fields: only shape-checked, so a wrong email and a wrong password look alike. */
export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(PASSWORD_MAX),
})
