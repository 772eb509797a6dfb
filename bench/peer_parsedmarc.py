"""Run by bench/reports.py with the Python of a separate environment that has
parsedmarc: parse aggregate report files (offline, parse only), print
{"seconds" (CPU time), "wall", "messages", "failed", "version"} as JSON. The files are read before the
clock starts, and the first argument is parsed once untimed (parsedmarc loads its tables on first use)."""

import json
import sys
import time

import parsedmarc

parsedmarc.parse_aggregate_report_file(open(sys.argv[1], "rb").read(), offline=True)
datas = [open(path, "rb").read() for path in sys.argv[2:]]
messages = failed = 0
start, wall = time.process_time(), time.perf_counter()
for data in datas:
    try:
        report = parsedmarc.parse_aggregate_report_file(data, offline=True)
    except Exception:
        failed += 1
        continue
    messages += sum(record["count"] for record in report["records"])
print(json.dumps({"seconds": time.process_time() - start, "wall": time.perf_counter() - wall,
                  "messages": messages, "failed": failed, "version": parsedmarc.__version__}))
