#!/usr/bin/env bash
# CI for `make test-spark` (issue 17): what lab spark-submit needs, installed
# once and kept under ~/.cache/fullstack-lab (LAB_CACHE) - a second run does
# nothing but check. Needs Java (on the CI machine), python3 with venv and
# Maven; PySpark 3.5.7 comes from PyPI, the Kafka connector jars from Maven
# Central.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3 and its venv module (Debian splits ensurepip into python3-venv).
if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq python3 python3-venv
fi
command -v java >/dev/null || { echo ".ci/spark.sh: Spark needs Java 8, 11 or 17 on PATH" >&2; exit 1; }
command -v mvn  >/dev/null || { echo ".ci/spark.sh: the connector jars are fetched with Maven (mvn)" >&2; exit 1; }

# The virtualenv with pyspark and the four connector jars (skipped when there).
make build >/dev/null
bin/lab spark-submit --install
