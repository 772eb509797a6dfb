"""Aggregate reports and hostile files made at test time (shared by tests and bench).

    write_aggregate(stream, rows, domain="reports.example")   # rows: Row tuples, any iterable
    bomb_gzip(size) / bomb_zip(size)                          # compressed bytes only

Writers stream: a 200,000-row report or a 1 GB bomb is never built in memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import BinaryIO, Iterable, NamedTuple

MB = 1024 * 1024


class Row(NamedTuple):
    ip: str
    count: int
    dkim: str = "pass"            # policy_evaluated (aligned) results
    spf: str = "pass"
    envelope_from: str = ""       # default: the domain
    reason: str = ""              # override type
    disposition: str = "none"
    dkim_domain: str = ""         # auth_results DKIM d= (pass); default: none
    header_from: str = ""


HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>{org}</org_name>
    <email>dmarc@{org}</email>
    <report_id>{report_id}</report_id>
    <date_range><begin>{begin}</begin><end>{end}</end></date_range>
  </report_metadata>
  <policy_published>
    <domain>{domain}</domain><adkim>r</adkim><aspf>r</aspf><p>{policy}</p><sp>none</sp><pct>100</pct>
  </policy_published>
"""

RECORD = """  <record>
    <row>
      <source_ip>{ip}</source_ip>
      <count>{count}</count>
      <policy_evaluated><disposition>{disposition}</disposition><dkim>{dkim}</dkim><spf>{spf}</spf>{reason}</policy_evaluated>
    </row>
    <identifiers><header_from>{header_from}</header_from><envelope_from>{envelope_from}</envelope_from></identifiers>
    <auth_results>{dkim_auth}
      <spf><domain>{envelope_from}</domain><scope>mfrom</scope><result>{spf_auth}</result></spf>
    </auth_results>
  </record>
"""


def write_aggregate(stream: BinaryIO, rows: Iterable[Row], domain: str = "reports.example",
                    org: str = "receiver.example", begin: int = 1767225600, report_id: str = "r1",
                    policy: str = "none") -> None:
    stream.write(HEAD.format(org=org, report_id=report_id, begin=begin, end=begin + 86399,
                             domain=domain, policy=policy).encode())
    buffer = []
    for row in rows:
        envelope = row.envelope_from or domain
        dkim_auth = (f"\n      <dkim><domain>{row.dkim_domain}</domain><selector>s1</selector><result>pass</result></dkim>"
                     if row.dkim_domain else "")
        reason = f"<reason><type>{row.reason}</type></reason>" if row.reason else ""
        buffer.append(RECORD.format(ip=row.ip, count=row.count, disposition=row.disposition, dkim=row.dkim,
                                    spf=row.spf, reason=reason, header_from=row.header_from or domain,
                                    envelope_from=envelope, dkim_auth=dkim_auth,
                                    spf_auth="pass" if row.spf == "pass" or envelope != domain else "fail"))
        if len(buffer) >= 1000:
            stream.write("".join(buffer).encode())
            buffer.clear()
    stream.write(("".join(buffer) + "</feedback>\n").encode())


def aggregate_bytes(rows: Iterable[Row], **options) -> bytes:
    stream = io.BytesIO()
    write_aggregate(stream, rows, **options)
    return stream.getvalue()


def many_rows(n: int, distinct_ips: int = 1000) -> Iterable[Row]:
    """``n`` rows from ``distinct_ips`` addresses, a pass for three rows in four."""
    for i in range(n):
        host = i % distinct_ips
        ip = f"10.{host // 65536}.{host // 256 % 256}.{host % 256}"
        yield Row(ip, 1 + i % 7, dkim="pass" if i % 4 else "fail", spf="fail" if i % 3 else "pass")


BOMB_START = b"<?xml version='1.0'?><feedback>"


def _deflated_filler(size: int) -> tuple[bytes, int, int]:
    """Raw deflate data for BOMB_START and ``size`` bytes of short comments: (data, crc32, length).

    After a full flush deflate forgets what came before, so every 1 MB block
    compresses to the same bytes: compressed once, repeated, and a gigabyte
    bomb takes a second to make instead of the minutes deflating it would.
    """
    block = (b"<!--" + b"x" * (65536 - 7) + b"-->") * 16  # comments: cheap to parse, no endless text
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(BOMB_START) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert piece == again, "deflate did not restart after a full flush"
    blocks = size // MB
    crc = zlib.crc32(BOMB_START)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    return head + piece * blocks + compressor.flush(), crc, len(BOMB_START) + blocks * MB


def bomb_gzip(size: int = 1024 * MB) -> bytes:
    """gzip data that expands to ``size`` bytes (and a few): an XML start, then short comments."""
    data, crc, length = _deflated_filler(size)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + data + struct.pack("<II", crc, length & 0xFFFFFFFF)


def bomb_zip(size: int = 1024 * MB, name: str = "bomb.xml") -> bytes:
    """A zip archive with one member that expands to ``size`` bytes (under 4 GiB)."""
    data, crc, length = _deflated_filler(size)
    encoded = name.encode()
    common = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), length)
    local = b"PK\x03\x04" + common + struct.pack("<HH", len(encoded), 0) + encoded
    central = (b"PK\x01\x02" + struct.pack("<H", 20) + common
               + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, 0) + encoded)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    return local + data + central + end


def zip_of(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return stream.getvalue()
