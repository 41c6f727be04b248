#!/usr/bin/env bash
# A throwaway single-node Slurm cluster on localhost for the sweep test: munged, slurmctld and
# slurmd started directly as processes (no systemd: CI may run in a chroot), everything under
# one directory, on ports of their own.
#
#   slurm_cluster.sh start DIR   prints "export SLURM_CONF=DIR/slurm.conf" when the node is idle;
#                                exit 77 (skip) with the reason when Slurm or munge is missing
#                                or will not start here, 1 on other failures (a node that never
#                                comes up idle within 120 s)
#   slurm_cluster.sh stop DIR    stops what start started (by the pids it recorded)
set -uo pipefail

cmd=${1:?start|stop}
dir=${2:?directory}

skip() { echo "slurm_cluster: $*" >&2; exit 77; }

stop() {
  for name in slurmd slurmctld munged; do
    [ -f "$dir/$name.pid" ] || continue
    pid=$(cat "$dir/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/$name.pid"
  done
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

for tool in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    skip "$tool not installed (Debian packages slurm-wlm and munge: scripts/install-deps.sh)"
done
PATH=$PATH:/usr/sbin

mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log" || exit 1
chmod 700 "$dir/munge"
head -c 1024 /dev/urandom >"$dir/munge/munge.key" && chmod 400 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"
munged --force --key-file="$dir/munge/munge.key" --socket="$socket" --pid-file="$dir/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" 2>"$dir/log/munged.err" ||
  skip "munged does not start here: $(tail -n1 "$dir/log/munged.err")"
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done

host=$(hostname -s)
user=$(id -un)
base=$((20000 + RANDOM % 20000))
cat >"$dir/slurm.conf" <<CONF
ClusterName=eyrietest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1,sched_min_interval=100000
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -c -f "$SLURM_CONF" 2>"$dir/log/slurmctld.err" || { stop; skip "slurmctld does not start here: $(tail -n1 "$dir/log/slurmctld.err")"; }
slurmd -f "$SLURM_CONF" 2>"$dir/log/slurmd.err" || { stop; skip "slurmd does not start here: $(tail -n1 "$dir/log/slurmd.err")"; }
# A loaded machine (a CI runner, parallel builds) can take tens of seconds to register the node.
for _ in $(seq 600); do
  state=$(sinfo -h -o %T 2>/dev/null | head -n1)
  if [ "$state" = idle ]; then echo "export SLURM_CONF=$SLURM_CONF"; exit 0; fi
  sleep 0.2
done
# Installed and started but never idle: a failure, not a skip.
tail -n5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2
echo "slurm_cluster: the node did not come up within 120 s (state '$state'); logs in $dir/log" >&2
stop
exit 1
