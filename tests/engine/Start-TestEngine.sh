#!/usr/bin/env bash
# Provides a Docker engine, local registries and fixture images for the DockerPS
# engine tests. Prints the DOCKERPS_TEST_* lines on stdout; all logging goes to stderr.
set -euo pipefail

exec 3>&1 1>&2              # fd 3 = caller's stdout, reserved for the env lines
export PATH="$PATH:/usr/sbin:/sbin"

RUN_DIR=/run/dockerps-test          # sockets, pidfiles, logs
STATE_DIR=/var/lib/dockerps-test    # engine data root, registry storage
SOCK="$RUN_DIR/docker.sock"
BRIDGE=dockerps0
BRIDGE_CIDR=10.213.213.1/24
REGISTRY=127.0.0.1:5000
AUTH_REGISTRY=127.0.0.1:5001
AUTH_USER=dockerps
AUTH_PASSWORD=dockerps-secret
BUSYBOX_IMAGE=dockerps-fixture/busybox:latest
HTTPD_IMAGE=dockerps-fixture/httpd:latest

log() { echo "[dockerps-test] $*"; }
die() { echo "[dockerps-test] ERROR: $*"; exit 1; }

# Where fixture bookkeeping lives when we only use someone else's engine.
if [[ $(id -u) == 0 ]]; then
    FIXTURE_STATE="$RUN_DIR/external-fixtures"
else
    FIXTURE_STATE="${XDG_RUNTIME_DIR:-/tmp}/dockerps-test-$(id -u)/external-fixtures"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# True when the pid in $1 is alive and its command line contains $2 (guards against reused pids).
alive_ours() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ -n $pid && $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *"$2"* ]]
}

# Picks a docker CLI that can talk to $HOST. /usr/bin/docker (Debian's 20.10, API 1.41)
# matches our engine; a newer CLI on PATH is needed for engines that dropped API 1.41.
find_cli() {
    local c
    for c in /usr/bin/docker "$(command -v docker || true)"; do
        if [[ -x $c ]] && "$c" -H "$HOST" version >/dev/null 2>&1; then DOCKER=$c; return 0; fi
    done
    return 1
}
docker() { "$DOCKER" -H "$HOST" "$@"; }

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" || true; }

ensure_packages() {
    local missing=()
    command -v dockerd >/dev/null || missing+=(docker.io)
    [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) == *"ok installed" ]] || missing+=(busybox-static)
    command -v docker-registry >/dev/null || missing+=(docker-registry)
    command -v tmux >/dev/null || missing+=(tmux)
    command -v htpasswd >/dev/null || missing+=(apache2-utils)
    command -v curl >/dev/null || missing+=(curl)
    command -v ip >/dev/null || missing+=(iproute2)
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get; install them or set DOCKERPS_TEST_HOST"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${missing[@]}"
}

start_dockerd() {
    local pid="" i
    if alive_ours "$RUN_DIR/dockerd.pid" "$SOCK"; then
        log "reusing dockerd pid $(cat "$RUN_DIR/dockerd.pid")"
        STARTED=0
    else
        # Stale pidfiles: dockerd refuses to start if its pid now belongs to another process, and
        # waits for a containerd whose pid merely exists (e.g. unreaped after dockerd was killed).
        rm -f "$RUN_DIR/dockerd.pid"
        alive_ours "$RUN_DIR/exec/containerd/containerd.pid" "$RUN_DIR/exec/containerd" ||
            rm -f "$RUN_DIR/exec/containerd/containerd.pid"
        # Own bridge instead of docker0 and no iptables: a system dockerd (started by the
        # docker.io package on systemd hosts) owns docker0 and the DOCKER* chains, and a second
        # daemon would clobber them. Published ports still work through docker-proxy.
        if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
            ip link add "$BRIDGE" type bridge
            ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
            ip link set "$BRIDGE" up
        fi
        [[ -f $RUN_DIR/daemon.json ]] || echo '{}' >"$RUN_DIR/daemon.json"
        local args=(
            --host "unix://$SOCK"
            --data-root "$STATE_DIR/docker"
            --exec-root "$RUN_DIR/exec"
            --pidfile "$RUN_DIR/dockerd.pid"
            --config-file "$RUN_DIR/daemon.json"    # ignore the host's /etc/docker/daemon.json
            # dockerd attaches to a running system containerd instead of starting its own;
            # separate namespaces keep our containers apart from a system dockerd's.
            --containerd-namespace dockerps-test
            --containerd-plugins-namespace dockerps-test-plugins
            --bridge "$BRIDGE" --iptables=false --ip-forward=false
            --insecure-registry "$REGISTRY" --insecure-registry "$AUTH_REGISTRY"
        )
        # No --storage-driver: dockerd's own probe picks overlay2 (as here) and falls back, down
        # to vfs, where the data root's filesystem cannot host overlay2.
        log "starting dockerd (log: $RUN_DIR/dockerd.log)"
        setsid dockerd "${args[@]}" </dev/null >"$RUN_DIR/dockerd.log" 2>&1 3>&- &
        pid=$!
        STARTED=1
    fi
    for ((i = 0; i < 60; i++)); do
        find_cli && { log "engine up, storage driver $(docker info -f '{{.Driver}}')"; return 0; }
        [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || break    # dockerd died: fail now, not after 30 s
        sleep 0.5
    done
    tail -n 30 "$RUN_DIR/dockerd.log" || true
    die "dockerd exited or did not answer on $HOST within 30 s"
}

# start_registry ADDR [auth]: Debian's docker-registry (distribution 2.x) over plain HTTP.
start_registry() {
    local addr=$1 auth=${2:-} port=${1##*:}
    local dir="$STATE_DIR/registry-$port" pidfile="$RUN_DIR/registry-$port.pid"
    local expect=200 i
    [[ -n $auth ]] && expect=401
    if alive_ours "$pidfile" "$dir/config.yml"; then
        log "reusing registry $addr"
    else
        [[ $(http_code "http://$addr/") == 000 ]] || die "$addr is already in use by another program (a system docker-registry service?)"
        mkdir -p "$dir/data"
        cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
EOF
        if [[ -n $auth ]]; then
            htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$dir/htpasswd"
            printf 'auth:\n  htpasswd:\n    realm: dockerps-test\n    path: %s\n' "$dir/htpasswd" >>"$dir/config.yml"
        fi
        setsid docker-registry serve "$dir/config.yml" </dev/null >"$RUN_DIR/registry-$port.log" 2>&1 3>&- &
        echo $! >"$pidfile"
    fi
    for ((i = 0; i < 40; i++)); do
        [[ $(http_code "http://$addr/v2/") == "$expect" ]] && break
        sleep 0.25
    done
    [[ $(http_code "http://$addr/v2/") == "$expect" ]] || { tail -n 20 "$RUN_DIR/registry-$port.log" || true; die "registry $addr does not answer /v2/ with $expect"; }
    if [[ -n $auth ]]; then
        [[ $(http_code -u "$AUTH_USER:$AUTH_PASSWORD" "http://$addr/v2/") == 200 ]] || die "registry $addr rejects the test credentials"
    fi
}

# Only images built on an engine we do not own are recorded, so Stop-TestEngine can remove
# exactly those; fixtures in our own data root are kept to make the next start fast.
record_fixture() {
    [[ $OWN_ENGINE == 1 ]] && return 0
    mkdir -p "$(dirname "$FIXTURE_STATE")"
    echo "$HOST $1 $(docker image inspect -f '{{.Id}}' "$1")" >>"$FIXTURE_STATE"
}

build_busybox() {
    local root="$WORK/busybox" applet
    log "building $BUSYBOX_IMAGE"
    mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp"
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    while IFS= read -r applet; do
        [[ $applet == bin/busybox ]] && continue
        mkdir -p "$root/$(dirname "$applet")"
        ln -s /bin/busybox "$root/$applet"
    done < <(/bin/busybox --list-full)
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$WORK/busybox.tar" .
    docker import --change 'CMD ["/bin/sh"]' --change 'LABEL dockerps.fixture=true' \
        "$WORK/busybox.tar" "$BUSYBOX_IMAGE" >/dev/null
    record_fixture "$BUSYBOX_IMAGE"
}

# A layer on top of the busybox fixture (via commit), so the image has a parent and history.
build_httpd() {
    local name="dockerps-fixture-build-$$"
    log "building $HTTPD_IMAGE"
    mkdir -m 755 "$WORK/www"
    echo dockerps-httpd-ok >"$WORK/www/index.html"
    chmod 644 "$WORK/www/index.html"
    docker create --name "$name" "$BUSYBOX_IMAGE" >/dev/null
    docker cp "$WORK/www" "$name:/www"
    docker commit --change 'EXPOSE 80' \
        --change 'CMD ["/bin/busybox","httpd","-f","-v","-p","80","-h","/www"]' \
        "$name" "$HTTPD_IMAGE" >/dev/null
    docker rm "$name" >/dev/null
    record_fixture "$HTTPD_IMAGE"
}

ensure_fixtures() {
    docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1 || build_busybox
    docker image inspect "$HTTPD_IMAGE" >/dev/null 2>&1 || build_httpd
}

# Bridge networking + port publishing end to end: host -> docker-proxy -> container.
check_port_publishing() {
    local name="dockerps-selftest-$$" addr body="" i
    docker run -d --name "$name" -p 127.0.0.1::80 "$HTTPD_IMAGE" >/dev/null
    addr=$(docker port "$name" 80/tcp | head -n 1)
    for ((i = 0; i < 20; i++)); do
        body=$(curl -fsS --max-time 2 "http://$addr/" 2>/dev/null) && break
        sleep 0.25
    done
    docker rm -f "$name" >/dev/null
    [[ $body == *dockerps-httpd-ok* ]] || die "published port $addr did not serve the httpd fixture"
    log "port publishing ok ($addr)"
}

if [[ ${1:-} == --provision ]]; then
    # CI provisions the machine before the tests: packages only, nothing started.
    ensure_packages
    exit 0
elif [[ -n ${DOCKERPS_TEST_HOST:-} ]]; then
    HOST=$DOCKERPS_TEST_HOST OWN_ENGINE=0 STARTED=0
    find_cli || die "no docker CLI can reach $HOST"
    [[ -x /bin/busybox ]] || die "building the fixtures needs a static /bin/busybox (Debian package busybox-static)"
    ensure_fixtures
    # Registries are ours only with our engine (a remote engine's 127.0.0.1 is not ours); pass the caller's through.
    REGISTRY=${DOCKERPS_TEST_REGISTRY:-} AUTH_REGISTRY=${DOCKERPS_TEST_AUTH_REGISTRY:-}
elif [[ $(uname -s) == Linux && $(id -u) == 0 ]]; then
    HOST="unix://$SOCK" OWN_ENGINE=1
    ensure_packages
    mkdir -p "$RUN_DIR" "$STATE_DIR"
    start_registry "$REGISTRY"
    start_registry "$AUTH_REGISTRY" auth
    start_dockerd
    ensure_fixtures
    check_port_publishing
else
    die "no Docker engine for the tests. Either set DOCKERPS_TEST_HOST=unix:///path/docker.sock (or tcp://host:port) to use an existing engine, or run this script as root on Debian so it can install docker.io and start its own engine."
fi

printf '%s\n' "DOCKERPS_TEST_HOST=$HOST" "DOCKERPS_TEST_REGISTRY=$REGISTRY" \
    "DOCKERPS_TEST_AUTH_REGISTRY=$AUTH_REGISTRY" "DOCKERPS_TEST_STARTED=$STARTED" >&3
