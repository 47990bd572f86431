# ExtProcRouter: `make run` starts the router locally, `make test` runs every test.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
BUILD_FLAGS := -c $(CONFIG) --nologo -v quiet

.PHONY: setup build run test bench clean

setup:
	@bash scripts/setup.sh

build: setup
	@$(DOTNET) build ExtProcRouter.sln $(BUILD_FLAGS)

run: build
	@bash scripts/run.sh

test: build
	@bash scripts/test.sh $(CONFIG)

bench: build
	@bash scripts/bench.sh $(CONFIG)

clean:
	@$(DOTNET) clean ExtProcRouter.sln $(BUILD_FLAGS) >/dev/null; rm -rf .deps tests/interop/node_modules
