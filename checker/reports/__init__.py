"""DMARC aggregate reports and SMTP TLS reports: read, summed, explained.

    from checker.reports import read_paths, classify
    analysis = read_paths(["reports/"])             # files, folders; .xml .json .gz .zip .eml
    await classify(analysis, resolver)              # SPF of the domains as published now
    document = analysis.to_json()                   # format: CHECKER.md, "Reports"

Modules: containers (files to parts, bounded decompression), xmlsafe (expat without
DTDs or entities), aggregate (DMARC XML), skim (plain aggregate records read without
a Python call per element), tls (TLS-RPT JSON), failure (DMARC failure
reports: the ARF fields), analysis (sums),
classify (who each source is), reader (files and errors), present (words),
cli (``dmarc-check report``), browser (the web worker's entry point).
"""

from .analysis import FORMAT, Analysis
from .classify import classify
from .errors import ReportError
from .limits import DEFAULT_LIMITS, ReadLimits
from .reader import read_file, read_paths

__all__ = ["Analysis", "FORMAT", "ReadLimits", "DEFAULT_LIMITS", "ReportError", "classify", "read_file", "read_paths"]
