import { describe, expect, it } from 'vitest'
import { signupSchema } from '@/lib/auth/signup-schema'
import { createBoardSchema, createShareSchema, idSchema } from '@/lib/boards/schemas'
import { describeIssue } from '@/lib/http/json'

function error(result: { success: boolean; error?: Parameters<typeof describeIssue>[0] }): string {
  if (result.success || !result.error) throw new Error('expected a failure')
  return describeIssue(result.error)
}

describe('board schemas', () => {
  it('trims titles and accepts 1-120 characters', () => {
    expect(createBoardSchema.parse({ title: '  Chat system  ' })).toEqual({ title: 'Chat system' })
    expect(createBoardSchema.parse({ title: 'x'.repeat(120) }).title).toHaveLength(120)
  })

  it('rejects empty, blank, over-long and non-string titles with a clear message', () => {
    expect(error(createBoardSchema.safeParse({ title: '' }))).toBe('title must not be empty')
    expect(error(createBoardSchema.safeParse({ title: '   ' }))).toBe('title must not be empty')
    expect(error(createBoardSchema.safeParse({ title: 'x'.repeat(121) }))).toBe('title must be at most 120 characters')
    expect(error(createBoardSchema.safeParse({ title: 42 }))).toBe('title must be a string')
    expect(error(createBoardSchema.safeParse({}))).toBe('title is required')
    expect(error(createBoardSchema.safeParse(null))).toBe('body must be a JSON object')
    expect(error(createBoardSchema.safeParse({ title: 'ok', owner: 'me' }))).toBe('unknown field(s): owner')
  })

  it('creates from a template: title optional, variant only with a template, one source at most', () => {
    expect(createBoardSchema.parse({ template: 'url-shortener' })).toEqual({ template: 'url-shortener' })
    expect(createBoardSchema.parse({ template: 'chat', variant: 'blank', title: 'Mock 1' })).toEqual({ template: 'chat', variant: 'blank', title: 'Mock 1' })
    expect(error(createBoardSchema.safeParse({ template: '../etc' }))).toBe('template must be a template slug such as "url-shortener"')
    expect(error(createBoardSchema.safeParse({ template: 'chat', variant: 'draft' }))).toBe('variant must be "reference" or "blank"')
    expect(error(createBoardSchema.safeParse({ title: 'x', variant: 'blank' }))).toBe('variant needs a template')
    expect(error(createBoardSchema.safeParse({ template: 'chat', communityTemplate: 'abc' }))).toBe('give either template or communityTemplate, not both')
  })

  it('share roles are editor or viewer, never owner', () => {
    expect(createShareSchema.parse({ role: 'viewer' })).toEqual({ role: 'viewer' })
    expect(error(createShareSchema.safeParse({ role: 'owner' }))).toBe('role must be "editor" or "viewer"')
  })

  it('ids are boring', () => {
    expect(idSchema.safeParse('cm1abc_DEF-9').success).toBe(true)
    for (const bad of ['', '../etc', 'a b', 'x'.repeat(65), 'id%00']) expect(idSchema.safeParse(bad).success).toBe(false)
  })
})

describe('signup schema', () => {
  const good = { email: ' Alice@Example.TEST ', name: ' Alice ', password: 'long enough' }

  it('normalises email and name', () => {
    expect(signupSchema.parse(good)).toEqual({ email: 'alice@example.test', name: 'Alice', password: 'long enough' })
  })

  it('rejects bad input with a message naming the problem', () => {
    expect(error(signupSchema.safeParse({ ...good, email: 'not-an-email' }))).toBe('email is not a valid address')
    expect(error(signupSchema.safeParse({ ...good, password: 'short' }))).toBe('password must be at least 8 characters')
    expect(error(signupSchema.safeParse({ ...good, name: 'n'.repeat(81) }))).toBe('name must be at most 80 characters')
    expect(error(signupSchema.safeParse({ ...good, name: '  ' }))).toBe('name must not be empty')
    expect(error(signupSchema.safeParse({ email: good.email, name: good.name }))).toBe('password is required')
    expect(error(signupSchema.safeParse('a string'))).toBe('body must be a JSON object')
  })
})

describe('signup schema, missing email', () => {
  it('says which field is missing', () => {
    expect(error(signupSchema.safeParse({ name: 'A', password: 'long enough' }))).toBe('email is required')
  })
})
