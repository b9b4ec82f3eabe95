# zoomgen: Postman items → OpenAPI → generated Go client for the Zoom API.
# Every target uses the tool versions pinned in go.mod; nothing is installed
# globally.

GO ?= go
GENERATED := spec gen zoom_codes.gen.go

.PHONY: all run generate test check-generated vet unit
all: run

## run: regenerate, build and run the main job (the built-in mock Zoom API
## when no credentials are set).
run: generate
	$(GO) run ./cmd/zoom-demo

## generate: Postman items → spec/zoom.openapi.yaml → gen/.
generate:
	$(GO) generate ./...

## test: fail if the committed spec/ or gen/ is stale, then vet and test.
test: check-generated vet unit

# Regenerates in place, then asks git whether anything under spec/ or gen/
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
