# Runs one command and prints its wall time, CPU time and peak RSS as JSON.
# Python's getrusage(RUSAGE_CHILDREN) gives CPU and peak RSS of the child alone, which Node cannot.
import json, resource, subprocess, sys, time

start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024, "code": proc.returncode}))
