"""dmarc-check survey as a real process: Ctrl-C (SIGINT) mid-run, --resume, the progress bar."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

from tests.survey_support import ROOT, bulk_zone, read_jsonl, run_survey, survey_command, write_list

COUNT = 150


def _wait_for_lines(path, at_least: int, process, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} lines in {path} (process ended: {process.poll()})")


def test_ctrl_c_leaves_whole_lines_and_resume_checks_only_the_rest(dns_server, tmp_path):
    db, domains = bulk_zone(COUNT)
    dns_server.load(db)
    dns_server.latency = 0.05          # slow enough to be interrupted halfway
    listed = write_list(tmp_path / "domains.txt", domains)
    out = tmp_path / "out.jsonl"
    args = [str(listed), "--out", str(out), "--concurrency", "4", "--nameserver", dns_server.nameserver]
    process = subprocess.Popen(survey_command(*args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={"LANG": "C", "PATH": "/usr/bin:/bin"})
    _wait_for_lines(out, 10, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)

    assert process.returncode == 130
    assert "Interrupted" in stderr and "--resume" in stderr and "Traceback" not in stderr
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    first = read_jsonl(out)                          # every line is whole JSON
    assert 10 <= len(first) < COUNT
    assert len({line["domain"] for line in first}) == len(first)
    assert f"{len(first)} of {COUNT} domains" in stderr

    # A run killed harder can leave a cut line: --resume removes it.
    with open(out, "a", encoding="utf-8") as handle:
        handle.write('{"domain": "d149.bulk.exam')
    dns_server.latency = 0.0
    dns_server.clear_log()
    resumed = run_survey(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    lines = read_jsonl(out)
    assert sorted(line["domain"] for line in lines) == sorted(domains)   # each domain exactly once
    assert all((line["dmarc"], line["spf"]) == ("reject", "valid") for line in lines)
    asked_again = [line["domain"] for line in first if dns_server.queries(f"_dmarc.{line['domain']}", "TXT")]
    assert asked_again == []                         # domains already done are not checked again
    assert f"{COUNT} domains surveyed" in resumed.stderr


def test_resume_checks_again_the_domains_that_were_not_known(dns_server, tmp_path):
    db, domains = bulk_zone(3)
    dns_server.load(db)
    listed = write_list(tmp_path / "domains.txt", domains)
    out = tmp_path / "out.jsonl"
    earlier = {"domain": domains[0], "dmarc": "not_known", "spf": "valid", "attempts": 3}
    out.write_text(json.dumps(earlier) + "\n")
    done = run_survey(str(listed), "--out", str(out), "--resume", "--nameserver", dns_server.nameserver)
    assert done.returncode == 0
    lines = read_jsonl(out)
    assert [line["dmarc"] for line in lines if line["domain"] == domains[0]] == ["not_known", "reject"]
    assert len(dns_server.queries(f"_dmarc.{domains[0]}", "TXT")) == 1


def test_progress_bar_with_rate_and_time_left_on_a_terminal_only(dns_server, tmp_path):
    db, domains = bulk_zone(20)
    dns_server.load(db)
    listed = write_list(tmp_path / "domains.txt", domains)
    args = [str(listed), "--nameserver", dns_server.nameserver]
    piped = run_survey(*args)
    assert "\r" not in piped.stderr and "/s" not in piped.stderr

    controller, terminal = os.openpty()
    try:
        process = subprocess.run(survey_command(*args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=terminal,
                                 timeout=60, env={"LANG": "C", "PATH": "/usr/bin:/bin"})
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert process.returncode == 0
    bars = [part for part in shown.decode("utf-8").split("\r") if "/s," in part]   # each redraw starts with \r
    bar = bars[-1]
    assert "[########################] 20/20 domains" in bar
    assert "/s, 0:00:00 left" in bar
