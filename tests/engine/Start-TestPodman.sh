#!/usr/bin/env bash
# Provides a Podman service with its Docker-compatible API, for a second run of the engine-generic Pester
# tests. Prints DOCKERPS_TEST_PODMAN (the endpoint), DOCKERPS_TEST_PODMAN_STARTED (1 if this run started the
# service) and DOCKERPS_TEST_PODMAN_REGISTRY (a plain registry that Podman may use, or empty) on stdout; all
# logging goes to stderr.
set -euo pipefail

exec 3>&1 1>&2              # fd 3 = caller's stdout, reserved for the env lines
export PATH="$PATH:/usr/sbin:/sbin"

RUN_DIR=/run/dockerps-podman            # socket, pidfile, configuration, logs, runroot, events
STATE_DIR=/var/lib/dockerps-podman      # image and container storage (fixtures kept between runs)
SOCK="$RUN_DIR/podman.sock"
SUBNET=10.214.214.0/24                  # the default network's; the dockerd rig's bridge is 10.213.213.0/24
REGISTRIES=(127.0.0.1:5000 127.0.0.1:5001)  # the dockerd rig's plain-HTTP registries
BUSYBOX_IMAGE=dockerps-fixture/busybox:latest
HTTPD_IMAGE=dockerps-fixture/httpd:latest
HERE=$(cd "$(dirname "$0")" && pwd)

log() { echo "[dockerps-podman] $*"; }
die() { echo "[dockerps-podman] ERROR: $*"; exit 1; }

source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

# The docker CLI as the client: Podman speaks API 1.41, which Debian's CLI (/usr/bin/docker) and newer ones
# both speak.
docker() { command docker -H "$HOST" "$@"; }

ensure_packages() {
    local missing=()
    command -v podman >/dev/null || missing+=(podman)
    command -v netavark >/dev/null || [[ -x /usr/lib/podman/netavark ]] || missing+=(netavark)
    command -v iptables >/dev/null || missing+=(iptables)    # netavark publishes ports with iptables rules
    # Fixtures are built with Start-TestEngine.sh, which needs a docker CLI and a static busybox.
    command -v docker >/dev/null || missing+=(docker.io)
    [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) == *"ok installed" ]] || missing+=(busybox-static)
    command -v curl >/dev/null || missing+=(curl)
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get; install them or set DOCKERPS_TEST_PODMAN"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # No recommends: buildah, fuse-overlayfs, slirp4netns and friends are for rootless use.
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The service's own configuration, so nothing in /etc/containers (or a user's Podman) is read or touched.
# CONTAINERS_CONF replaces every containers.conf; the storage and registries files likewise.
write_config() {
    local nofile nproc pid_max registry driver
    # Podman gives containers nofile and nproc of 1048576 unless told otherwise, and without
    # CAP_SYS_RESOURCE (as in some VMs and containers) runc cannot raise a limit above its hard limit: every
    # container then fails with "error setting rlimits". Podman also lowers its own nproc to pid_max.
    nofile=$(ulimit -Hn)
    nproc=$(ulimit -Hu)
    pid_max=$(cat /proc/sys/kernel/pid_max)
    [[ $nofile == unlimited ]] && nofile=1048576
    [[ $nproc == unlimited || $nproc -gt $pid_max ]] && nproc=$pid_max
    cat >"$RUN_DIR/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[network]
network_backend = "netavark"
network_config_dir = "$STATE_DIR/networks"
default_subnet = "$SUBNET"

[engine]
# No systemd here to delegate cgroups to, nor a journal for events.
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$RUN_DIR/events.log"
tmp_dir = "$RUN_DIR/libpod"
EOF
    # overlay where the kernel has it (native, as root), else vfs; storage made with vfs stays so.
    driver=overlay
    grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || driver=vfs
    [[ -d $STATE_DIR/storage/vfs-layers ]] && driver=vfs
    cat >"$RUN_DIR/storage.conf" <<EOF
[storage]
driver = "$driver"
runroot = "$RUN_DIR/storage"
graphroot = "$STATE_DIR/storage"
EOF
    {
        echo 'unqualified-search-registries = ["docker.io"]'
        for registry in "${REGISTRIES[@]}"; do
            printf '\n[[registry]]\nlocation = "%s"\ninsecure = true\n' "$registry"
        done
    } >"$RUN_DIR/registries.conf"
}

PODMAN_ENV=(CONTAINERS_CONF="$RUN_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$RUN_DIR/storage.conf"
    CONTAINERS_REGISTRIES_CONF="$RUN_DIR/registries.conf")

# Starts podman system service on $SOCK, or reuses the one an earlier run started; sets STARTED.
start_service() {
    local pid="" i
    if alive_ours "$RUN_DIR/podman.pid" "$SOCK"; then
        log "reusing podman service pid $(cat "$RUN_DIR/podman.pid") on $SOCK"
        STARTED=0
    else
        mkdir -p "$RUN_DIR" "$STATE_DIR"
        rm -f "$RUN_DIR/podman.pid" "$SOCK"
        write_config
        : >"$RUN_DIR/events.log"    # the file logger never rotates; a fresh service starts a fresh log
        log "starting podman system service (log: $RUN_DIR/podman.log)"
        # In / rather than the caller's folder, which its containers' conmon processes would keep busy. The
        # exec chain (env, setsid) keeps $! the service's own pid.
        (cd / && exec env "${PODMAN_ENV[@]}" setsid podman system service --time=0 "$HOST" </dev/null >"$RUN_DIR/podman.log" 2>&1 3>&-) &
        pid=$!
        echo "$pid" >"$RUN_DIR/podman.pid"
        STARTED=1
    fi
    for ((i = 0; i < 60; i++)); do
        if docker version >/dev/null 2>&1; then
            log "Podman $(docker version -f '{{.Server.Version}}') up on $HOST, storage driver $(docker info -f '{{.Driver}}')"
            return 0
        fi
        [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || break    # the service died: fail now, not after 30 s
        sleep 0.5
    done
    tail -n 30 "$RUN_DIR/podman.log" || true
    die "podman system service exited or did not answer on $HOST within 30 s"
}

# Fixtures are built by the dockerd rig's script, pointed at this engine. Our storage is our own, so they are
# kept for the next start rather than recorded for Stop-TestEngine.sh to remove.
build_fixtures() {
    DOCKERPS_TEST_HOST=$HOST DOCKERPS_TEST_OWN_ENGINE=$1 bash "$HERE/Start-TestEngine.sh" >/dev/null ||
        die "building the fixture images on $HOST failed"
}

# Runs, publishes a port and execs: what the tests need, and what a wrong ulimit, cgroup or network setting
# breaks.
self_test() {
    local name="dockerps-podman-selftest-$$" addr body="" i
    docker rm -f "$name" >/dev/null 2>&1 || true
    docker run -d --name "$name" -p 127.0.0.1::80 "$HTTPD_IMAGE" >/dev/null ||
        die "Podman cannot run a container (see the error above and $RUN_DIR/podman.log)"
    addr=$(docker port "$name" 80/tcp | head -n 1)
    for ((i = 0; i < 20; i++)); do
        body=$(curl -fsS --max-time 2 "http://$addr/" 2>/dev/null) && break
        sleep 0.25
    done
    [[ $(docker exec "$name" echo exec-ok 2>&1) == exec-ok ]] || { docker rm -f "$name" >/dev/null; die "exec does not work on $HOST"; }
    docker rm -f "$name" >/dev/null
    [[ $body == *dockerps-httpd-ok* ]] || die "published port $addr did not serve the httpd fixture"
    # A container's exit is recorded by "podman container cleanup", which conmon runs; when that fails
    # (a storage configuration that changed under the database, say), waits and die events never come.
    timeout 20 docker -H "$HOST" run --rm "$BUSYBOX_IMAGE" true >/dev/null 2>&1 ||
        die "Podman does not notice containers exit (its cleanup command fails): stop the rig, remove $STATE_DIR and start again"
    log "run, port publishing, exec and exit ok ($addr)"
}

if [[ ${1:-} == --provision ]]; then
    # CI provisions the machine before the tests: packages only, nothing started.
    ensure_packages
    exit 0
elif [[ -n ${DOCKERPS_TEST_PODMAN:-} ]]; then
    # Someone else's Podman: used as it is; fixtures built there are recorded for Stop-TestEngine.sh. Whether it
    # may use our plain-HTTP registry is its own configuration's business, so none is offered.
    HOST=$DOCKERPS_TEST_PODMAN STARTED=0 REGISTRY=""
    docker version >/dev/null 2>&1 || die "no Podman answers on $HOST"
    build_fixtures 0
elif [[ $(uname -s) == Linux && $(id -u) == 0 ]]; then
    HOST="unix://$SOCK"
    ensure_packages
    start_service
    build_fixtures 1
    self_test
    # The dockerd rig's plain registry, when it runs: our registries.conf lets Podman use it over HTTP.
    REGISTRY=""
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://${REGISTRIES[0]}/v2/" || true) == 200 ]] && REGISTRY=${REGISTRIES[0]}
else
    die "no Podman for the tests. Either set DOCKERPS_TEST_PODMAN=unix:///path/podman.sock to use a running 'podman system service', or run this script as root on Linux (Debian) so it can install podman and start its own."
fi

printf '%s\n' "DOCKERPS_TEST_PODMAN=$HOST" "DOCKERPS_TEST_PODMAN_STARTED=$STARTED" "DOCKERPS_TEST_PODMAN_REGISTRY=$REGISTRY" >&3
