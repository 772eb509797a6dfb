"""A partner file is input too: what a partner writes can neither run script on the
partner's site nor widen it. Each attack is refused when the config is read, with one line
naming the file and the key; the attack samples are shown to be real in Chromium, and a
site built from the characters that remain allowed shows them as text."""

from __future__ import annotations

import pytest

from partner_support import build_all, partners
from partner_svg import svg_problem
from test_partner_config import _edit, _partner_folder
from test_partner_config import test_a_mistake_names_the_file_and_the_key as names_the_file_and_the_key
from tests.served_site import SiteServer

NAME_ATTACK = 'Acme" autofocus onfocus="window.__pwned=1'

CONFIG_ATTACKS = [
    # (what, the edit, the key named, words of the message)
    ("name closing an attribute", lambda d: d.update(name=NAME_ATTACK), "name", "plain name"),
    ("name with a backtick", lambda d: d.update(name="Acme`x"), "name", "plain name"),
    ("name with an HTML entity", lambda d: d.update(name="Acme &quot; Co"), "name", "plain name"),
    ("name reversed by a bidi override", lambda d: d.update(name="Acme \u202eevil"), "name", "\\u202e"),
    ("name with a zero-width space", lambda d: d.update(name="Ac\u200bme"), "name", "invisible"),
    ("distributor closing an attribute", lambda d: d.update(distributor='Disti" x="'), "distributor", "plain name"),
    ("contact text with a bidi override", lambda d: d["contact"]["text"].update(en="Call \u202e123"),
     "contact.text.en", "direction-changing"),
    ("DoH URL for any host", lambda d: d.update(checker={"doh": ["https://*/dns-query"]}), "checker.doh",
     "must name one server"),
    ("DoH URL for any subdomain", lambda d: d.update(checker={"doh": ["https://*.example/dns-query"]}),
     "checker.doh", "must name one server"),
    ("e-mail smuggling a cc", lambda d: d["contact"].update(email="info?cc=attacker%40evil.example@example.com"),
     "contact.email", "is not an email address"),
    ("e-mail smuggling a body", lambda d: d["contact"].update(email="a&body=x@example.com"),
     "contact.email", "is not an email address"),
]


@pytest.mark.parametrize("edit,key,words", [a[1:] for a in CONFIG_ATTACKS], ids=[a[0] for a in CONFIG_ATTACKS])
def test_hostile_config_values_are_refused(tmp_path, edit, key, words):
    names_the_file_and_the_key(tmp_path, edit, key, words)
    # ... in one line, where invisible characters are shown as escapes
    folder = tmp_path / "partners" / "acme"
    with pytest.raises(partners.PartnerError) as caught:
        partners.load_partner(folder)
    assert "\n" not in str(caught.value) and "\u202e" not in str(caught.value)


SVG_ATTACKS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>',
    "onload": b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"><rect width="9" height="9"/></svg>',
    "foreignObject": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9">'
                     b'<img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="window.__pwned=1"/>'
                     b'</foreignObject></svg>',
    "animated link": b'<svg xmlns="http://www.w3.org/2000/svg"><a id="a"><set attributeName="href" '
                     b'to="javascript:window.__pwned=1"/><text y="20">x</text></a></svg>',
    "nested event": b'<svg xmlns="http://www.w3.org/2000/svg"><g><image href="x" onerror="window.__pwned=1"/></g></svg>',
}
SVG_ELSEWHERE = {
    "external image": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>',
    "xlink to elsewhere": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                          b'<use xlink:href="https://evil.example/s.svg#x"/></svg>',
    "style import": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://evil.example/a.css";</style></svg>',
    "style url": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/p)"/></svg>',
    "entities": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">'
                b'<text>&a;</text></svg>',
}


@pytest.mark.parametrize("name", SVG_ATTACKS)
def test_svg_logo_that_runs_script_is_refused(tmp_path, page, name):
    sample = tmp_path / "logo.svg"
    sample.write_bytes(SVG_ATTACKS[name])
    # The attack is real: opened at its own address, the SVG runs script.
    page.goto(sample.as_uri())
    page.wait_for_timeout(300)
    if name != "animated link":
        assert page.evaluate("window.__pwned") == 1
    # ... and the config that names it is refused.
    folder = _partner_folder(tmp_path)
    (folder / "bad.svg").write_bytes(SVG_ATTACKS[name])
    _edit(folder, lambda d: d.update(logo="bad.svg"))
    with pytest.raises(partners.PartnerError) as caught:
        partners.load_partner(folder)
    assert caught.value.key == "logo" and "'bad.svg'" in str(caught.value)


@pytest.mark.parametrize("name", SVG_ELSEWHERE)
def test_svg_logo_that_loads_from_elsewhere_is_refused(name):
    assert svg_problem(SVG_ELSEWHERE[name]) is not None


def test_the_shipped_logos_pass():
    for pid in partners.partner_ids():
        logo = partners.load_partner(partners.PARTNERS_DIR / pid).logo
        if logo is not None and logo.suffix == ".svg":
            assert svg_problem(logo.read_bytes()) is None, pid


def test_a_huge_logo_is_refused_before_it_is_read(tmp_path):
    folder = _partner_folder(tmp_path)
    with open(folder / "huge.png", "wb") as handle:  # sparse: 300 MB on paper, nothing on disk
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(300 * 1024 * 1024)
    _edit(folder, lambda d: d.update(logo="huge.png"))
    run = build_all("--partners-dir", tmp_path / "partners", "--partner", "acme", "--out", tmp_path / "out")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and ": logo: 'huge.png' is 314,572,800 bytes" in run.stderr


def test_the_build_stops_on_a_hostile_name_with_one_line(tmp_path):
    folder = _partner_folder(tmp_path)
    _edit(folder, lambda d: d.update(name=NAME_ATTACK))
    run = build_all("--partners-dir", tmp_path / "partners", "--partner", "acme", "--out", tmp_path / "out")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and ": name: " in run.stderr
    assert not (tmp_path / "out").exists()


# -- what remains allowed is text on the built site ----------------------------------------

ALLOWED_NAME = "O'Brien & Co"  # an apostrophe and a bare &: allowed, and shown as typed


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("tricky")
    folder = _partner_folder(root)
    _edit(folder, lambda d: d.update(name=ALLOWED_NAME, distributor="D'Or & Cie"))
    run = build_all("--partners-dir", root / "partners", "--partner", "acme", "--out", root / "out")
    assert run.returncode == 0, run.output[-3000:]
    server = SiteServer(root / "out" / "acme" / "site")
    try:
        yield server.url
    finally:
        server.stop()


def test_allowed_punctuation_in_the_name_is_text_everywhere(page, tricky_site):
    page.goto(tricky_site)
    shown = page.evaluate("""() => ({
      title: document.title,
      labels: [...document.querySelectorAll('[aria-label]')].map((n) => n.getAttribute('aria-label'))
                .filter((l) => l.includes('Brien')),
      topic: document.querySelector('.md-header__topic .md-ellipsis').textContent.trim(),
      footer: document.querySelector('.md-copyright__highlight').textContent,
      pwned: window.__pwned,
    })""")
    assert shown["title"] == ALLOWED_NAME and shown["topic"] == ALLOWED_NAME
    assert shown["labels"] and all(label == ALLOWED_NAME for label in shown["labels"])
    assert ALLOWED_NAME in shown["footer"] and "D'Or & Cie" in shown["footer"]
    assert shown["pwned"] is None
