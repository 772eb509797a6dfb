"""Serve a built site folder on 127.0.0.1.

Usage: python scripts/serve.py site --port 8000

Unlike `python -m http.server`, this sends `.wasm` as `application/wasm` (Pyodide's
`loadPyodide()` hangs without an error otherwise) and `.js`/`.mjs` as `text/javascript`.
As a production host would: a file's precompressed `.br`/`.gz` copy beside it is sent
when the browser accepts that encoding (the checker's runtime has them), other text is
gzipped on the fly, and the content-hashed runtime folder is cacheable for a year while
everything else is revalidated (see DEPLOYING.md).
`--port 0` lets the OS choose a free port; the first line printed is the site's URL.
A missing page gets the site's 404 page of its language folder (fr/404.html for /fr/...).
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import io
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".whl": "application/zip",
}


# Sent gzip-compressed when the client accepts it, as any production static host does.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map"}
# Precompressed copies beside a file, in the order they are preferred.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))
# assets/pyodide/<content hash>/...: a new runtime gets a new folder, so it never changes.
IMMUTABLE_PREFIX = "/assets/pyodide/"
CACHE_FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class SiteRequestHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the standard redirect to ".../"
            path = path / "index.html"
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        if not path.is_file():
            return super().send_head()
        for encoding, suffix in PRECOMPRESSED:
            copy = path.with_name(path.name + suffix)
            if encoding in accepted and copy.is_file():
                return self._send_file(path, encoding, copy)
        if not ("gzip" in accepted and path.suffix in COMPRESSIBLE):
            return super().send_head()
        return self._send_file(path, "gzip")

    def _send_file(self, path: Path, encoding: str, copy: Path | None = None):
        """``path`` with Content-Encoding ``encoding``: its precompressed ``copy``, else gzipped now."""
        stat = path.stat()
        if self._not_modified(stat.st_mtime):
            return None
        if copy is not None:
            body = copy.open("rb")
            length = copy.stat().st_size
        else:
            data = self.server.compressed(path, stat.st_mtime_ns)
            body, length = io.BytesIO(data), len(data)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(length))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return body

    def end_headers(self) -> None:
        if not any(line.lower().startswith(b"cache-control:") for line in getattr(self, "_headers_buffer", [])):
            immutable = self.path.startswith(IMMUTABLE_PREFIX) and self.path.count("/") > 3
            self.send_header("Cache-Control", CACHE_FOREVER if immutable else REVALIDATE)
        super().end_headers()

    def _not_modified(self, mtime: float) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            if int(mtime) > email.utils.parsedate_to_datetime(since).timestamp():
                return False
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        self.send_response(304)
        self.end_headers()
        return True

    def send_error(self, code, message=None, explain=None):
        # A missing page gets the site's own 404 page, in the language of its folder
        # (/fr/... -> fr/404.html), as a static host configured for the site would send.
        page = self._not_found_page() if code == 404 and self.command != "HEAD" else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory).resolve()
        first = self.path.split("?", 1)[0].lstrip("/").split("/", 1)[0]
        language_folder = (root / first).resolve() if first else root
        for folder in (language_folder, root):
            if folder.parent == root or folder == root:
                if (folder / "404.html").is_file():
                    return folder / "404.html"
        return None

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.server.quiet:
            super().log_message(format, *args)


def accepted_encodings(header: str) -> set[str]:
    """Content codings an Accept-Encoding header allows ("br;q=0" refuses br)."""
    accepted = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        if not name.strip():
            continue
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(q) > 0:
                accepted.add(name.strip().lower())
        except ValueError:
            pass
    return accepted


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    quiet = False
    request_queue_size = 128  # a page opens many connections at once

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._gzip_cache: dict[tuple[Path, int], bytes] = {}
        self._gzip_lock = threading.Lock()

    def compressed(self, path: Path, mtime_ns: int) -> bytes:
        key = (path, mtime_ns)
        with self._gzip_lock:
            if key not in self._gzip_cache:
                self._gzip_cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            return self._gzip_cache[key]


def make_server(folder: Path, port: int = 0, quiet: bool = False) -> SiteServer:
    handler = functools.partial(SiteRequestHandler, directory=str(folder))
    server = SiteServer(("127.0.0.1", port), handler)
    server.quiet = quiet
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a built site on 127.0.0.1.")
    parser.add_argument("folder", nargs="?", default="site", help="site folder (default: site)")
    parser.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (default: 8000)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)

    folder = Path(args.folder)
    if not (folder / "index.html").is_file():
        print(f"error: {folder} has no index.html; build the site first (scripts/build_site.sh)", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print(f"error: invalid port {args.port}", file=sys.stderr)
        return 2
    try:
        server = make_server(folder, args.port, args.quiet)
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
