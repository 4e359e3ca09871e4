# fullstack-lab: the week-13 full-stack lab in Go.
#   make lab        the whole class, narrated, on the embedded stack (LAB_STACK picks another)
#   make lab-N      step N alone (and quietly what it needs first)
#   make test       the step suite on the embedded stack (what CI runs first)
#   make bench      the benchmarks; figures go to BENCHMARKS.md

GO      ?= go
LAB     := bin/lab
export CGO_ENABLED := 1

.PHONY: all build lab test bench vet clean

all: build

build:
	$(GO) build -o $(LAB) ./lab

lab: build
	./$(LAB) run

lab-%: build
	./$(LAB) run $*

test:
	$(GO) vet ./...
	$(GO) test -race -shuffle=on -timeout 10m ./...

bench: build
	bash bench/serve.sh
	bash bench/extract.sh

clean:
	rm -rf bin .lab
