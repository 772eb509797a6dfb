"""Message catalogs: ``<lang>/LC_MESSAGES/checker.po`` (edited) and ``.mo`` (compiled, shipped)."""
