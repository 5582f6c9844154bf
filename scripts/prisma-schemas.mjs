// Writes prisma/<provider>/schema.prisma from prisma/models.prisma (see the comment there).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'

const models = readFileSync('prisma/models.prisma', 'utf8')
for (const provider of ['sqlite', 'postgres']) {
  const dialect = provider === 'postgres' ? 'postgresql' : 'sqlite'
  const header = `// GENERATED from prisma/models.prisma by scripts/prisma-schemas.mjs: edit that file instead.
generator client {
  provider   = "prisma-client"
  output     = "../../generated/${provider}"
  engineType = "client"
}

datasource db {
  provider = "${dialect}"
  url      = env("DATABASE_URL")
}
`
  mkdirSync(`prisma/${provider}`, { recursive: true })
  writeFileSync(`prisma/${provider}/schema.prisma`, `${header}\n${models}`)
}
