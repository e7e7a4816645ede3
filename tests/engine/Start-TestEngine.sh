#!/usr/bin/env bash
# Provides three Docker engines (the second also over TLS, the third a newer dockerd), local registries and
# fixture images for the DockerPS engine tests. Prints the DOCKERPS_TEST_* lines on stdout; all logging goes to
# stderr.
set -euo pipefail

exec 3>&1 1>&2              # fd 3 = caller's stdout, reserved for the env lines
export PATH="$PATH:/usr/sbin:/sbin"

RUN_DIR=/run/dockerps-test          # sockets, pidfiles, logs
STATE_DIR=/var/lib/dockerps-test    # engine data root, registry storage
SOCK="$RUN_DIR/docker.sock"
BRIDGE=dockerps0
BRIDGE_CIDR=10.213.213.1/24
BRIDGE2=dockerps2                    # the second engine's: without one of its own, dockerd deletes docker0
BRIDGE2_CIDR=10.213.215.1/24
REGISTRY=127.0.0.1:5000
AUTH_REGISTRY=127.0.0.1:5001
AUTH_USER=dockerps
AUTH_PASSWORD=dockerps-secret
BUSYBOX_IMAGE=dockerps-fixture/busybox:latest
HTTPD_IMAGE=dockerps-fixture/httpd:latest
# Second engine: multiple-engine and TLS tests.
RUN_DIR2=/run/dockerps-test2
STATE_DIR2=/var/lib/dockerps-test2
SOCK2="$RUN_DIR2/docker.sock"
TLS_HOST=tcp://127.0.0.1:2376
CERTS="$RUN_DIR2/certs"
# Third engine: Debian 13's docker.io (dockerd 26, Engine API 1.45), for the tests whose engine answers differ by
# API version. Its packages come from the trixie suite of the mirror the system's apt uses, fetched with apt
# configured apart from the system's, cached, and unpacked beside the system's packages, not installed.
RUN_DIR3=/run/dockerps-test3
STATE_DIR3=/var/lib/dockerps-test3
SOCK3="$RUN_DIR3/docker.sock"
BRIDGE3=dockerps3
BRIDGE3_CIDR=10.213.217.1/24
POOL3=10.216.0.0/16                  # its user networks' subnets, apart from the other engines' default ones
ENGINE3_SUITE=trixie
ENGINE3_PACKAGES=(docker.io containerd)
ENGINE3_CACHE=/var/cache/dockerps-test3    # the private apt's configuration and lists, and the downloaded .debs
ENGINE3_ROOT=/opt/dockerps-test3           # the packages unpacked
# The first engine reached over ssh, as ssh://root@127.0.0.1:$SSH_PORT: an sshd of the rig's own on loopback, whose
# one key may only run docker system dial-stdio against that engine. The client side is an ssh on a PATH of the
# rig's own that reads the rig's ssh configuration (key, known_hosts), so the user's ~/.ssh is never touched.
SSH_DIR="$RUN_DIR/ssh"
SSH_PORT=22422

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

source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

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
    command -v openssl >/dev/null || missing+=(openssl)
    [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
    command -v ssh >/dev/null || missing+=(openssh-client)
    [[ $(dpkg-query -W -f='${Status}' python3-docker 2>/dev/null) == *"ok installed" ]] || missing+=(python3-docker)   # bench/'s docker-py peer
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get; install them or set DOCKERPS_TEST_HOST"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${missing[@]}"
}

# run_dockerd RUN_DIR STATE_DIR NAMESPACE ARGS...: starts a dockerd serving unix://RUN_DIR/docker.sock
# (plus ARGS), or reuses the one an earlier run started, and waits until $HOST answers.
# Sets LAUNCHED to 1 if it started the daemon.
run_dockerd() {
    local run=$1 state=$2 ns=$3 pid="" i
    shift 3
    if alive_ours "$run/dockerd.pid" "$run/docker.sock"; then
        log "reusing dockerd pid $(cat "$run/dockerd.pid") on $run/docker.sock"
        LAUNCHED=0
    else
        # Stale pidfiles: dockerd refuses to start if its pid now belongs to another process, and
        # waits for a containerd whose pid merely exists (e.g. unreaped after dockerd was killed).
        rm -f "$run/dockerd.pid"
        alive_ours "$run/exec/containerd/containerd.pid" "$run/exec/containerd" ||
            rm -f "$run/exec/containerd/containerd.pid"
        [[ -f $run/daemon.json ]] || echo '{}' >"$run/daemon.json"
        local args=(
            --host "unix://$run/docker.sock"
            --data-root "$state/docker"
            --exec-root "$run/exec"
            --pidfile "$run/dockerd.pid"
            --config-file "$run/daemon.json"    # ignore the host's /etc/docker/daemon.json
            # dockerd attaches to a running system containerd instead of starting its own;
            # separate namespaces keep our containers apart from a system dockerd's (and each other's).
            --containerd-namespace "$ns"
            --containerd-plugins-namespace "$ns-plugins"
            "$@"
        )
        # No --storage-driver: dockerd's own probe picks overlay2 (as here) and falls back, down
        # to vfs, where the data root's filesystem cannot host overlay2.
        log "starting dockerd (log: $run/dockerd.log)"
        setsid dockerd "${args[@]}" </dev/null >"$run/dockerd.log" 2>&1 3>&- &
        pid=$!
        LAUNCHED=1
    fi
    for ((i = 0; i < 60; i++)); do
        find_cli && { log "engine up on $HOST, storage driver $(docker info -f '{{.Driver}}')"; return 0; }
        [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || break    # dockerd died: fail now, not after 30 s
        sleep 0.5
    done
    tail -n 30 "$run/dockerd.log" || true
    die "dockerd exited or did not answer on $HOST within 30 s"
}

# ensure_bridge NAME CIDR: the rig's own bridge, made once. Each engine gets its own instead of docker0, and
# no iptables: a system dockerd (started by the docker.io package on systemd hosts) owns docker0 and the
# DOCKER* chains, and a second daemon would clobber them; one with --bridge none would even delete docker0.
# Published ports still work through docker-proxy.
ensure_bridge() {
    if ! ip link show "$1" >/dev/null 2>&1; then
        ip link add "$1" type bridge
        ip addr add "$2" dev "$1"
        ip link set "$1" up
    fi
}

start_dockerd() {
    ensure_bridge "$BRIDGE" "$BRIDGE_CIDR"
    run_dockerd "$RUN_DIR" "$STATE_DIR" dockerps-test \
        --bridge "$BRIDGE" --iptables=false --ip-forward=false \
        --insecure-registry "$REGISTRY" --insecure-registry "$AUTH_REGISTRY"
    STARTED=$LAUNCHED
}

# new_cert KEY CERT SUBJECT OPTIONS...: a new RSA key and a 10-year certificate for it, self-signed
# unless OPTIONS name an issuer (-CA, -CAkey). RSA because DockerPS's netstandard2.0 PEM loader
# (Docker.DotNet.X509 on BouncyCastle) rejects EC keys in PKCS#8 form. -config /dev/null keeps
# the system openssl.cnf from marking every certificate CA:TRUE.
new_cert() {
    local key=$1 cert=$2 subject=$3
    shift 3
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key"
    openssl req -config /dev/null -new -x509 -days 3650 -key "$key" -subj "$subject" -out "$cert" "$@"
}

# TLS material for the second engine, made once per boot (/run is a tmpfs). Folders in the
# DOCKER_CERT_PATH layout: server/ (the engine's), client/ (CA + client pair), wrong-ca/ (the client
# pair with an unrelated CA), no-client/ (the CA only). The CA keys are not kept.
ensure_certs() {
    [[ -d $CERTS ]] && return 0
    local new="$CERTS.new" ca=(-addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign')
    log "generating TLS certificates in $CERTS"
    rm -rf "$new"
    mkdir -p "$new"/{server,client,wrong-ca,no-client}
    new_cert "$WORK/ca-key.pem" "$new/client/ca.pem" /CN=dockerps-test-ca "${ca[@]}"
    new_cert "$WORK/wrong-ca-key.pem" "$new/wrong-ca/ca.pem" /CN=dockerps-test-wrong-ca "${ca[@]}"
    new_cert "$new/server/key.pem" "$new/server/cert.pem" /CN=localhost \
        -CA "$new/client/ca.pem" -CAkey "$WORK/ca-key.pem" \
        -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' -addext extendedKeyUsage=serverAuth
    new_cert "$new/client/key.pem" "$new/client/cert.pem" /CN=dockerps-test-client \
        -CA "$new/client/ca.pem" -CAkey "$WORK/ca-key.pem" -addext extendedKeyUsage=clientAuth
    cp "$new/client/ca.pem" "$new/server/"
    cp "$new/client/ca.pem" "$new/no-client/"
    cp -p "$new/client/cert.pem" "$new/client/key.pem" "$new/wrong-ca/"
    mv -T "$new" "$CERTS"    # all or nothing: a run killed halfway starts over
}

# The second engine: a bridge of its own, and its API also on $TLS_HOST, which demands a client
# certificate from our CA.
start_dockerd2() {
    local HOST="unix://$SOCK2"    # dynamic scope: docker, find_cli and build_busybox below use engine 2
    ensure_certs
    ensure_bridge "$BRIDGE2" "$BRIDGE2_CIDR"
    # The swarm's docker_gwbridge network outlives the swarm in the engine's stored networks, and a start would make
    # its interface again before init_swarm2 could tell whether the host had one: each start begins without them.
    alive_ours "$RUN_DIR2/dockerd.pid" "$SOCK2" || rm -f "$STATE_DIR2/docker/network/files/local-kv.db"
    run_dockerd "$RUN_DIR2" "$STATE_DIR2" dockerps-test2 \
        --host "$TLS_HOST" --tlsverify --tlscacert "$CERTS/server/ca.pem" \
        --tlscert "$CERTS/server/cert.pem" --tlskey "$CERTS/server/key.pem" \
        --bridge "$BRIDGE2" --iptables=false --ip-forward=false
    [[ $(http_code --cacert "$CERTS/client/ca.pem" --cert "$CERTS/client/cert.pem" --key "$CERTS/client/key.pem" \
        "https://${TLS_HOST#tcp://}/_ping") == 200 ]] ||
        die "$TLS_HOST does not accept the client certificate in $CERTS/client (certificates replaced while the engine ran? Stop-TestEngine.sh, then start again)"
    log "TLS endpoint ok ($TLS_HOST)"
    docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1 || build_busybox
}

# init_swarm2: engine 2 as a one-node swarm manager advertising 127.0.0.1, for the swarm tests (DOCKERPS_TEST_SWARM);
# an engine already in a swarm is left as it is. The swarm's docker_gwbridge is marked as the rig's only when the
# host had none before, so Stop-TestEngine.sh removes no interface the rig did not make.
init_swarm2() {
    local HOST="unix://$SOCK2"    # dynamic scope: docker below talks to engine 2
    if [[ $(docker info --format '{{.Swarm.LocalNodeState}}') == active ]]; then
        log "engine 2 is already a swarm manager"
        return 0
    fi
    ip link show docker_gwbridge >/dev/null 2>&1 || touch "$RUN_DIR2/made-docker_gwbridge"
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
    log "engine 2 is now a one-node swarm manager"
}

# The mirror the system's apt takes its own release's main component from, as apt reads /etc/apt/sources.list and
# sources.list.d (one-line and deb822 files alike).
debian_mirror() {
    local codename
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' |
        awk -v suite="$codename" '$2 == suite && $3 == "main" { print $1; exit }'
}

# The third engine's .debs in $ENGINE3_CACHE/debs, downloaded once (remove the folder to fetch them anew). The apt
# doing it has sources, lists and cache of its own there, and no update hooks, so the system's apt configuration,
# lists and caches stay as they are.
fetch_engine3() {
    local apt="$ENGINE3_CACHE/apt" download="$ENGINE3_CACHE/download" mirror package keyring="" missing=0
    for package in "${ENGINE3_PACKAGES[@]}"; do
        compgen -G "$ENGINE3_CACHE/debs/${package}_*.deb" >/dev/null || missing=1
    done
    ((missing)) || return 0
    command -v apt-get >/dev/null ||
        die "the third engine's packages come from Debian through apt-get; set DOCKERPS_TEST_HOST3 to a newer engine's address, or to none"
    mirror=$(debian_mirror)
    [[ -n $mirror ]] ||
        die "no Debian mirror in /etc/apt/sources.list(.d) to fetch $ENGINE3_SUITE's ${ENGINE3_PACKAGES[*]} from; set DOCKERPS_TEST_HOST3 to a newer engine's address, or to none"
    [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] && keyring="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg "
    log "fetching ${ENGINE3_PACKAGES[*]} from $mirror $ENGINE3_SUITE (cached in $ENGINE3_CACHE)"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
    echo "deb [${keyring}target=Packages] $mirror $ENGINE3_SUITE main" >"$apt/sources.list"
    cat >"$apt/apt.conf" <<EOF
Dir::Etc::SourceList "$apt/sources.list";
Dir::Etc::SourceParts "/dev/null";
Dir::State::Lists "$apt/lists";
Dir::Cache "$apt/cache";
#clear APT::Update::Post-Invoke-Success;
EOF
    apt-get -c "$apt/apt.conf" -q update
    # apt downloads as its _apt user where that user may write.
    rm -rf "$download"
    mkdir -p "$download"
    chown _apt "$download" 2>/dev/null || true
    (cd "$download" && apt-get -c "$apt/apt.conf" -q download "${ENGINE3_PACKAGES[@]}")
    mkdir -p "$ENGINE3_CACHE/debs"
    mv "$download"/*.deb "$ENGINE3_CACHE/debs/"    # only whole downloads reach the cache
    rm -rf "$download"
}

# The cached packages unpacked into $ENGINE3_ROOT, again whenever the cache holds other ones.
unpack_engine3() {
    local debs=("$ENGINE3_CACHE"/debs/*.deb) new="$ENGINE3_ROOT.new" deb
    [[ $(cat "$ENGINE3_ROOT/.debs" 2>/dev/null) == "$(basename -a "${debs[@]}")" ]] && return 0
    log "unpacking $(basename -a "${debs[@]}" | tr '\n' ' ')into $ENGINE3_ROOT"
    rm -rf "$new"
    mkdir -p "$new"
    for deb in "${debs[@]}"; do
        dpkg-deb -x "$deb" "$new" || die "cannot unpack $deb: remove $ENGINE3_CACHE/debs to fetch the packages again"
    done
    basename -a "${debs[@]}" >"$new/.debs"
    rm -rf "$ENGINE3_ROOT"
    mv -T "$new" "$ENGINE3_ROOT"
}

# The third engine, like the others with a bridge of its own, and its user networks' subnets from a pool of its
# own. Its dockerd, containerd, shims and docker-proxy are the unpacked ones, first on its PATH; runc and
# docker-init are the system's (trixie's runc needs a newer glibc than bookworm's).
start_dockerd3() {
    local HOST="unix://$SOCK3"    # dynamic scope, as in start_dockerd2
    if ! alive_ours "$RUN_DIR3/dockerd.pid" "$SOCK3"; then
        fetch_engine3
        unpack_engine3
        # A dockerd given --default-address-pool that finds its default bridge network stored from an earlier
        # start deletes the host's docker0, whatever its --bridge: each start begins without stored networks.
        rm -f "$STATE_DIR3/docker/network/files/local-kv.db"
    fi
    mkdir -p "$RUN_DIR3" "$STATE_DIR3"
    ensure_bridge "$BRIDGE3" "$BRIDGE3_CIDR"
    PATH="$ENGINE3_ROOT/usr/sbin:$ENGINE3_ROOT/usr/bin:$PATH" run_dockerd "$RUN_DIR3" "$STATE_DIR3" dockerps-test3 \
        --bridge "$BRIDGE3" --iptables=false --ip-forward=false \
        --default-address-pool "base=$POOL3,size=24" \
        --insecure-registry "$REGISTRY" --insecure-registry "$AUTH_REGISTRY"
    ensure_fixtures
    check_port_publishing
}

# A newer engine someone else runs (DOCKERPS_TEST_HOST3): used as it is; fixtures built there are recorded for
# Stop-TestEngine.sh to remove.
use_engine3() {
    local HOST=$1 OWN_ENGINE=0
    find_cli || die "no docker CLI can reach $HOST (DOCKERPS_TEST_HOST3)"
    ensure_fixtures
}

# start_sshd: the rig's sshd on 127.0.0.1:$SSH_PORT (reused when running), its keys made once per start; sets SSH_HOST
# and SSH_PATH (the folder whose ssh uses the rig's configuration).
start_sshd() {
    local pidfile="$SSH_DIR/sshd.pid" i
    if alive_ours "$pidfile" "$SSH_DIR/sshd_config"; then
        log "reusing sshd on 127.0.0.1:$SSH_PORT"
    else
        ! (exec 4<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null || die "127.0.0.1:$SSH_PORT is already in use by another program"
        rm -rf "$SSH_DIR"
        mkdir -p -m 700 "$SSH_DIR" "$SSH_DIR/bin" "$SSH_DIR/home"
        ssh-keygen -q -t ed25519 -N '' -C dockerps-test-host -f "$SSH_DIR/host_key"
        ssh-keygen -q -t ed25519 -N '' -C dockerps-test-client -f "$SSH_DIR/client_key"
        echo "command=\"$DOCKER_CLI_PATH --host unix://$SOCK system dial-stdio\",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding $(cat "$SSH_DIR/client_key.pub")" >"$SSH_DIR/authorized_keys"
        echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$SSH_DIR/host_key.pub")" >"$SSH_DIR/known_hosts"
        cat >"$SSH_DIR/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $SSH_DIR/host_key
PidFile $pidfile
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# sshd runs the forced command through root's shell; bash started by sshd reads ~/.bashrc, and a host's can take a
# second (pyenv init on these machines), on every connection. A home of the rig's own has none.
SetEnv HOME=$SSH_DIR/home
CONF
        cat >"$SSH_DIR/client_config" <<CONF
Host *
    IdentityFile $SSH_DIR/client_key
    IdentitiesOnly yes
    UserKnownHostsFile $SSH_DIR/known_hosts
    StrictHostKeyChecking yes
    BatchMode yes
    ControlMaster auto
    ControlPath $SSH_DIR/cli-%C
    ControlPersist 60
CONF
        printf '#!/bin/sh\nexec %s -F %s "$@"\n' "$(command -v ssh)" "$SSH_DIR/client_config" >"$SSH_DIR/bin/ssh"
        chmod 755 "$SSH_DIR/bin/ssh"
        # sshd wants its privilege separation folder, which the system's sshd would make; one made here goes at the stop.
        [[ -d /run/sshd ]] || { mkdir -p /run/sshd && touch "$SSH_DIR/made-run-sshd"; }
        /usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$SSH_DIR/sshd.log" || die "sshd did not start: $(cat "$SSH_DIR/sshd.log")"
        log "started sshd on 127.0.0.1:$SSH_PORT (log: $SSH_DIR/sshd.log)"
    fi
    SSH_HOST="ssh://root@127.0.0.1:$SSH_PORT" SSH_PATH="$SSH_DIR/bin"
    for i in $(seq 1 50); do
        PATH="$SSH_PATH:$PATH" "$DOCKER_CLI_PATH" -H "$SSH_HOST" version >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "the engine does not answer over ssh ($SSH_HOST); see $SSH_DIR/sshd.log"
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

# The busybox rootfs, made once per run; each engine that lacks the image imports it.
busybox_tar() {
    local root="$WORK/busybox" applet
    [[ -f $WORK/busybox.tar ]] && return 0
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
}

build_busybox() {
    log "building $BUSYBOX_IMAGE on $HOST"
    busybox_tar
    docker import --change 'CMD ["/bin/sh"]' --change 'LABEL dockerps.fixture=true' \
        "$WORK/busybox.tar" "$BUSYBOX_IMAGE" >/dev/null
    record_fixture "$BUSYBOX_IMAGE"
}

# A layer on top of the busybox fixture (via commit), so the image has a parent and history.
build_httpd() {
    local name="dockerps-fixture-build-$$"
    log "building $HTTPD_IMAGE on $HOST"
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
    # CI provisions the machine before the tests: packages only (the third engine's downloaded too), nothing started.
    ensure_packages
    [[ -n ${DOCKERPS_TEST_HOST3:-} ]] || fetch_engine3
    exit 0
elif [[ -n ${DOCKERPS_TEST_HOST:-} ]]; then
    # DOCKERPS_TEST_OWN_ENGINE=1: the engine's storage is a rig's own (Start-TestPodman.sh), so its fixtures
    # are kept, not recorded for removal.
    HOST=$DOCKERPS_TEST_HOST OWN_ENGINE=${DOCKERPS_TEST_OWN_ENGINE:-0} STARTED=0
    find_cli || die "no docker CLI can reach $HOST"
    [[ -x /bin/busybox ]] || die "building the fixtures needs a static /bin/busybox (Debian package busybox-static)"
    ensure_fixtures
    # Registries and the second engine are ours only with our engine (a remote engine's 127.0.0.1
    # is not ours); pass the caller's through, empty ones make the tests skip.
    REGISTRY=${DOCKERPS_TEST_REGISTRY:-} AUTH_REGISTRY=${DOCKERPS_TEST_AUTH_REGISTRY:-}
    HOST2=${DOCKERPS_TEST_HOST2:-} TLS_HOST=${DOCKERPS_TEST_TLS_HOST:-} TLS_CERTS=${DOCKERPS_TEST_TLS_CERTS:-}
    TLS_WRONG_CA=${DOCKERPS_TEST_TLS_WRONG_CA:-} TLS_NO_CLIENT=${DOCKERPS_TEST_TLS_NO_CLIENT:-}
    HOST3=${DOCKERPS_TEST_HOST3:-} REGISTRY3=${DOCKERPS_TEST_REGISTRY3:-} AUTH_REGISTRY3=${DOCKERPS_TEST_AUTH_REGISTRY3:-}
    [[ $HOST3 == none ]] && HOST3=""
    SWARM=${DOCKERPS_TEST_SWARM:-}
elif [[ $(uname -s) == Linux && $(id -u) == 0 ]]; then
    HOST="unix://$SOCK" OWN_ENGINE=1
    ensure_packages
    mkdir -p "$RUN_DIR" "$STATE_DIR" "$RUN_DIR2" "$STATE_DIR2"
    start_registry "$REGISTRY"
    start_registry "$AUTH_REGISTRY" auth
    start_dockerd
    ensure_fixtures
    check_port_publishing
    DOCKER_CLI_PATH=$DOCKER start_sshd
    start_dockerd2
    HOST2="unix://$SOCK2" TLS_CERTS="$CERTS/client" TLS_WRONG_CA="$CERTS/wrong-ca" TLS_NO_CLIENT="$CERTS/no-client"
    init_swarm2
    SWARM="unix://$SOCK2"
    # DOCKERPS_TEST_HOST3: none leaves the third engine out, an address uses that engine instead of ours. Ours may use
    # the registries; whether another may is its own configuration's business (DOCKERPS_TEST_REGISTRY3 and
    # DOCKERPS_TEST_AUTH_REGISTRY3 say so).
    REGISTRY3=${DOCKERPS_TEST_REGISTRY3:-} AUTH_REGISTRY3=${DOCKERPS_TEST_AUTH_REGISTRY3:-}
    case ${DOCKERPS_TEST_HOST3:-} in
        none) HOST3="" ;;
        "")
            start_dockerd3
            HOST3="unix://$SOCK3" REGISTRY3=$REGISTRY AUTH_REGISTRY3=$AUTH_REGISTRY
            ;;
        *)
            HOST3=$DOCKERPS_TEST_HOST3
            use_engine3 "$HOST3"
            ;;
    esac
else
    die "no Docker engine for the tests. Either set DOCKERPS_TEST_HOST=unix:///path/docker.sock (or tcp://host:port) to use an existing engine, or run this script as root on Debian so it can install docker.io and start its own engine."
fi

printf '%s\n' "DOCKERPS_TEST_HOST=$HOST" "DOCKERPS_TEST_REGISTRY=$REGISTRY" \
    "DOCKERPS_TEST_AUTH_REGISTRY=$AUTH_REGISTRY" "DOCKERPS_TEST_STARTED=$STARTED" \
    "DOCKERPS_TEST_HOST2=$HOST2" "DOCKERPS_TEST_TLS_HOST=$TLS_HOST" "DOCKERPS_TEST_TLS_CERTS=$TLS_CERTS" \
    "DOCKERPS_TEST_TLS_WRONG_CA=$TLS_WRONG_CA" "DOCKERPS_TEST_TLS_NO_CLIENT=$TLS_NO_CLIENT" \
    "DOCKERPS_TEST_HOST3=$HOST3" "DOCKERPS_TEST_REGISTRY3=$REGISTRY3" "DOCKERPS_TEST_AUTH_REGISTRY3=$AUTH_REGISTRY3" \
    "DOCKERPS_TEST_SSH=${SSH_HOST:-}" "DOCKERPS_TEST_SSH_PATH=${SSH_PATH:-}" "DOCKERPS_TEST_SWARM=${SWARM:-}" >&3
