// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The sync node and the web tier share one process in the embedded default (server/main.ts);
  // these packages must load from node_modules rather than be bundled twice.
  serverExternalPackages: ['@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
}
export default nextConfig
