"""Why a file could not be read: a reason code and its parameters, never a traceback.

The codes are stable (they appear in the JSON document, see CHECKER.md); their words
are ``report.error.<code>`` in the catalogs.

  empty            the file (or a member of an archive) holds no bytes
  unreadable       the file could not be opened or read (detail: the system's words)
  too_large        more than ``limit`` bytes, read or once decompressed
  ratio            decompression would expand it more than ``limit`` times (a "bomb")
  gzip             not valid gzip data
  zip              not a valid zip archive
  zip_path         a zip member's name climbs out of the archive (``..``, absolute path)
  zip_members      more than ``limit`` members in a zip archive
  nested           archives inside archives deeper than ``limit``
  xml              not well-formed XML (line, column: where)
  xml_dtd          the XML declares a DTD (refused: entity expansion, external files)
  xml_entity       the XML declares or uses an entity (refused for the same reason)
  xml_text         a text between two tags longer than ``limit`` characters
  json             not valid JSON
  not_report       readable, but not a DMARC aggregate report, a TLS report or a failure report
  no_report        an e-mail message without a report in it (aggregate, TLS or failure)
  too_many_records more than ``limit`` records in one report
"""

from __future__ import annotations


class ReportError(Exception):
    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code + (" " + repr(params) if params else ""))
