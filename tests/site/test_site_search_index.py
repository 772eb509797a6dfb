"""Each language has its own search index (hooks/i18n_search.py): only its own pages,
locations relative to its root, its own lunr language."""

from __future__ import annotations

import json

from site_html import resolve


def test_each_language_has_its_own_search_index(built_site):
    config = built_site.config
    problems = []
    for language in config.languages:
        root = config.root(language)
        path = built_site.dir / root.lstrip("/") / "search" / "search_index.json"
        if not path.is_file():
            problems.append(f"{language}: no {path.relative_to(built_site.dir)}")
            continue
        index = json.loads(path.read_text(encoding="utf-8"))
        if index["config"]["lang"] != [language]:
            problems.append(f"{language}: lunr languages {index['config']['lang']}")
        if not index["docs"]:
            problems.append(f"{language}: empty index")
        home = root.lstrip("/") + "index.html"
        for doc in index["docs"]:
            target = resolve(built_site.dir, home, doc["location"], config.site_url)
            if target is None or target[0] is None:
                problems.append(f"{language}: {doc['location']!r} leads nowhere")
            elif built_site.page(target[0].relative_to(built_site.dir).as_posix()).lang != language:
                problems.append(f"{language}: {doc['location']!r} is a page in another language")
    assert not problems, "\n".join(problems[:40])
