"""The strict DER reader of checker.dkim.keys, and the DER writer the DKIM tests use.

Python's standard library has no DER encoder, so this file has a small one: it
builds SubjectPublicKeyInfo and RSAPublicKey structures around a random odd
modulus of an exact bit length (a reader only needs the modulus length, not a key
anybody could sign with). The keys in tests/zones/dkim_cases.zone were made with
``fixture_key(bits)`` below; a test checks that they still are.
"""

from __future__ import annotations

import base64
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.dkim.keys import REASONS, KeyFormatError, PublicKey, decode_oid, read_public_key
from tests.dnsfixture import ZONES_DIR
from tests.dnsfixture.zonefile import parse_zone_text

# -- the DER writer -------------------------------------------------------------

RSA_ENCRYPTION_OID = bytes.fromhex("2a864886f70d010101")  # 1.2.840.113549.1.1.1
ED25519_OID = bytes.fromhex("2b6570")                      # 1.3.101.112
EC_PUBLIC_KEY_OID = bytes.fromhex("2a8648ce3d0201")        # 1.2.840.10045.2.1
PRIME256V1_OID = bytes.fromhex("2a8648ce3d030107")         # 1.2.840.10045.3.1.7


def der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    octets = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(octets)]) + octets


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + der_length(len(content)) + content


def der_integer(value: int) -> bytes:
    """A non-negative INTEGER, minimal: a leading 0x00 only when the top bit is set."""
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def rsa_public_key(modulus: int, exponent: int = 65537) -> bytes:
    """RSAPublicKey (PKCS #1, RFC 8017 A.1.1)."""
    return tlv(0x30, der_integer(modulus) + der_integer(exponent))


def rsa_spki(modulus: int, exponent: int = 65537) -> bytes:
    """SubjectPublicKeyInfo with rsaEncryption and NULL parameters (RFC 3279 2.3.1)."""
    algorithm = tlv(0x30, tlv(0x06, RSA_ENCRYPTION_OID) + tlv(0x05, b""))
    return tlv(0x30, algorithm + tlv(0x03, b"\x00" + rsa_public_key(modulus, exponent)))


def ed25519_spki(key: bytes) -> bytes:
    """RFC 8410: SubjectPublicKeyInfo of an Ed25519 key (DKIM wants the bare 32 bytes)."""
    return tlv(0x30, tlv(0x30, tlv(0x06, ED25519_OID)) + tlv(0x03, b"\x00" + key))


def random_modulus(bits: int, seed: str) -> int:
    """An odd number of exactly ``bits`` bits (top bit set), reproducible from ``seed``."""
    return random.Random(seed).getrandbits(bits) | (1 << (bits - 1)) | 1


def fixture_key(bits: int, form: str = "spki") -> str:
    """The base64 p= value of the test key of ``bits`` bits used in the zone files."""
    modulus = random_modulus(bits, f"dkim-fixture-{bits}")
    der = rsa_spki(modulus) if form == "spki" else rsa_public_key(modulus)
    return base64.b64encode(der).decode("ascii")


# RFC 8463 appendix A.2, verbatim.
RFC8463_ED25519_RECORD = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
RFC8463_RSA_STRINGS = (
    "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR",
    "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC",
    "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3",
    "Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
)
RFC8463_RSA_KEY = base64.b64decode("".join(RFC8463_RSA_STRINGS).split("p=")[1])
# The modulus of that key, from the RSA private key of RFC 8463 A.1 (n starts e41e53...).
RFC8463_RSA_MODULUS_PREFIX = bytes.fromhex("e41e5390a014f3")


# -- reading keys ------------------------------------------------------------------

@pytest.mark.parametrize("bits", [512, 1024, 2048, 4096, 8192])
def test_modulus_length_is_read_exactly(bits):
    modulus = random_modulus(bits, f"length-{bits}")
    assert read_public_key(rsa_spki(modulus)) == PublicKey("spki", "rsa", bits, 65537)
    assert read_public_key(rsa_public_key(modulus)) == PublicKey("pkcs1", "rsa", bits, 65537)


@pytest.mark.parametrize("bits", [1023, 1025, 2047, 2049, 17])
def test_lengths_that_are_not_a_multiple_of_eight(bits):
    assert read_public_key(rsa_spki(random_modulus(bits, "odd"), 3)).bits == bits


def test_rfc8463_rsa_key_is_a_1024_bit_spki():
    key = read_public_key(RFC8463_RSA_KEY)
    assert (key.form, key.algorithm, key.bits, key.exponent) == ("spki", "rsa", 1024, 65537)


def test_der_writer_reproduces_the_rfc8463_key_byte_for_byte():
    # Proves the test's DER writer encodes like a real one (OpenSSL made the RFC's key).
    modulus_at = RFC8463_RSA_KEY.index(b"\x02\x81\x81\x00") + 4
    modulus = int.from_bytes(RFC8463_RSA_KEY[modulus_at:modulus_at + 128], "big")
    assert RFC8463_RSA_KEY[modulus_at:].startswith(RFC8463_RSA_MODULUS_PREFIX)
    assert rsa_spki(modulus) == RFC8463_RSA_KEY


def test_spki_of_another_algorithm_is_named():
    assert read_public_key(ed25519_spki(bytes(32))) == PublicKey("spki", "ed25519", key_length=32)
    ec = tlv(0x30, tlv(0x30, tlv(0x06, EC_PUBLIC_KEY_OID) + tlv(0x06, PRIME256V1_OID))
             + tlv(0x03, b"\x00\x04" + bytes(64)))
    assert read_public_key(ec).algorithm == "ec"
    unknown = tlv(0x30, tlv(0x30, tlv(0x06, bytes.fromhex("2a0304"))) + tlv(0x03, b"\x00ab"))
    assert read_public_key(unknown).algorithm == "1.2.3.4"


def test_rsa_spki_without_parameters_is_read():
    modulus = random_modulus(2048, "noparams")
    algorithm = tlv(0x30, tlv(0x06, RSA_ENCRYPTION_OID))
    der = tlv(0x30, algorithm + tlv(0x03, b"\x00" + rsa_public_key(modulus)))
    assert read_public_key(der).bits == 2048


def test_oids_decode():
    assert decode_oid(RSA_ENCRYPTION_OID) == "1.2.840.113549.1.1.1"
    assert decode_oid(ED25519_OID) == "1.3.101.112"
    assert decode_oid(bytes([0x88, 0x37])) == "2.999"


# -- strictness: each malformation has its reason -----------------------------------

MODULUS = random_modulus(1024, "strict")
GOOD = rsa_spki(MODULUS)


def _reason(der: bytes) -> str:
    with pytest.raises(KeyFormatError) as caught:
        read_public_key(der)
    return caught.value.reason


def _replace_first(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data
    return data.replace(old, new, 1)


@pytest.mark.parametrize("der, reason", [
    (b"", "empty"),
    (GOOD[:-1], "truncated"),
    (GOOD[:1], "truncated"),
    (GOOD + b"\x00", "trailing_data"),
    (b"\x04\x02ab", "not_a_public_key"),                                   # an OCTET STRING
    (tlv(0x30, tlv(0x04, b"x")), "not_a_public_key"),
    (tlv(0x30, b""), "truncated"),
    (b"\x1f\x01\x00", "high_tag_number"),
    (b"\x30\x80" + GOOD[3:] + b"\x00\x00", "indefinite_length"),
    (b"\x30\x81\x05" + tlv(0x02, b"\x01") + tlv(0x02, b"\x03"), "length_not_minimal"),
    (b"\x30\x82\x00\x06" + tlv(0x02, b"\x01") + tlv(0x02, b"\x03"), "length_not_minimal"),
    (b"\x30\x85\x01\x00\x00\x00\x00", "length_too_long"),
    (tlv(0x30, tlv(0x02, b"\x00\x05") + tlv(0x02, b"\x03")), "integer_not_minimal"),
    (tlv(0x30, tlv(0x02, b"\xff\x85") + tlv(0x02, b"\x03")), "integer_not_minimal"),
    (tlv(0x30, tlv(0x02, b"") + tlv(0x02, b"\x03")), "integer_empty"),
    (tlv(0x30, tlv(0x02, b"\x85") + tlv(0x02, b"\x03")), "negative_integer"),
    (tlv(0x30, tlv(0x02, b"\x00") + tlv(0x02, b"\x03")), "zero_integer"),
    (tlv(0x30, tlv(0x02, b"\x05") + tlv(0x02, b"\x03") + tlv(0x02, b"\x03")), "trailing_data"),
    (tlv(0x30, tlv(0x02, b"\x05")), "truncated"),
    (tlv(0x30, tlv(0x02, b"\x05") + tlv(0x04, b"\x03")), "unexpected_tag"),
    (_replace_first(GOOD, b"\x06\x09" + RSA_ENCRYPTION_OID, b"\x06\x09" + RSA_ENCRYPTION_OID[:-1] + b"\x81"),
     "bad_oid"),
    (_replace_first(GOOD, b"\x03\x81\x8d\x00", b"\x03\x81\x8d\x01"), "bit_string_padding"),
    (tlv(0x30, tlv(0x30, tlv(0x06, RSA_ENCRYPTION_OID) + tlv(0x05, b"x"))
         + tlv(0x03, b"\x00" + rsa_public_key(MODULUS))), "bad_null"),
    (tlv(0x30, tlv(0x30, tlv(0x06, RSA_ENCRYPTION_OID) + tlv(0x02, b"\x01"))
         + tlv(0x03, b"\x00" + rsa_public_key(MODULUS))), "rsa_parameters"),
    (tlv(0x30, tlv(0x30, tlv(0x06, RSA_ENCRYPTION_OID) + tlv(0x05, b""))
         + tlv(0x03, b"\x00" + rsa_public_key(MODULUS) + b"\x00")), "trailing_data"),
    (tlv(0x30, tlv(0x30, tlv(0x06, RSA_ENCRYPTION_OID) + tlv(0x05, b""))
         + tlv(0x03, b"")), "bit_string_padding"),
])
def test_malformed_der_is_refused_with_its_reason(der, reason):
    assert _reason(der) == reason


def test_oid_with_a_leading_zero_group_is_refused():
    assert _reason(tlv(0x30, tlv(0x30, tlv(0x06, b"\x2a\x80\x01")) + tlv(0x03, b"\x00a"))) == "bad_oid"
    assert _reason(tlv(0x30, tlv(0x30, tlv(0x06, b"")) + tlv(0x03, b"\x00a"))) == "bad_oid"


# -- property tests: the documented error, and nothing else ---------------------------

def _total(data: bytes) -> None:
    try:
        key = read_public_key(data)
    except KeyFormatError as error:
        assert error.reason in REASONS
    else:
        assert key.form in ("spki", "pkcs1")
        assert key.bits is None or key.bits > 0


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_raise_only_key_format_error(data):
    _total(data)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([GOOD, rsa_public_key(MODULUS), ed25519_spki(bytes(32)), RFC8463_RSA_KEY]),
       st.lists(st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(0, 255)), max_size=4),
       st.integers(min_value=0, max_value=400))
def test_mutated_keys_raise_only_key_format_error(der, changes, cut):
    data = bytearray(der)
    for position, value in changes:
        data[position % len(data)] = value
    _total(bytes(data[:len(data) - cut % len(data)]))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=4200), st.integers(min_value=1, max_value=2**70))
def test_any_written_key_reads_back(bits, exponent):
    modulus = random_modulus(bits, str(bits))
    assert read_public_key(rsa_spki(modulus, exponent)) == PublicKey("spki", "rsa", bits, exponent)


# -- the fixture zone's keys --------------------------------------------------------

def test_zone_keys_are_the_writer_output():
    """The p= values in dkim_cases.zone are fixture_key(bits) (split over strings)."""
    rrsets, _ = parse_zone_text((ZONES_DIR / "dkim_cases.zone").read_text(encoding="utf-8"))
    found = set()
    for rrset in rrsets:
        for rdata in rrset:
            text = b"".join(getattr(rdata, "strings", ())).decode()
            found.update(re.findall(r"p=([A-Za-z0-9+/=]{80,})", text))
    expected = {fixture_key(bits) for bits in (512, 1024, 2048, 4096, 8192)} | {fixture_key(2048, "pkcs1")}
    assert expected <= found
