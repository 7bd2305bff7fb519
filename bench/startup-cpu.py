#!/usr/bin/env python3
"""CPU time of short-lived commands, run interleaved.

    startup-cpu.py ROUNDS NAME=COMMAND... [--target NAME/BASE=RATIO ...] [--copies N]

Each round runs every command once, the order rotated from round to round,
so the commands share whatever else the machine is doing; each run's CPU
time (user + system) comes from wait4's rusage. hyperfine runs one command
many times and then the next, so on a shared machine a change of load
between them shows up as a difference between the commands. Prints the
median and mean per command and each one's ratio to the first; with
--target, exits 1 when the median ratio of NAME to BASE is over RATIO.

With --copies N (default 3) each command's program is copied to N files
and every round runs each copy: on the project's VM one binary copied to
two paths measured up to 1 ms apart in one run (where its pages landed),
as much as the differences being measured. Each name's figures are over
all its copies' runs.
"""
import os
import shutil
import statistics
import tempfile
import sys
import time


def main():
    args = sys.argv[1:]
    targets = []
    while "--target" in args:
        i = args.index("--target")
        targets.append(args[i + 1])
        del args[i:i + 2]
    copies = 3
    if "--copies" in args:
        i = args.index("--copies")
        copies = int(args[i + 1])
        del args[i:i + 2]
    rounds = int(args[0])
    cmds = [a.split("=", 1) for a in args[1:]]
    tmp = tempfile.mkdtemp(prefix="startup-cpu.")
    runs = []  # (name, argv) for every copy of every command
    for name, cmd in cmds:
        argv = cmd.split()
        for k in range(copies):
            path = os.path.join(tmp, f"{len(runs)}.{os.path.basename(argv[0])}")
            shutil.copy2(argv[0], path)
            runs.append((name, [path] + argv[1:]))
    cpu = {name: [] for name, _ in cmds}
    wall = {name: [] for name, _ in cmds}
    devnull = os.open(os.devnull, os.O_WRONLY)
    for r in range(rounds):
        k = r % len(runs)
        for name, argv in runs[k:] + runs[:k]:
            cmd = " ".join(argv)
            t0 = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, os.environ,
                                 file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
            _, status, ru = os.wait4(pid, 0)
            wall[name].append(time.perf_counter() - t0)
            if status != 0:
                sys.exit(f"{cmd}: exit status {status}")
            cpu[name].append(ru.ru_utime + ru.ru_stime)
    shutil.rmtree(tmp)
    med = {name: statistics.median(v) for name, v in cpu.items()}
    base = cmds[0][0]
    print(f"CPU time (user + system) over {rounds} interleaved rounds of {copies} copies each, load average {os.getloadavg()[0]:.1f} at the end:")
    for name, _ in cmds:
        c = cpu[name]
        print(f"  {name:16s} median {med[name]*1000:6.2f} ms  mean {statistics.mean(c)*1000:6.2f} ms  "
              f"min {min(c)*1000:6.2f} ms  wall median {statistics.median(wall[name])*1000:6.2f} ms  "
              f"= {med[name]/med[base]:.2f}x {base} ({(med[name]-med[base])*1000:+.2f} ms)")
    bad = False
    for t in targets:
        pair, limit = t.split("=")
        name, against = pair.split("/")
        ratio = med[name] / med[against]
        ok = ratio <= float(limit)
        bad |= not ok
        print(f"  {name} / {against}: {ratio:.2f}x ({'ok' if ok else 'OVER'} target {limit}x)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
