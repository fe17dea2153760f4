# The tflint version is pinned in scripts/install-tflint.sh and nowhere else.

GO      ?= go
BIN     := bin
PLUGIN  := tflint-ruleset-eksauth
INSTALL := bash scripts/install-tflint.sh

.PHONY: all build tflint test demo bench fuzz clean

all: build

build:
	$(GO) build -o $(BIN)/$(PLUGIN) .

# Installs the pinned tflint into the user cache (built once) and prints its path.
tflint:
	@$(INSTALL)

# The tests never install anything: they only look for the tools they run
# and fail with the command that provides a missing one. make test provides
# them first, one after another, before any test binary starts: tflint and
# actionlint built with go install into the user cache (at most once per
# machine; a cold tflint build takes minutes and says how far it got), and
# pre-commit from Debian's package when it is not on PATH.
test:
	@tflint="$$($(INSTALL))" && \
	actionlint="$$(bash scripts/install-actionlint.sh)" && \
	bash scripts/install-pre-commit.sh >/dev/null && \
	echo "$(GO) vet ./..." && $(GO) vet ./... && \
	echo "EKSAUTH_TFLINT=$$tflint EKSAUTH_ACTIONLINT=$$actionlint $(GO) test ./..." && \
	EKSAUTH_TFLINT="$$tflint" EKSAUTH_ACTIONLINT="$$actionlint" $(GO) test ./...

# Lints examples/*: before must have findings, after must be clean.
demo:
	@tflint="$$($(INSTALL))" && \
	$(GO) build -o $(BIN)/plugins/$(PLUGIN) . && \
	bash scripts/demo.sh "$$tflint" $(BIN)/plugins

# Go benchmarks (model building, each rule), then whole-tflint timings:
# tflint alone, with a no-op plugin, with eksauth (scripts/bench.sh [DIR]).
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./internal/... ./rules/...
	bash scripts/bench.sh $(BENCH_DIR)

# Runs each fuzz target for FUZZTIME (go test replays the corpora in
# testdata/fuzz on every ordinary run).
FUZZTIME ?= 60s
fuzz:
	$(GO) test ./internal/arn -run='^$$' -fuzz=FuzzParseAndMatch -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/awsauth -run='^$$' -fuzz=FuzzFromYAML -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/resolve -run='^$$' -fuzz=FuzzEval -fuzztime=$(FUZZTIME)

clean:
	rm -rf $(BIN)
	rm -f coverage.out coverage.html cpu.prof mem.prof *.test

# Checks .github/workflows/ and the example workflows with the pinned
# actionlint (built once with go install into the user cache).
.PHONY: lint-workflows
lint-workflows:
	@bash scripts/lint-workflows.sh
