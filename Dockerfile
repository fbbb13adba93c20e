# The Game Maker: API server (default CMD) and generation worker (`node dist/src/worker.js`).
# scripts/docker-smoke.sh replays these steps without Docker; keep the two in the same order.

# An exact tag, not `22-slim`: a rebuild next month must get the same Node and Debian.
# Both stages use the same base so native optional packages npm picks match at run time.
FROM node:22.22.0-bookworm-slim AS build
WORKDIR /app
# Manifests first: the dependency layer is reused until the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vite.runtime.config.ts vite.web.config.ts vite.admin.config.ts ./
COPY src ./src
# dist/src (server and worker), dist/runtime/game.js and dist/web (the page).
RUN npm run build

FROM node:22.22.0-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# No compilers, bundlers or test tools in the image that serves children.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Applied by the app at start (src/paths.ts finds them next to package.json).
COPY drizzle ./drizzle
# The app's files stay root-owned and read-only to it; only DATA_DIR (PGlite, when no
# DATABASE_URL is set) is writable. No VOLUME: it would give every container an anonymous volume
# (three in docker-compose.yml, which needs none). With PGlite, mount one: `-v gm-data:/data`.
RUN mkdir -p /data && chown node:node /data
# One process's memory budget (the plan's 512 MB instance: 350 MB for the app) and the V8 heap
# cap that fits it (src/memory-budget.ts: 45% of the budget; a process whose cap does not fit its
# budget warns at start). Set both per service: a worker's budget is 300 MB, cap 135. After
# `npm ci`, which needs more heap than that. Small semi-spaces and two malloc arenas: some 40 MB
# less resident (src/memory-budget.ts budgetNodeFlags, docs/memory.md).
ENV MEMORY_BUDGET_MB=350 NODE_OPTIONS="--max-old-space-size=157 --max-semi-space-size=4" MALLOC_ARENA_MAX=2
USER node
EXPOSE 8000
# Slim images have no curl; Node 22 has fetch. PORT may be overridden at run time (Render sets it).
# A worker container serves no HTTP and must replace this check (docker-compose.yml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/api/health').then(r=>r.json()).then(b=>process.exit(b.status==='healthy'?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
