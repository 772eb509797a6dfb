"""partners/README.md's "Add a partner, step by step", followed with a temporary partner:
copy the template folder, edit the one file, check, build, and find the new brand."""

from __future__ import annotations

import re
import shutil

from partner_html import parse
from partner_support import PROJECT_ROOT, build_all, partners

README = PROJECT_ROOT / "partners" / "README.md"


def _steps() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Add a partner, step by step"):]


def test_the_readme_gives_the_commands_this_test_runs():
    steps = _steps()
    for command in ("cp -r partners/_template partners/acme",
                    ".venv/bin/python scripts/build_all.py --check",
                    ".venv/bin/python scripts/build_all.py --partner acme",
                    "build/partners/acme/site/"):
        assert command in steps, command
    for key in ("`name`", "`colors`", "`languages`", "`announcements`", "`CHANGE-ME`", "`contact.text`",
                "`checker.doh`", "logo: <file name>"):
        assert key in steps, key


def test_a_new_partner_from_the_readme_steps(tmp_path):
    # 1. Copy the template folder (here into a temporary partners folder).
    folder = tmp_path / "partners" / "acme"
    shutil.copytree(PROJECT_ROOT / "partners" / "_template", folder)

    # 2. Edit the one file, as a person would: change values in place.
    file = folder / "partner.yml"
    text = file.read_text(encoding="utf-8")
    for old, new in [
        ("name: Example Partner", "name: Acme Mail Security"),
        ('primary: "#37474f"', 'primary: "#8e24aa"'),
        ('accent: "#00897b"', 'accent: "#f57c00"'),
        ("offered: [en]", "offered: [en, ja]"),
        ("announcements: [CHANGE-ME]", "announcements: [ngn-bahrain]"),
        ("    en: Contact your Example Partner representative.",
         "    en: Contact your Acme Mail Security representative.\n"
         "    ja: Acme Mail Securityの担当者にお問い合わせください。"),
    ]:
        assert old in text, f"the template no longer has {old!r}"
        text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["partner.yml"], "one file is all a partner needs"

    # 3. Check, then build it.
    partners_dir = tmp_path / "partners"
    check = build_all("--partners-dir", partners_dir, "--check")
    assert check.returncode == 0 and check.stdout.strip() == "ok: 1 partner config(s) valid: acme", check.output
    out = tmp_path / "out"
    run = build_all("--partners-dir", partners_dir, "--partner", "acme", "--out", out)
    assert run.returncode == 0, run.output
    assert re.search(r"^built: acme in [\d.]+ s -> ", run.stdout, re.M)

    site = out / "acme" / "site"
    home, japanese = parse(site / "index.html"), parse(site / "ja" / "index.html")
    assert (home.lang, home.title, home.site_name) == ("en", "Acme Mail Security", "Acme Mail Security")
    assert (japanese.lang, japanese.site_name) == ("ja", "Acme Mail Security")
    assert not (site / "fr").exists()
    assert set(home.switcher) == {"en", "ja"}
    # No logo file was given: a wordmark of the name is drawn.
    logo = (site / "assets" / "partner" / "logo.svg").read_text(encoding="utf-8")
    assert ">Acme Mail Security</text>" in logo and 'stroke="#8e24aa"' in logo
    assert "--md-primary-fg-color: #8e24aa;" in (site / "assets" / "partner" / "partner.css").read_text()
    assert (site / "news" / "ngn-bahrain" / "index.html").is_file()
    assert not (site / "news" / "config-france").exists() and not (site / "news" / "mannai-qatar").exists()
    contact = parse(site / "ja" / "contact" / "index.html")
    assert "Acme Mail Securityの担当者にお問い合わせください。" in contact.article_text
    # The shipped partners are untouched by the temporary one.
    assert "acme" not in partners.partner_ids()
