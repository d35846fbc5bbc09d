# Backstop. `make demo` tells the story; `make test` proves it. Both install what they need.
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# prometheus provides promtool, which checks deploy/prometheus's alert rules.
APT_PACKAGES := librdkafka-dev librocksdb-dev kcat pkg-config prometheus
PY_PACKAGES := jsonschema pyyaml pytest
# noida-db: the second Kafka-protocol broker of the tests (docs/brokers.md), pinned.
NOIDA_DB := noida-db==0.2.3

.PHONY: deps build demo test bench broker clean

## deps: install the C libraries, kcat, promtool, the Python test tools and noida-db when they are missing
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@python3 -c "import jsonschema, yaml, pytest" 2>/dev/null || python3 -m pip install -q $(PY_PACKAGES)
	@[ "$$(python3 -c 'import importlib.metadata as m; print(m.version("noida-db"))' 2>/dev/null)" = "$(word 2,$(subst ==, ,$(NOIDA_DB)))" ] \
	  || python3 -m pip install -q $(NOIDA_DB)

## build: debug build of everything
build: deps
	$(SWIFT) build

## demo: the whole story on the embedded broker in about a minute; leaves ./backstop-out/
demo: deps
	$(SWIFT) build --product backstop
	$$($(SWIFT) build --show-bin-path)/backstop demo

## test: schema checks of topics/ and deploy/, then every Swift test (the summary line comes last)
test: deps
	python3 -m pytest -q topics/tests deploy/tests
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

## bench: the benchmarks of benchmarks/, release build; run-emit and mirror-ingest on the embedded broker and on noida-db (1,000,000 claimants); figures go in benchmarks/RESULTS.md
bench: deps
	$(SWIFT) build -c release --product backstop-bench
	$$($(SWIFT) build -c release --show-bin-path)/backstop-bench all

## broker: the embedded Kafka cluster with every topic of topics/topics.yaml, until Ctrl-C
broker: deps
	$(SWIFT) build --product backstop
	$$($(SWIFT) build --show-bin-path)/backstop dev-broker

clean:
	rm -rf .build
