#!/usr/bin/env python3
"""Cold-process timings of commands run in turn, for before/after pairs on a shared machine.

    scripts/cold-ab.py ROUNDS 'COMMAND' 'COMMAND' ...

Each round runs every command once (through the shell, output discarded), the order rotated
each round so that neither side always follows the other; prints the 1-minute load average at
the start and the end, and per command the median and minimum wall time and the mean CPU time
(user + system) of the runs. BENCHMARKS.md's run of 14:35-15:05 on 2 Dec 2026 used it.
"""
import resource
import statistics
import subprocess
import sys
import time


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, cmds = int(sys.argv[1]), sys.argv[2:]
    start = load()
    walls = [[] for _ in cmds]
    cpu = [0.0] * len(cmds)
    for i in range(n):
        order = list(range(len(cmds)))
        order = order[i % len(cmds):] + order[:i % len(cmds)]
        for k in order:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            p = subprocess.run(cmds[k], shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls[k].append((time.perf_counter() - t) * 1000)
            if p.returncode:
                print("failed (%d): %s" % (p.returncode, cmds[k]), file=sys.stderr)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[k] += (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000
    print("load %s -> %s, %d rounds" % (start, load(), n))
    for k, c in enumerate(cmds):
        print("median %7.1f ms  min %7.1f  CPU mean %7.1f ms  %s" % (statistics.median(walls[k]), min(walls[k]), cpu[k] / n, c))


if __name__ == "__main__":
    main()
