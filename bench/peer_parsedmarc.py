"""Run by bench/reports.py with the Python of a separate environment that has
parsedmarc: parse aggregate report files (offline, parse only), print
{"seconds", "messages", "failed"} as JSON. The files are read before the clock starts."""

import json
import sys
import time

import parsedmarc

datas = [open(path, "rb").read() for path in sys.argv[1:]]
messages = failed = 0
start = time.perf_counter()
for data in datas:
    try:
        report = parsedmarc.parse_aggregate_report_file(data, offline=True)
    except Exception:
        failed += 1
        continue
    messages += sum(record["count"] for record in report["records"])
print(json.dumps({"seconds": time.perf_counter() - start, "messages": messages, "failed": failed}))
