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


class XmlGuard:
    """Fed the same data as the tree builder, ahead of it: refuses a DTD, finds errors.

    A document type declaration may only come before the root element (XML 1.0,
    section 2.8), and entities may only be declared inside one: expat raises
    ReportError("xml_dtd") as it meets the declaration, before the tree builder has
    seen it. Past the root's start no Python handler is left, so expat reads the rest
    at C speed; its first well-formedness error, with line and column, is kept in
    ``error`` (the tree builder's own positions are not always right).
    """

    def __init__(self):
        self.parser = safe_parser()
        self.parser.StartElementHandler = self._root
        self.error: expat.ExpatError | None = None

    def _root(self, *_args) -> None:
        self.parser.StartElementHandler = None

    def feed(self, data, final: bool = False) -> None:
        if self.error is None:
            try:
                self.parser.Parse(data, final)
            except expat.ExpatError as error:
                self.error = error

    def report_error(self) -> ReportError | None:
        error = self.error
        if error is None:
            return None
        message = expat.ErrorString(error.code) if error.code else str(error)
        return ReportError("xml", line=error.lineno, column=error.offset + 1, detail=message)
