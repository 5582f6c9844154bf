// Runs in the browser before the app becomes interactive (a Next.js file convention).
import { z } from 'zod'

// zod 4 probes for eval with `new Function('')` the first time it parses an object, to choose its
// JIT fast path. Under our CSP (proxy.ts: no 'unsafe-eval') the probe is refused, and although
// zod catches the throw, the browser still reports a securitypolicyviolation and a console error
// on every page that validates anything. jitless skips the probe; the interpreted path is the
// one the CSP would leave zod anyway.
z.config({ jitless: true })
