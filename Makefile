# Signalbox: the two commands are `make run` and `make test`.
# Everything else here is a step they use, handy on its own too.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
APP := $(CARGO_TARGET_DIR)/debug/signalbox-app

.PHONY: run test deps ui app check fmt lint ui-check rust-test ui-test e2e bindings bench bench-startup bench-timeline bench-map icons

## Build and launch the app on the default workspace.
run: deps ui
	cargo build -p signalbox-desktop
	$(APP)

## Every check and test suite, as CI runs it.
test: deps
	bash scripts/test.sh

deps:
	bash scripts/install-deps.sh

ui: deps
	cd ui && npm run build

app: ui
	cargo build -p signalbox-desktop

fmt:
	cargo fmt --all

## Regenerate ui/src/lib/bindings.ts from the Rust types.
bindings:
	UPDATE_BINDINGS=1 cargo test -p signalbox-api --test bindings
	UPDATE_BINDINGS=1 cargo test -p signalbox-domain --test calendar_ics_roundtrip

e2e: app
	bash scripts/e2e.sh

## Benchmarks on the large generated portfolio (see docs/benchmarks.md).
bench:
	cargo bench -p signalbox-api --bench catalog
	cargo bench -p signalbox-api --bench calendar
	cargo bench -p signalbox-domain --bench deps
	cargo bench -p signalbox-api --bench backstage
	cargo bench -p signalbox-api --bench board
	cargo bench -p signalbox-api --bench sync
	cargo bench -p signalbox-api --bench governance
	cargo bench -p signalbox-api --bench notices
	cargo bench -p signalbox-store --bench runs_floor

bench-startup: deps ui
	bash scripts/bench-startup.sh

## Frame times scrolling the calendar timeline over a quarter of the large portfolio.
bench-timeline: deps ui
	bash scripts/bench-timeline.sh

## First draw, filtered redraw and pan/zoom frame times of the dependency map (large portfolio).
bench-map: deps ui
	bash scripts/bench-map.sh

icons:
	python3 scripts/make-icons.py
