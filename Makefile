# DwpFarm developer entry points. `make setup` is idempotent; the others call it (make test
# calls `make setup-test`, which also installs the programs the tests run).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

BUILD = $(DOTNET) build DwpFarm.sln -c $(CONFIG) -v quiet -nologo

.PHONY: setup setup-test build test demo bench cluster-up cluster-down clean

setup:
	@bash scripts/setup.sh

# setup, plus PostgreSQL, Prometheus, yamllint, kustomize and Chromium; a machine without them
# stops here, before the build.
setup-test:
	@bash scripts/setup.sh test

build: setup
	$(BUILD)

# Builds once, then runs every test project against that build.
test: setup-test
	$(BUILD)
	@bash scripts/test.sh $(CONFIG)

demo: build
	@bash scripts/demo.sh

bench: build
	./dwpfarm bench

# A local cluster: PostgreSQL plus SILOS silo processes (scripts/cluster.sh).
SILOS ?= 3
cluster-up: build
	@bash scripts/cluster.sh up $(SILOS)

cluster-down:
	@bash scripts/cluster.sh down

clean:
	$(DOTNET) clean DwpFarm.sln -c $(CONFIG) -v quiet -nologo
