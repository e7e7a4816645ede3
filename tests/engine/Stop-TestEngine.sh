#!/usr/bin/env bash
# Stops what Start-TestEngine.sh started (the three dockerds, their containerds, the registries, the sshd) and removes
# fixture images it built on an engine given via DOCKERPS_TEST_HOST. Touches nothing else.
# --engine3 stops the third engine alone (its dockerd, containerd and bridge), leaving the rest of the rig running.
set -euo pipefail

export PATH="$PATH:/usr/sbin:/sbin"

RUN_DIR=/run/dockerps-test
STATE_DIR=/var/lib/dockerps-test
RUN_DIR2=/run/dockerps-test2
STATE_DIR2=/var/lib/dockerps-test2
RUN_DIR3=/run/dockerps-test3
STATE_DIR3=/var/lib/dockerps-test3
BRIDGES=(dockerps0 dockerps2 dockerps3)    # Start-TestEngine.sh's, one per engine

log() { echo "[dockerps-test] $*" >&2; }

if [[ $(id -u) == 0 ]]; then
    FIXTURE_STATE="$RUN_DIR/external-fixtures"
else
    FIXTURE_STATE="${XDG_RUNTIME_DIR:-/tmp}/dockerps-test-$(id -u)/external-fixtures"
fi

source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

# stop_pidfile PIDFILE MATCH NAME
stop_pidfile() {
    local pid
    if pid=$(pid_ours "$1" "$2"); then stop_pid "$pid" "$3"; fi
    rm -f "$1"
}

# Fixture images built on someone else's engine: remove each only if the tag still points at
# the image we built. Entries whose engine is unreachable are kept for a later run.
remove_external_fixtures() {
    [[ -s $FIXTURE_STATE ]] || { rm -f "$FIXTURE_STATE"; return 0; }
    local host ref id c cli current keep=()
    while read -r host ref id; do
        cli=""
        for c in /usr/bin/docker "$(command -v docker || true)"; do
            if [[ -x $c ]] && "$c" -H "$host" version >/dev/null 2>&1; then cli=$c; break; fi
        done
        if [[ -z $cli ]]; then
            log "cannot reach $host, keeping $ref for a later run"
            keep+=("$host $ref $id")
            continue
        fi
        current=$("$cli" -H "$host" image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)
        if [[ $current == "$id" ]]; then
            log "removing $ref from $host"
            "$cli" -H "$host" rmi "$ref" >/dev/null || { log "could not remove $ref"; keep+=("$host $ref $id"); }
        fi
    done < <(tac "$FIXTURE_STATE")    # newest first: httpd before the busybox image it is built on
    if ((${#keep[@]})); then printf '%s\n' "${keep[@]}" | tac >"$FIXTURE_STATE"; else rm -f "$FIXTURE_STATE"; fi
}

# stop_engine RUN_DIR STATE_DIR NAMESPACE: the dockerd of one rig engine and whatever a killed
# one left behind.
stop_engine() {
    local run=$1 state=$2 ns=$3 runc_root id init shim
    [[ -d $run ]] || return 0
    stop_pidfile "$run/dockerd.pid" "$run/docker.sock" "dockerd ($run)"
    # Normally dockerd stops its managed containerd; after a SIGKILL it is left behind.
    stop_pidfile "$run/exec/containerd/containerd.pid" "$run/exec/containerd" "containerd ($run)"
    # ...and its containers keep running under their shims. runc verifies the pid's start time itself.
    runc_root="$run/exec/runtime-runc/$ns"
    if [[ -d $runc_root ]]; then
        while read -r id init; do
            shim=$(awk '/^PPid:/ { print $2 }' "/proc/$init/status" 2>/dev/null || true)
            log "killing leftover container ${id:0:12}"
            runc --root "$runc_root" kill --all "$id" KILL || true
            if [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$shim/cmdline") == *"-id $id -address $run/exec/containerd/"* ]]; then
                stop_pid "$shim" "shim ${id:0:12}"
            fi
        done < <(runc --root "$runc_root" list | awk '$3 == "running" { print $1, $2 }')
    fi
    # Likewise a killed dockerd leaves its mounts behind (data-root bind mount, container rootfs, netns).
    awk -v root="$state/docker" -v exec="$run/exec" \
        '$5 == root || index($5, root "/") == 1 || index($5, exec "/") == 1 { print $5 }' /proc/self/mountinfo |
        sort -r | while read -r mnt; do umount -l "$mnt" && log "unmounted leftover $mnt"; done
}

# remove_bridge NAME
remove_bridge() {
    if ip link show "$1" >/dev/null 2>&1; then
        log "removing bridge $1"
        ip link del "$1"
    fi
}

if [[ ${1:-} == --engine3 ]]; then
    [[ $(id -u) == 0 ]] || exit 0
    stop_engine "$RUN_DIR3" "$STATE_DIR3" dockerps-test3
    remove_bridge "${BRIDGES[2]}"
    exit 0
fi

# The rig's sshd, the sessions it serves (which ends the clients' shared ssh connections to it), and its folder.
stop_sshd() {
    local dir="$RUN_DIR/ssh" pid child
    if pid=$(pid_ours "$dir/sshd.pid" "$dir/sshd_config"); then
        for child in $(pgrep -P "$pid" || true); do pkill -P "$child" 2>/dev/null || true; kill "$child" 2>/dev/null || true; done
        stop_pid "$pid" "sshd :$(sed -n 's/^Port //p' "$dir/sshd_config")"
    fi
    [[ -f $dir/made-run-sshd ]] && rmdir /run/sshd 2>/dev/null
    rm -rf "$dir"
}

# Engine 2 leaves the swarm Start-TestEngine.sh made it manage (its state would outlive the engine in its data root);
# docker_gwbridge goes only when the start made it, never one the host had.
leave_swarm2() {
    local cli
    [[ -S $RUN_DIR2/docker.sock ]] || return 0
    cli=$(command -v docker || echo /usr/bin/docker)
    if [[ $("$cli" -H "unix://$RUN_DIR2/docker.sock" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null) == active ]]; then
        log "engine 2 leaves its swarm"
        "$cli" -H "unix://$RUN_DIR2/docker.sock" swarm leave --force >/dev/null || log "engine 2 could not leave its swarm"
    fi
}

remove_external_fixtures

[[ $(id -u) == 0 ]] || exit 0

stop_sshd
leave_swarm2

# In parallel: each registry needs 1-2 s to exit, a dockerd up to 10 s to stop leftover containers.
stops=()
if [[ -d $RUN_DIR ]]; then
    for port in 5000 5001; do
        stop_pidfile "$RUN_DIR/registry-$port.pid" "$STATE_DIR/registry-$port/config.yml" "registry :$port" &
        stops+=($!)
    done
fi
stop_engine "$RUN_DIR" "$STATE_DIR" dockerps-test &
stops+=($!)
stop_engine "$RUN_DIR2" "$STATE_DIR2" dockerps-test2 &
stops+=($!)
stop_engine "$RUN_DIR3" "$STATE_DIR3" dockerps-test3 &
stops+=($!)
for pid in "${stops[@]}"; do wait "$pid"; done    # a failed stop ends the script here; a rerun retries
rm -rf "$STATE_DIR/registry-5000" "$STATE_DIR/registry-5001"    # pushed test images must not leak into the next run
for bridge in "${BRIDGES[@]}"; do remove_bridge "$bridge"; done
if [[ -f $RUN_DIR2/made-docker_gwbridge ]]; then
    remove_bridge docker_gwbridge
    rm -f "$RUN_DIR2/made-docker_gwbridge"
fi
