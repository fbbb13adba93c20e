# The two commands a newcomer needs: `make start` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_STAMP := node_modules/.package-lock.json
BUILD_STAMP := dist/.built
# Node 22 LTS: the machine's own when it is new enough, else the one scripts/ensure-node.sh installs
# from the npm registry into tools/node. First on PATH, so npm, npx and the app all run on it.
export PATH := $(CURDIR)/tools/node/node_modules/.bin:$(PATH)

.PHONY: help start test check build migrate bench clean node-runtime

help:
	@echo "make start   install what is missing, build, migrate and serve on http://127.0.0.1:8000"
	@echo "make test    install what is missing (npm packages, Debian chromium) and run every test"
	@echo "make migrate apply database migrations only (DATABASE_URL or DATA_DIR)"
	@echo "make bench   run the benchmarks"

node-runtime:
	@bash scripts/ensure-node.sh

# npm ci only when the lock file changed since the last install.
$(NODE_STAMP): package-lock.json | node-runtime
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

$(BUILD_STAMP): $(NODE_STAMP) $(shell find src drizzle -type f 2>/dev/null) tsconfig.json tsconfig.build.json vite.runtime.config.ts vite.web.config.ts vite.admin.config.ts
	npm run build
	@touch $(BUILD_STAMP)

build: $(BUILD_STAMP)

start: build
	npm start

migrate: build
	npm run migrate

check: $(NODE_STAMP)
	npx biome check .
	npm run typecheck
	npm run check:layers

test: build
	bash scripts/ensure-browser.sh
	bash scripts/ensure-tools.sh
	$(MAKE) check
	npx vitest run
	# The API suite again, on PostgreSQL (a fresh database on the machine's server, dropped after).
	npx tsx tests/support/with-postgres.ts npx vitest run tests/server

bench: build
	npm run bench

clean:
	rm -rf dist node_modules tools/node/node_modules
