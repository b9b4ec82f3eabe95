# zoomgen: Postman items → OpenAPI → generated Go client for the Zoom API.
# Every target uses the tool versions pinned in tools/go.mod (a module of
# its own, so that the pins never reach a module importing this one);
# nothing is installed globally. `make help` lists the targets; README.md
# says how long each takes.

GO ?= go
TOOL = $(GO) tool -modfile=tools/go.mod
BIN := bin
# Where the generators write: the drift check compares everything in them
# before and after regenerating (new files included).
GENERATED := $(wildcard spec gen api *.gen.go webhook/*.gen.go)

.PHONY: all help run build demo generate test check-generated vet unit race-check lint fmt-check \
	fuzz fuzz-ci bench reliability large endpoint conformance slow ci

all: run

## help: list the targets.
help:
	@sed -n 's/^## //p' Makefile

## run: the main job, from the committed generated files: build
## bin/zoom-register, then register everyone in ATTENDEES for MEETING and
## write RESULTS. Without ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and
## ZOOM_CLIENT_SECRET it runs against the built-in mock Zoom API (demo
## mode), where MEETING may stay empty (the mock's seeded meeting).
ATTENDEES ?= examples/attendees.csv
RESULTS ?= results.csv
MEETING ?=
# -tags demo builds the mock in, for demo mode; a plain `go build` or
# `go install` of cmd/zoom-register leaves it out.
run:
	@echo "make: building $(BIN)/zoom-register from the committed generated code (first time: module download and compile)"
	$(GO) build -tags demo -o $(BIN)/zoom-register ./cmd/zoom-register
	@echo "make: registering $(ATTENDEES) for $(if $(MEETING),meeting $(MEETING),the demo meeting) → $(RESULTS)"
	$(BIN)/zoom-register $(if $(MEETING),-meeting "$(MEETING)") -in $(ATTENDEES) -out $(RESULTS)

## build: the commands into bin/ (zoom-register with demo mode, as make
## builds it; zoom-mock; zoomgen).
build:
	$(GO) build -tags demo -o $(BIN)/ ./cmd/zoom-register ./cmd/zoom-mock ./cmd/zoomgen

## demo: one batch registration through the client against the mock
## (ExampleNewClient).
demo:
	$(GO) test -run '^ExampleNewClient$$' -v .

## generate: Postman items → spec/zoom.openapi.yaml → gen/ and the error codes.
generate:
	@echo "make: regenerating spec/zoom.openapi.yaml, gen/ and zoom_codes.gen.go from spec/"
	$(GO) generate ./...

## test: the drift check, go vet, and the unit suites with -race -short
## (the slow suites have targets of their own: reliability, large, fuzz).
test: check-generated vet unit

# Regenerates in place from the working tree's spec/ (committed or not)
# and fails if that changed any generated file: it compares the generated
# outputs with what the inputs produce, so work in progress in spec/ is
# fine as long as `make generate` was run after it.
check-generated:
	@echo "make: checking that the generated files are what spec/ produces"
	@before=$$(mktemp) && after=$$(mktemp) && \
	find $(GENERATED) -type f | LC_ALL=C sort | xargs sha256sum > $$before && \
	$(GO) generate ./... && \
	find $(GENERATED) -type f | LC_ALL=C sort | xargs sha256sum > $$after && \
	if ! cmp -s $$before $$after; then \
		echo "generated files were stale; they are regenerated now (review with git diff, then commit):"; \
		diff $$before $$after | sed -n 's/^[<>] [0-9a-f]*  /  /p' | sort -u; \
		rm -f $$before $$after; exit 1; \
	fi; rm -f $$before $$after

vet:
	@echo "make: go vet"
	$(GO) vet ./...

# The generator-side checkers (apicheck, conformance) are one-goroutine
# programs that link go/types, x/tools and oapi-codegen's generator;
# -race would find nothing in them and costs about 20 s of compiling in
# every run, so they run without it, on what go vet has just compiled.
# go test's own vet pass is off: go vet ./... above runs all of it.
# -tags demo only changes cmd/zoom-register, whose suites mostly run the
# command in demo mode; the build without it is checked by the one test
# that needs it. -p 4 on two cores: suites that wait on the clock (pacing,
# child processes) hold a slot of -p each, and compiling goes on beside
# them (a fresh clone's run: 77 s instead of 91 s).
NORACE := ./internal/cmd/apicheck ./internal/conformance
unit: race-check
	@echo "make: unit suites (go test -race -short; $(NORACE) without -race)"
	$(GO) test -p 4 -race -short -count=1 -vet=off -tags demo $$($(GO) list ./... | grep -v -x -F $(patsubst ./%,-e github.com/zoomgen/zoom/%,$(NORACE)))
	$(GO) test -short -count=1 -vet=off $(NORACE)
	$(GO) test -race -short -count=1 -vet=off -run '^TestBuiltWithoutDemo$$' ./cmd/zoom-register

# -race needs cgo, which Go turns off when it finds no C compiler: say so
# before go test says only "-race requires cgo".
race-check:
	@if [ "$$($(GO) env CGO_ENABLED)" != 1 ]; then \
		echo "make: go test -race needs cgo and a C compiler (CC=$$($(GO) env CC)); install one, e.g. apt-get install gcc"; exit 1; \
	fi

## lint: gofmt, go vet and staticcheck (version pinned in tools/go.mod).
lint: fmt-check vet
	$(TOOL) staticcheck ./...

fmt-check:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "not gofmt'ed:"; echo "$$unformatted"; exit 1; fi

## reliability: the fault-injection suite against the mock (-race); prints
## the table and writes it to bin/reliability.txt.
reliability:
	@mkdir -p $(BIN)
	ZOOMGEN_RELIABILITY_TABLE=$(BIN)/reliability.txt $(GO) test -race -count=1 -run 'Reliability|TestBulkRegister10kWithFaults' -v . ./bulk

## large: the converter on a 3 MB Zoom-shaped collection, every generated
## client compiled with go vet, a 10 MB description, and the converter's
## checks on Zoom's whole collection in ../shared/corpus (skipped where it
## is absent).
large:
	$(GO) test -race -count=1 -run 'TestLargeCollection|TestBadInputs|Corpus' -v ./zoomgen

## endpoint: README's "Adding a Zoom endpoint" on a copy of the working
## tree: a new Postman item, make generate, the drift check and the suites
## that read the spec.
endpoint:
	$(GO) test -count=1 -run TestAddingAnEndpoint -v ./internal/docs

## fuzz: every fuzz target for FUZZTIME each (default 30s).
FUZZTIME ?= 30s
fuzz:
	GO=$(GO) .ci/fuzz $(FUZZTIME)

# fuzz-ci: every fuzz target for 10s, as CI runs them.
fuzz-ci:
	GO=$(GO) .ci/fuzz 10s

## conformance: converts Zoom's whole 2.0.0 collection, generates, builds and
## vets a client for it, and checks it against Zoom's OpenAPI document (the
## corpus in $(CORPUS)): decoding, fact precision/recall, stable names, and
## the committed items' properties. Prints one table; skips without the corpus.
CORPUS ?= ../shared/corpus/zoom-api-2.0.0
conformance:
	ZOOMGEN_CONFORMANCE=1 ZOOMGEN_CORPUS=$(abspath $(CORPUS)) GO=$(GO) $(GO) test -count=1 -timeout 20m -run '^TestConformance$$' -v ./internal/conformance

## slow: every suite make test leaves out.
slow: reliability large endpoint conformance fuzz-ci

## bench: the benchmarks, BENCHCOUNT runs each, summarised by benchstat
## into bin/bench/ (bench/benchstat.txt is the committed summary the
## README quotes; copy over it on purpose).
BENCHCOUNT ?= 6
BENCHPKGS ?= ./zoomgen ./ ./bulk ./webhook
bench:
	@mkdir -p $(BIN)/bench
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) $(BENCHPKGS) | tee $(BIN)/bench/raw.txt
	$(TOOL) benchstat $(BIN)/bench/raw.txt | tee $(BIN)/bench/benchstat.txt

## ci: what .ci/run runs: the tests, lint and every slow suite.
ci: test lint slow
