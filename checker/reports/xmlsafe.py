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


def safe_parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


class _RootReached(Exception):
    pass


def _root_reached(*_args) -> None:
    raise _RootReached


class PrologGuard:
    """Fed the same data as the tree builder, ahead of it, until the root element starts.

    A document type declaration may only come before the root element (XML 1.0,
    section 2.8), and entities may only be declared inside one: once expat has seen
    the root start without meeting a DOCTYPE, nothing later can declare an entity,
    and the guard stops reading. Well-formedness is left to the tree builder.
    """

    def __init__(self):
        self.parser = safe_parser()
        self.parser.StartElementHandler = _root_reached
        self.done = False

    def feed(self, data) -> None:
        if self.done:
            return
        try:
            self.parser.Parse(data, False)
        except _RootReached:
            self.done = True
        except expat.ExpatError:
            self.done = True  # not well-formed: the tree builder says where
