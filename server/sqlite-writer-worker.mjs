// The SQLite writer thread's entry (server/sqlite-writer.ts starts it). A worker thread does not
// inherit tsx's TypeScript loader from the process, so it registers it for itself, then runs the
// thread's TypeScript body.
import { register } from 'tsx/esm/api'

register()
await import('./sqlite-writer-thread.ts')
