"""A local recursive resolver for large surveys: Debian's unbound, on 127.0.0.1 only.

    python3 scripts/survey_resolver.py [--port 5353] [--threads 2]
    dmarc-check survey domains.txt --nameserver 127.0.0.1:5353 --out results.jsonl

It runs in the foreground until Ctrl-C, with its configuration in a temporary
folder. A survey of many domains sends tens of thousands of queries a minute:
a public resolver rate-limits them (and answers SERVFAIL or nothing, which the
survey reports as not known), while a resolver of one's own asks the
authoritative servers directly and keeps shared answers (the providers' SPF
includes) in its cache. ``--forward HOST@PORT`` sends every query to one
server instead of recursing (the tests forward to the fixture DNS server).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNBOUND_PATHS = ("/usr/sbin/unbound", "/usr/bin/unbound")


def unbound_binary() -> str:
    found = shutil.which("unbound") or next((p for p in UNBOUND_PATHS if Path(p).exists()), None)
    if found is None:
        raise FileNotFoundError("unbound is not installed (Debian package unbound; scripts/setup.sh installs it)")
    return found


def config(directory: Path, port: int, threads: int = 2, forward: str | None = None) -> str:
    """unbound.conf text: listens on 127.0.0.1:port, no validation, no control socket."""
    lines = [
        "server:",
        "    interface: 127.0.0.1",
        f"    port: {port}",
        "    access-control: 127.0.0.0/8 allow",
        "    do-ip6: no",                       # many machines have no IPv6 route: no waiting on it
        '    username: ""',
        '    chroot: ""',
        f'    directory: "{directory}"',
        f'    pidfile: "{directory}/unbound.pid"',
        "    use-syslog: no",
        '    logfile: ""',
        "    verbosity: 0",
        "    do-daemonize: no",
        '    module-config: "iterator"',          # the survey reads records; DNSSEC is not its question
        f"    num-threads: {threads}",
        "    so-reuseport: yes",
        "    outgoing-range: 4096",
        "    num-queries-per-thread: 2048",
        "    msg-cache-size: 64m",
        "    rrset-cache-size: 128m",
        "remote-control:",
        "    control-enable: no",
    ]
    if forward:
        lines[1:1] = ["    do-not-query-localhost: no"]
        lines += ["forward-zone:", '    name: "."', f"    forward-addr: {forward}"]
    return "\n".join(lines) + "\n"


def start(directory: Path, port: int, threads: int = 2, forward: str | None = None) -> subprocess.Popen:
    """Start unbound in the foreground; returns once it answers on 127.0.0.1:port."""
    path = directory / "unbound.conf"
    path.write_text(config(directory, port, threads, forward))
    binary = unbound_binary()
    subprocess.run([str(Path(binary).with_name("unbound-checkconf")), str(path)], check=True,
                   capture_output=True)
    process = subprocess.Popen([binary, "-d", "-c", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_until_answering(port, process)
    return process


def _wait_until_answering(port: int, process: subprocess.Popen, limit: float = 15.0) -> None:
    import dns.message
    import dns.query

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"unbound stopped: {process.stderr.read().decode(errors='replace').strip()}")
        try:
            dns.query.udp(dns.message.make_query("localhost.", "A"), "127.0.0.1", timeout=0.5, port=port)
            return
        except Exception:   # not listening yet
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"unbound did not answer on 127.0.0.1:{port}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="survey_resolver.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5353)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--forward", metavar="HOST@PORT", help="forward every query to this server")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="survey-resolver-") as folder:
        try:
            process = start(Path(folder), args.port, args.threads, args.forward)
        except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as error:
            print(f"survey_resolver.py: {error}", file=sys.stderr)
            return 1
        print(f"unbound answers on 127.0.0.1:{args.port}; use --nameserver 127.0.0.1:{args.port}", flush=True)
        try:
            process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
