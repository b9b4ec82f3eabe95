# zoomgen: Postman items → OpenAPI → generated Go client for the Zoom API.
# Every target uses the tool versions pinned in tools/go.mod (a module of
# its own, so that the pins never reach a module importing this one);
# nothing is installed globally.

GO ?= go
TOOL = $(GO) tool -modfile=tools/go.mod
GENERATED := spec spec/zoom.codes.yaml gen zoom_codes.gen.go operations.gen.go pages.gen.go webhook/events.gen.go webhook/events_index.gen.go api

.PHONY: all run demo reliability conformance generate test check-generated vet unit lint fmt-check fuzz bench ci
all: run

## run: regenerate, then the main job: register everyone in $(ATTENDEES) for
## $(MEETING) and write $(RESULTS). Without ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and
## ZOOM_CLIENT_SECRET it runs against the built-in mock Zoom API (demo mode),
## where MEETING may stay empty (the mock's seeded meeting).
ATTENDEES ?= examples/attendees.csv
RESULTS ?= results.csv
MEETING ?=
# -tags demo builds the mock in, for demo mode; a plain `go build` or
# `go install` of cmd/zoom-register leaves it out.
run: generate
	$(GO) run -tags demo ./cmd/zoom-register $(if $(MEETING),-meeting $(MEETING)) -in $(ATTENDEES) -out $(RESULTS)

## demo: one batch registration through the generated client alone.
demo:
	$(GO) run ./cmd/zoom-demo

## generate: Postman items → spec/zoom.openapi.yaml → gen/.
generate:
	$(GO) generate ./...

## test: fail if the committed spec/ or gen/ is stale, then vet and test.
test: check-generated vet unit

# Regenerates in place, then asks git whether anything under spec/ or gen/,
# the error-code name table spec/zoom.codes.yaml (new codes are appended
# there for review), zoom_codes.gen.go or the API files in api/ (new
# identifiers are appended; a removed or changed one fails go generate)
# differs from what is committed (including new, untracked files).
check-generated: generate
	@changes="$$(git status --porcelain -- $(GENERATED))"; \
	if [ -n "$$changes" ]; then \
		echo "generated files differ from the committed ones (run 'make generate' and commit):"; \
		echo "$$changes"; git --no-pager diff --stat -- $(GENERATED); exit 1; \
	fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...
	$(GO) test -race -count=1 -tags demo ./cmd/zoom-register

## lint: gofmt, go vet and staticcheck (version pinned in tools/go.mod).
lint: fmt-check vet
	$(TOOL) staticcheck ./...

fmt-check:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "not gofmt'ed:"; echo "$$unformatted"; exit 1; fi

## fuzz: every fuzz target for FUZZTIME each (default 30s).
FUZZTIME ?= 30s
fuzz:
	GO=$(GO) .ci/fuzz $(FUZZTIME)

## bench: the benchmarks, BENCHCOUNT runs each, summarised by benchstat
## (pinned in tools/go.mod) into bench/benchstat.txt.
BENCHCOUNT ?= 6
BENCHPKGS ?= ./zoomgen ./ ./bulk ./webhook
bench:
	@mkdir -p bench
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) $(BENCHPKGS) | tee bench/raw.txt
	$(TOOL) benchstat bench/raw.txt | tee bench/benchstat.txt

## ci: what .ci/run runs: the README's test command, lint and a short fuzz.
ci: test lint
	GO=$(GO) .ci/fuzz 10s

## reliability: the fault-injection suite against the mock; prints the table
## (registrants sent, registered once, twice, lost, failed) and writes it to
## bench/reliability.txt.
reliability:
	@mkdir -p bench
	ZOOMGEN_RELIABILITY_TABLE=bench/reliability.txt $(GO) test -race -count=1 -run 'Reliability' -v .

## conformance: converts Zoom's whole 2.0.0 collection, generates, builds and
## vets a client for it, and checks it against Zoom's OpenAPI document (the
## corpus in $(CORPUS)): decoding, fact precision/recall, stable names, and
## the committed items' properties. Prints one table; skips without the corpus.
CORPUS ?= ../shared/corpus/zoom-api-2.0.0
conformance:
	ZOOMGEN_CONFORMANCE=1 ZOOMGEN_CORPUS=$(abspath $(CORPUS)) GO=$(GO) $(GO) test -count=1 -timeout 20m -run '^TestConformance$$' -v ./internal/conformance
