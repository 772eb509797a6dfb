"""French search that ignores accents.

Readers often type French without accents ("requete", "securite"). Material's French
search (lunr.fr) matches words exactly as written, so such a query found nothing. This
hook appends hooks/assets/lunr-fr-fold-accents.js to the site's copy of Material's
lunr.fr.min.js: it strips accents from indexed words and from query words alike.
"""

from __future__ import annotations

import os

from mkdocs.plugins import event_priority

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDING_SCRIPT = os.path.join(HERE, "assets", "lunr-fr-fold-accents.js")
LUNR_FR = os.path.join("assets", "javascripts", "lunr", "min", "lunr.fr.min.js")
MARKER = "lunr.fr.foldAccents"


@event_priority(-200)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a nested per-language build: the site is not final yet
    target = os.path.join(config.site_dir, LUNR_FR)
    if not os.path.exists(target):
        return  # no French search in this build
    with open(target, encoding="utf-8") as f:
        script = f.read()
    if MARKER in script:
        return
    with open(FOLDING_SCRIPT, encoding="utf-8") as f:
        folding = f.read()
    with open(target, "w", encoding="utf-8") as f:
        f.write(script + folding)
