# fullstack-lab: the week-13 full-stack lab in Go.
#   make lab        the whole class, narrated, on the embedded stack (LAB_STACK picks another)
#   make lab-N      step N alone (and quietly what it needs first)
#   make test       the step suite on the embedded stack (what CI runs first)
#   make test-race  every test again under the race detector (CI runs it too)
#   make grade      lab grade: the score table and what is left (exit 0 pass, 1 below the mark, 3 cannot grade)
#   make grade-S    one step S's tests, passing only with all its points (GitHub Classroom's tests)
#   make bench      the benchmarks; figures go to BENCHMARKS.md
#   make test-local       every test on the real services (ZooKeeper, Kafka, HDFS, Hive Metastore, Presto)
#                         as local processes; needs Java 17+ and Maven, fetches ~2.2 GB once
#   make test-external    the steps through the external backend, another stack's services as addresses
#   make test-containers  the containers backend (Docker)
#   make test-compose     the steps against fixtures/compose/docker-compose.yml (Docker)
#   make test-grading     grading checks: each step unsolved alone costs only its own points; scores
#                         equal under two -shuffle seeds (the step suite ~10 times: 11-28 min)

GO      ?= go
LAB     := bin/lab
export CGO_ENABLED := 1

.PHONY: all build lab grade test test-race bench vet clean test-local test-external test-containers test-compose test-grading

all: build

build:
	$(GO) build -o $(LAB) ./lab

lab: build
	./$(LAB) run

lab-%: build
	./$(LAB) run $*

grade: build
	./$(LAB) grade

grade-%: build
	./$(LAB) grade --pass 100 ./steps/$*

test:
	$(GO) vet ./...
	$(GO) test -shuffle=on -timeout 10m ./...
	@# --- embedded Presto: the differential corpus's tally (answered/refused/different), issue 16 ---
	@$(GO) test -count=1 -run '^TestCorpus$$' -v ./harness/embedded/presto/ | grep '^corpus: [0-9]'
	@# --- the containers suite: why it skipped, when it did (issue 15; make test-containers runs it) ---
	@$(GO) test -count=1 -run '^(TestStack|TestSweep)$$' -v ./harness/containers/ | grep -Eo 'containers (suite|stack) skipped: .*' | sort -u || true

# Every test again under the race detector (CI runs it after make test; about
# twice make test's time, most of it building and linking the race binaries).
test-race:
	$(GO) test -race -shuffle=on -timeout 15m ./...

# Every test with LAB_STACK=local: one `lab up --stack local` that the steps'
# tests attach to (through LAB_DIR), plus the local backend's own lifecycle
# tests, which start and kill stacks of their own. The tests named *Restart*
# restart a service of the shared stack (`lab restart`): they run afterwards,
# one package at a time, so that no other test loses the service meanwhile.
test-local: build
	@dir=$$(mktemp -d /tmp/lab-local-XXXXXX); \
	trap 'rc=$$?; [ $$rc -eq 0 ] || tail -n 40 '"$$dir"'/logs/*.log; ./$(LAB) down --dir '"$$dir"' >/dev/null 2>&1; rm -rf '"$$dir" EXIT; \
	./$(LAB) up -d --stack local --dir $$dir && \
	LAB_STACK=local LAB_DIR=$$dir $(GO) test -count=1 -timeout 30m -skip 'Restart' ./... && \
	LAB_STACK=local LAB_DIR=$$dir $(GO) test -count=1 -timeout 15m -p 1 -run 'Restart' ./...
	@# The metastore client again on Hive 4.0.1, which dropped calls Hive 3 clients use.
	@# (PrestoDB 0.287 is one of them: it calls get_table, so the steps stay on Hive 3.)
	@dir=$$(mktemp -d /tmp/lab-local4-XXXXXX); \
	trap './$(LAB) down --dir '"$$dir"' >/dev/null 2>&1; rm -rf '"$$dir" EXIT; \
	LAB_LOCAL_HIVE=4 ./$(LAB) up -d --stack local --dir $$dir >/dev/null && \
	LAB_STACK=local LAB_DIR=$$dir $(GO) test -count=1 -timeout 10m ./harness/hms/
	@# The Kafka-facing steps again on Kafka 4.1 in KRaft mode (one node as broker and
	@# controller, no ZooKeeper), and the backend's Kafka smoke test.
	@dir=$$(mktemp -d /tmp/lab-kraft-XXXXXX); \
	trap 'rc=$$?; [ $$rc -eq 0 ] || tail -n 40 '"$$dir"'/logs/kafka*.log; ./$(LAB) down --dir '"$$dir"' >/dev/null 2>&1; rm -rf '"$$dir" EXIT; \
	LAB_LOCAL_KAFKA=4 ./$(LAB) up -d --stack local --dir $$dir >/dev/null && \
	LAB_STACK=local LAB_DIR=$$dir $(GO) test -count=1 -timeout 10m ./steps/serve/ ./steps/tail/ ./steps/extract/ ./steps/stream/ && \
	LAB_STACK=local LAB_DIR=$$dir $(GO) test -count=1 -timeout 5m -run '^TestKafkaProduceConsume$$' ./harness/local/

# The step suite through the external backend, with the services of another
# stack (local when it is built, else embedded) passed in as LAB_* addresses.
EXTERNAL_FROM ?= $(if $(wildcard harness/local/*.go),local,embedded)
test-external: build
	@dir=$$(mktemp -d /tmp/lab-ext-XXXXXX); \
	trap './$(LAB) down --dir '"$$dir/ext"' >/dev/null 2>&1; ./$(LAB) down --dir '"$$dir/stack"' >/dev/null 2>&1; rm -rf '"$$dir" EXIT; \
	./$(LAB) up -d --stack $(EXTERNAL_FROM) --dir $$dir/stack && \
	./$(LAB) env --dir $$dir/stack > $$dir/external.env && cat $$dir/external.env && \
	./$(LAB) up -d --stack external --env-file $$dir/external.env --dir $$dir/ext && \
	LAB_STACK=external LAB_DIR=$$dir/ext $(GO) test -count=1 -timeout 20m ./steps/... ./harness/external/

# The containers suite, then the step suite on one containers stack (needs Docker;
# without it, LAB_STACK=containers fails saying why).
# The images must be built (lab images build; fixtures/images/ci.sh does it all).
test-containers: build
	LAB_STACK=containers $(GO) test -count=1 -timeout 30m ./harness/containers/...
	@dir=$$(mktemp -d /tmp/lab-ctr-XXXXXX); \
	trap './$(LAB) down --dir '"$$dir"' >/dev/null 2>&1; rm -rf '"$$dir" EXIT; \
	./$(LAB) up -d --stack containers --dir $$dir && \
	LAB_STACK=containers LAB_DIR=$$dir $(GO) test -count=1 -timeout 20m ./steps/...

# The step suite against the class's compose cluster (fixtures/compose, on the lab's images:
# lab images build), started and removed by fixtures/compose/test.sh (docker compose or docker-compose).
test-compose: build
	bash fixtures/compose/test.sh

# Slow checks of lab grade and the starter tree (lab/starter/grading_test.go).
test-grading:
	LAB_TEST_GRADING=1 $(GO) test -count=1 -timeout 90m -v -run '^TestGrading' ./lab/starter/

bench: build
	bash bench/serve.sh
	bash bench/extract.sh
	bash bench/memory.sh
	bash bench/scale.sh
	bash bench/rate.sh
	BACKENDS="embedded local" bash bench/presto.sh
	BACKENDS="embedded local" bash bench/stream.sh
	bash bench/lab.sh
	bash bench/local.sh
	@if docker version >/dev/null 2>&1; then bash bench/containers.sh; else echo "bench/containers.sh skipped: no Docker engine answers"; fi
	BACKENDS="embedded local" bash bench/spark.sh

clean:
	rm -rf bin .lab

# --- test-spark (issue 17): the class's five PySpark jobs (fixtures/class) with
# `lab spark-submit`, checked against the Go steps, on the embedded stack and on
# the local one. Needs python3 with venv, Java and Maven; the first run installs
# PySpark 3.5.7 and the Kafka connector jars into ~/.cache/fullstack-lab.
SPARK_STACKS ?= embedded local
.PHONY: test-spark
test-spark: build
	./$(LAB) spark-submit --install
	@diffs=1; for s in $(SPARK_STACKS); do \
	  dir=$$(mktemp -d /tmp/lab-spark-XXXXXX); \
	  ./$(LAB) up -d --stack $$s --dir $$dir >/dev/null || { rm -rf $$dir; exit 1; }; \
	  echo "test-spark on the $$s stack ($$dir)"; \
	  LAB_SPARK=1 LAB_SPARK_DIFFERENCES=$$diffs LAB_DIR=$$dir LAB_BIN=$(CURDIR)/$(LAB) $(GO) test -count=1 -timeout 90m -v -run Test ./sparktest/ ; rc=$$?; \
	  ./$(LAB) down --dir $$dir >/dev/null 2>&1; rm -rf $$dir; \
	  [ $$rc -eq 0 ] || exit $$rc; diffs=; \
	done
# --- end test-spark
