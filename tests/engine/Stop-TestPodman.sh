#!/usr/bin/env bash
# Stops what Start-TestPodman.sh started: the podman service and the containers in its storage (they run under
# their own conmon processes and would outlive the service). Keeps the storage, fixture images included, for
# the next start. Touches nothing else and is safe to run repeatedly.
set -euo pipefail

export PATH="$PATH:/usr/sbin:/sbin"

RUN_DIR=/run/dockerps-podman
STATE_DIR=/var/lib/dockerps-podman
SOCK="$RUN_DIR/podman.sock"

log() { echo "[dockerps-podman] $*" >&2; }

[[ $(id -u) == 0 && -d $RUN_DIR ]] || exit 0

source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

# Our storage is ours alone, so every container in it is a leftover of the tests (or of a killed run). Removed
# with podman itself rather than through the service, so this works after the service died too.
if [[ -f $RUN_DIR/containers.conf && -f $RUN_DIR/storage.conf ]]; then
    podman_env=(env CONTAINERS_CONF="$RUN_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$RUN_DIR/storage.conf"
        CONTAINERS_REGISTRIES_CONF="$RUN_DIR/registries.conf")
    leftovers=$("${podman_env[@]}" podman ps -aq 2>/dev/null | wc -l) || leftovers=0
    if ((leftovers > 0)); then
        log "removing $leftovers leftover container(s)"
        "${podman_env[@]}" podman rm -af -t 1 >/dev/null || log "could not remove every container"
    fi
fi

if pid=$(pid_ours "$RUN_DIR/podman.pid" "$SOCK"); then
    stop_pid "$pid" "podman service"
fi
rm -f "$RUN_DIR/podman.pid"

# A finished exec's conmon waits up to 5 minutes for its exit code to be read; the containers are gone, so
# the ones on our storage are not worth waiting for.
for pid in $(pgrep -x conmon || true); do
    [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *" -b $STATE_DIR/storage/"* ]] && kill "$pid" 2>/dev/null || true
done
