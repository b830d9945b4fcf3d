#!/usr/bin/env bash
# Regenerates miniprogram-contract/openapi.json from the running service and miniprogram-contract/types/api.d.ts
# from it (openapi-typescript), by running the contract tests in update mode. Commit both with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
SHANGMI_UPDATE_CONTRACT=1 ./test.sh --filter "FullyQualifiedName~Shangmi.Api.Tests.Contract" "$@"
git status --short miniprogram-contract
