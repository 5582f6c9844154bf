// Runs after `npm install`/`npm ci`: self-host tldraw's assets (it loads them from a CDN
// otherwise, which fails offline), then write and generate both Prisma clients (Prisma's own
// postinstall is denied in package.json because it tries to download engines).
import { cpSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'

const require = createRequire(import.meta.url)
const assets = dirname(require.resolve('@tldraw/assets/package.json'))
const dest = join('public', 'tldraw-assets')
mkdirSync(dest, { recursive: true })
for (const dir of ['fonts', 'icons', 'translations', 'embed-icons']) {
  cpSync(join(assets, dir), join(dest, dir), { recursive: true })
}

execFileSync(process.execPath, ['scripts/prisma-schemas.mjs'], { stdio: 'inherit' })
const prisma = require.resolve('prisma/build/index.js')
for (const provider of ['sqlite', 'postgres']) {
  execFileSync(process.execPath, [prisma, 'generate'], {
    stdio: 'inherit',
    env: { ...process.env, DB_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  })
}
