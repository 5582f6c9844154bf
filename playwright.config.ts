import { execFileSync } from 'node:child_process'
import { defineConfig } from '@playwright/test'

// Debian's Chromium: `npx playwright install` would need to download a browser, which this
// machine cannot. CHROMIUM overrides the path.
function chromiumPath(): string {
  if (process.env.CHROMIUM) return process.env.CHROMIUM
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    return '/usr/bin/chromium'
  }
}

export default defineConfig({
  testDir: 'tests/e2e',
  // Each spec starts its own server (tests/e2e/fixtures.ts); two cores cannot run more.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
