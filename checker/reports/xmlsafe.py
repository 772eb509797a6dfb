"""An expat parser that refuses what makes XML dangerous to read.

defusedxml lists the threats: entity expansion ("billion laughs", quadratic blowup),
external entities and DTD retrieval. Aggregate reports need none of it, so any
document type declaration, entity declaration or external reference is refused
before it is expanded: expat calls these handlers as it meets the declaration.
"""

from __future__ import annotations

import xml.parsers.expat as expat

from .errors import ReportError


def _refuse_dtd(*_args) -> None:
    raise ReportError("xml_dtd")


def _refuse_entity(*_args) -> None:
    raise ReportError("xml_entity")


def safe_parser(namespace_separator: str | None = None) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=namespace_separator)
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser
