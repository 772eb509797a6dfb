"""What is inside a DKIM ``p=`` value: the RSA modulus size, or an Ed25519 key.

A small, strict DER reader (ITU-T X.690 distinguished encoding rules): definite
lengths in their shortest form, minimal INTEGERs, BIT STRINGs without unused bits,
nothing after the outer element. No dependency on ``cryptography``: the checker
runs in the browser too.

Two shapes of RSA key are read:

- SubjectPublicKeyInfo (RFC 5280 4.1, RFC 3279 2.3.1), what DKIM key records carry
  in practice: ``SEQUENCE { SEQUENCE { OID, params }, BIT STRING { RSAPublicKey } }``;
- a bare RSAPublicKey (PKCS #1, RFC 8017 A.1.1), ``SEQUENCE { INTEGER n, INTEGER e }``,
  the literal reading of RFC 6376 3.6.1 that some publishers follow.

The only error raised is :class:`KeyFormatError`; its ``reason`` is one of the
``REASONS`` below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
ED25519_KEY_LENGTH = 32  # RFC 8463 4.2 / RFC 8032 5.1.5: the raw public key

# SubjectPublicKeyInfo algorithms we can name; anything else is reported by its OID.
ALGORITHM_NAMES = {
    RSA_ENCRYPTION: "rsa",
    "1.2.840.113549.1.1.10": "rsassa-pss",
    "1.3.101.112": "ed25519",
    "1.3.101.113": "ed448",
    "1.3.101.110": "x25519",
    "1.2.840.10045.2.1": "ec",
    "1.2.840.10040.4.1": "dsa",
}

SEQUENCE, INTEGER, BIT_STRING, NULL, OBJECT_IDENTIFIER = 0x30, 0x02, 0x03, 0x05, 0x06
_MAX_LENGTH_OCTETS = 4  # 4 GiB: far more than any DNS answer can hold

REASONS = (
    "empty",                # no bytes at all
    "truncated",            # an element runs past the end of the data
    "trailing_data",        # bytes left after the outer element, or inside a structure
    "unexpected_tag",       # an element of the wrong type for its place
    "high_tag_number",      # a multi-byte tag: never used by these structures
    "indefinite_length",    # BER's indefinite length, not allowed in DER
    "length_not_minimal",   # a length in long form that fits a shorter form
    "length_too_long",      # a length of more than 4 octets
    "integer_not_minimal",  # an INTEGER with a redundant leading 0x00 or 0xFF octet
    "integer_empty",        # an INTEGER with no content octets
    "negative_integer",     # the modulus or the exponent is negative
    "zero_integer",         # the modulus or the exponent is zero
    "bad_oid",              # an OBJECT IDENTIFIER that is not well formed
    "bit_string_padding",   # a BIT STRING with unused bits (or none at all)
    "bad_null",             # a NULL with content
    "rsa_parameters",       # rsaEncryption with parameters other than NULL
    "not_a_public_key",     # neither SubjectPublicKeyInfo nor RSAPublicKey
)


class KeyFormatError(ValueError):
    """The bytes are not a well-formed public key; ``reason`` says what is wrong."""

    def __init__(self, reason: str):
        assert reason in REASONS, reason
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class PublicKey:
    form: str               # "spki" (SubjectPublicKeyInfo) or "pkcs1" (bare RSAPublicKey)
    algorithm: str          # "rsa", "ed25519", ... or the dotted OID when unknown
    bits: int | None = None         # RSA: the modulus length in bits
    exponent: int | None = None     # RSA: the public exponent
    key_length: int | None = None   # non-RSA SPKI: length of the key in the BIT STRING, bytes
    key: bytes = field(default=b"", compare=False, repr=False)  # the BIT STRING's key (SPKI)


def read_public_key(der: bytes) -> PublicKey:
    """The key in ``der``: an RSA SubjectPublicKeyInfo or RSAPublicKey, or another SPKI."""
    if not der:
        raise KeyFormatError("empty")
    outer = _Reader(der)
    tag, body = outer.element()
    outer.expect_end()
    if tag != SEQUENCE:
        raise KeyFormatError("not_a_public_key")
    inside = _Reader(body)
    first_tag = inside.peek_tag()
    if first_tag == SEQUENCE:
        return _subject_public_key_info(inside)
    if first_tag == INTEGER:
        bits, exponent = _rsa_public_key(inside)
        return PublicKey("pkcs1", "rsa", bits, exponent)
    raise KeyFormatError("not_a_public_key")


def _subject_public_key_info(reader: "_Reader") -> PublicKey:
    algorithm = _Reader(reader.expect(SEQUENCE))
    oid = decode_oid(algorithm.expect(OBJECT_IDENTIFIER))
    parameters = None if algorithm.at_end() else algorithm.element()
    algorithm.expect_end()
    key = _bit_string(reader.expect(BIT_STRING))
    reader.expect_end()
    name = ALGORITHM_NAMES.get(oid, oid)
    if oid != RSA_ENCRYPTION:
        return PublicKey("spki", name, key_length=len(key), key=key)
    # RFC 3279 2.3.1: the parameters are NULL. Some encoders leave them out; both are read.
    if parameters is not None and parameters != (NULL, b""):
        raise KeyFormatError("bad_null" if parameters[0] == NULL else "rsa_parameters")
    inner = _Reader(key)
    body = inner.expect(SEQUENCE)
    inner.expect_end()
    bits, exponent = _rsa_public_key(_Reader(body))
    return PublicKey("spki", "rsa", bits, exponent)


def spki_from_rsa_public_key(rsa_public_key: bytes) -> bytes:
    """Wrap a bare RSAPublicKey (PKCS #1) in a SubjectPublicKeyInfo: the usual p= form."""
    algorithm = _tlv(SEQUENCE, _tlv(OBJECT_IDENTIFIER, _RSA_ENCRYPTION_DER) + _tlv(NULL, b""))
    return _tlv(SEQUENCE, algorithm + _tlv(BIT_STRING, b"\x00" + rsa_public_key))


_RSA_ENCRYPTION_DER = bytes.fromhex("2a864886f70d010101")


def _tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    octets = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(octets)]) + octets + content


def _rsa_public_key(reader: "_Reader") -> tuple[int, int]:
    """RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }: (bits, e)."""
    modulus = _positive_integer(reader.expect(INTEGER))
    exponent = _positive_integer(reader.expect(INTEGER))
    reader.expect_end()
    return modulus.bit_length(), exponent


def _positive_integer(content: bytes) -> int:
    if not content:
        raise KeyFormatError("integer_empty")
    if len(content) > 1 and ((content[0] == 0x00 and content[1] < 0x80)
                             or (content[0] == 0xFF and content[1] >= 0x80)):
        raise KeyFormatError("integer_not_minimal")
    if content[0] & 0x80:
        raise KeyFormatError("negative_integer")
    value = int.from_bytes(content, "big")
    if value == 0:
        raise KeyFormatError("zero_integer")
    return value


def _bit_string(content: bytes) -> bytes:
    # The first octet counts the unused bits of the last one: a key uses whole octets.
    if not content or content[0] != 0:
        raise KeyFormatError("bit_string_padding")
    return content[1:]


def decode_oid(content: bytes) -> str:
    """The dotted form of an OBJECT IDENTIFIER's content octets (X.690 8.19)."""
    if not content or content[-1] & 0x80:
        raise KeyFormatError("bad_oid")
    numbers: list[int] = []
    value, fresh = 0, True
    for octet in content:
        if fresh and octet == 0x80:
            raise KeyFormatError("bad_oid")  # a sub-identifier with a leading zero group
        value = (value << 7) | (octet & 0x7F)
        fresh = not octet & 0x80
        if fresh:
            numbers.append(value)
            value = 0
    first = min(numbers[0] // 40, 2)
    return ".".join(str(n) for n in [first, numbers[0] - 40 * first, *numbers[1:]])


class _Reader:
    """Reads TLV elements one after the other from ``data``."""

    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def at_end(self) -> bool:
        return self.position >= len(self.data)

    def expect_end(self) -> None:
        if not self.at_end():
            raise KeyFormatError("trailing_data")

    def peek_tag(self) -> int:
        if self.at_end():
            raise KeyFormatError("truncated")
        return self.data[self.position]

    def expect(self, tag: int) -> bytes:
        found, content = self.element()
        if found != tag:
            raise KeyFormatError("unexpected_tag")
        return content

    def element(self) -> tuple[int, bytes]:
        data, at = self.data, self.position
        if at + 2 > len(data):
            raise KeyFormatError("truncated")
        tag, first = data[at], data[at + 1]
        if tag & 0x1F == 0x1F:
            raise KeyFormatError("high_tag_number")
        at += 2
        if first < 0x80:
            length = first
        elif first == 0x80:
            raise KeyFormatError("indefinite_length")
        else:
            count = first & 0x7F
            if count > _MAX_LENGTH_OCTETS:
                raise KeyFormatError("length_too_long")
            if at + count > len(data):
                raise KeyFormatError("truncated")
            octets = data[at:at + count]
            if octets[0] == 0:
                raise KeyFormatError("length_not_minimal")
            length = int.from_bytes(octets, "big")
            if length < 0x80:
                raise KeyFormatError("length_not_minimal")
            at += count
        if at + length > len(data):
            raise KeyFormatError("truncated")
        self.position = at + length
        return tag, data[at:at + length]
