#!/bin/sh
# Opt-in (`npm start` and the Docker image run node directly): starts the built API with a V8 heap limit that
# follows the write cache: --max-old-space-size = WRITE_CACHE_MB (default 256) + 256 MB for the rest of the
# server (SERVER_HEAP_MB in apps/api/src/write/write-cache.budget.ts). Under Node's default limit (a few GB on a
# large machine) V8 lets garbage pile up far past what the server keeps; under this one it collects near it.
# Not for a replica that answers as-of questions on large programs while its as-of index trails: the replay
# keeps their event lists on the heap (~1 KB an event, AS_OF_CACHED_PROGRAMS of them), past this limit.
# A limit the operator set (--max-old-space-size in NODE_OPTIONS) is left as it is.
# `exec`: node takes this shell's place (same process id, signals straight to node, no process in between).
set -eu
main="$(dirname "$0")/../dist/apps/api/apps/api/src/main.js"
case " ${NODE_OPTIONS:-} " in
  *--max-old-space-size*|*--max_old_space_size*) exec node "$main" "$@" ;;
esac
cache_mb=${WRITE_CACHE_MB:-256}
case $cache_mb in
  # Not plain digits: no flag; the server accepts or refuses the value with its own message.
  *[!0-9]*) exec node "$main" "$@" ;;
esac
# Without leading zeros: sh reads 0256 as octal.
cache_mb=${cache_mb#"${cache_mb%%[!0]*}"}
exec node --max-old-space-size=$((${cache_mb:-0} + 256)) "$main" "$@"
