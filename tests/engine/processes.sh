# shellcheck shell=bash
# Process helpers shared by the rig's start and stop scripts (sourced; callers define log()).

# Prints the pid in $1 if it is alive and its command line contains $2 (guards against reused pids).
pid_ours() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ -n $pid && $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *"$2"* ]] && echo "$pid"
}

# True when the pid in $1 is alive and ours, as pid_ours decides.
alive_ours() { pid_ours "$@" >/dev/null; }

# A zombie counts as gone: nobody may reap our orphaned daemons soon.
running() { grep -q '^State:[[:space:]]*[^Z]' "/proc/$1/status" 2>/dev/null; }

# stop_pid PID NAME: SIGTERM, up to 15 s grace, then SIGKILL.
stop_pid() {
    local i
    log "stopping $2 (pid $1)"
    kill "$1" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
        running "$1" || return 0
        sleep 0.25
    done
    log "$2 still running after 15 s, killing"
    kill -9 "$1" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        running "$1" || return 0
        sleep 0.1
    done
}
