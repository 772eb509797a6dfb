"""partner.yml is validated before anything is built: each kind of mistake stops the
command with one line naming the file and the key, exit code 2, no traceback."""

from __future__ import annotations

import shutil

import pytest
import yaml

from partner_support import PROJECT_ROOT, build_all, partners


def _partner_folder(tmp_path, source="ngn", pid="acme"):
    folder = tmp_path / "partners" / pid
    shutil.copytree(partners.PARTNERS_DIR / source, folder)
    (folder / "fake.svg").write_text("<html>not a drawing</html>\n", encoding="utf-8")
    (folder / "fake.png").write_text("not a picture\n", encoding="utf-8")
    return folder


def _edit(folder, change):
    file = folder / "partner.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_shipped_partners_are_valid():
    run = build_all("--check")
    assert run.returncode == 0, run.output
    assert run.stdout.strip() == "ok: 3 partner config(s) valid: config, mannai, ngn"


def test_the_partners_of_the_issue():
    loaded = {p.id: p for p in partners.load_all()}
    config, ngn, mannai = loaded["config"], loaded["ngn"], loaded["mannai"]
    assert (config.name, config.default_language, set(config.languages)) == ("Config", "fr", {"fr", "ja", "en"})
    assert (ngn.name, ngn.default_language) == ("NGN International", "en")
    assert (mannai.name, mannai.default_language, mannai.distributor) == ("Mannai Trading Co.", "en", "Disti360")
    assert {p.id: p.announcements for p in loaded.values()} == {
        "config": ("config-france",), "ngn": ("ngn-bahrain",), "mannai": ("mannai-qatar",)}
    # The only contact detail the source gives: Config's website.
    assert config.website == "https://www.config.fr"
    assert [p.email for p in loaded.values()] == [None, None, None]
    assert (ngn.website, mannai.website) == (None, None)
    for partner in loaded.values():
        assert partner.logo is not None and partner.logo.parent == partner.folder


MISTAKES = [
    # (what is wrong, the edit, the key named, words of the message)
    ("missing logo file", lambda d: d.update(logo="missing.svg"), "logo", "file 'missing.svg' not found"),
    ("logo not an image", lambda d: d.update(logo="partner.yml"), "logo", "must be an .svg or .png file"),
    ("logo not an SVG document", lambda d: d.update(logo="fake.svg"), "logo", "'fake.svg' is not an SVG image"),
    ("logo not a PNG file", lambda d: d.update(logo="fake.png"), "logo", "'fake.png' is not a PNG image"),
    ("logo outside the folder", lambda d: d.update(logo="../config/logo.svg"), "logo", "is outside the partner folder"),
    ("unknown language", lambda d: d["languages"].update(offered=["en", "de"]), "languages.offered",
     "'de' is not a language of the site (ja, fr, en)"),
    ("unknown default language", lambda d: d["languages"].update(default="es"), "languages.default",
     "'es' is not a language of the site"),
    ("default not offered", lambda d: d["languages"].update(default="ja", offered=["en"]), "languages.default",
     "'ja' is not in languages.offered"),
    ("colour too short", lambda d: d["colors"].update(primary="#12345"), "colors.primary",
     "'#12345' is not a colour of the form"),
    ("colour by name", lambda d: d["colors"].update(accent="teal"), "colors.accent", "'teal' is not a colour"),
    ("colour not quoted", lambda d: d["colors"].update(primary=None), "colors.primary",
     'empty: write the colour in quotes, like "#1a2b3c"'),
    ("missing colour", lambda d: d["colors"].pop("accent"), "colors.accent", "missing (required)"),
    ("website without scheme", lambda d: d["contact"].update(website="www.example.com"), "contact.website",
     "must be an https:// URL"),
    ("website over http", lambda d: d["contact"].update(website="http://www.example.com"), "contact.website",
     "must be an https:// URL"),
    ("website with a space", lambda d: d["contact"].update(website="https://www.exa mple.com"), "contact.website",
     "is not a valid URL"),
    ("DoH over another scheme", lambda d: d["checker"].update(doh=["ftp://dns.example/dns-query"]), "checker.doh",
     "must be an https:// URL"),
    ("DoH over http, not local", lambda d: d["checker"].update(doh=["http://dns.example/dns-query"]), "checker.doh",
     "must be an https:// URL"),
    ("DoH with a bad port", lambda d: d["checker"].update(doh=["https://dns.example:99999/dns-query"]),
     "checker.doh", "is not a valid URL"),
    ("bad email", lambda d: d["contact"].update(email="info-at-example.com"), "contact.email",
     "is not an email address"),
    ("unknown key", lambda d: d.update(phone="+000"), "phone", "unknown key"),
    ("unknown nested key", lambda d: d["contact"].update(address="somewhere"), "contact.address", "unknown key"),
    ("unknown colour key", lambda d: d["colors"].update(background="#ffffff"), "colors.background", "unknown key"),
    ("contact text missing for an offered language", lambda d: d["contact"]["text"].pop("fr"), "contact.text.fr",
     "missing"),
    ("contact text for a language not offered", lambda d: d["languages"].update(offered=["en"]), "contact.text.fr",
     "is not an offered language"),
    ("unknown announcement", lambda d: d.update(announcements=["acme-mars"]), "announcements",
     "'acme-mars' is not a news page"),
    ("name missing", lambda d: d.pop("name"), "name", "missing (required)"),
    ("name with markup", lambda d: d.update(name="<b>Acme</b>"), "name", "plain name"),
    ("name not a text", lambda d: d.update(name=["Acme"]), "name", "must be a non-empty text"),
]


def _mistake(name):
    return next(m[1:] for m in MISTAKES if m[0] == name)


@pytest.mark.parametrize("edit,key,words", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_mistake_names_the_file_and_the_key(tmp_path, edit, key, words):
    folder = _partner_folder(tmp_path)
    _edit(folder, edit)
    with pytest.raises(partners.PartnerError) as caught:
        partners.load_partner(folder)
    assert caught.value.key == key
    assert caught.value.file == folder / "partner.yml"
    assert f": {key}: " in str(caught.value) and words in str(caught.value)


@pytest.mark.parametrize("edit,key,words", [_mistake("missing logo file"), _mistake("unknown language"),
                                            _mistake("colour too short"), _mistake("website without scheme"),
                                            _mistake("unknown key")],
                         ids=["missing logo", "unknown language", "malformed colour", "malformed URL", "unknown key"])
def test_the_build_command_stops_with_one_line(tmp_path, edit, key, words):
    folder = _partner_folder(tmp_path)
    _edit(folder, edit)
    out = tmp_path / "out"
    run = build_all("--partners-dir", tmp_path / "partners", "--partner", "acme", "--out", out)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"error: {folder / 'partner.yml'}: {key}: ") and words in lines[0]
    assert "Traceback" not in run.output
    assert not out.exists(), "nothing is generated or built when a config is wrong"


def test_one_bad_partner_stops_the_whole_build_before_anything_is_built(tmp_path):
    _partner_folder(tmp_path, "config", "good")
    _edit(_partner_folder(tmp_path, "ngn", "bad"), lambda d: d["colors"].update(primary="red"))
    site = tmp_path / "site"
    run = build_all("--partners-dir", tmp_path / "partners", "--out", tmp_path / "out", "--site-dir", site)
    assert run.returncode == 2
    assert run.stderr.strip() == (f"error: {tmp_path / 'partners' / 'bad' / 'partner.yml'}: colors.primary: "
                                  "'red' is not a colour of the form \"#1a2b3c\"")
    assert not site.exists() and not (tmp_path / "out").exists()


def test_the_message_uses_the_path_as_typed_from_the_project_root():
    run = build_all("--partner", "nobody")
    assert run.returncode == 2
    assert run.stderr == "error: partners/nobody/partner.yml: no such file (a partner folder needs a partner.yml)\n"


def test_yaml_syntax_errors_give_the_line(tmp_path):
    folder = _partner_folder(tmp_path)
    (folder / "partner.yml").write_text("name: Acme\ncolors: {primary: '#000000'\n", encoding="utf-8")
    with pytest.raises(partners.PartnerError, match=r"partner\.yml: line \d+: not valid YAML"):
        partners.load_partner(folder)


def test_a_partner_file_that_is_not_a_mapping(tmp_path):
    folder = _partner_folder(tmp_path)
    (folder / "partner.yml").write_text("- name\n", encoding="utf-8")
    with pytest.raises(partners.PartnerError, match="must be a mapping of keys, not a list"):
        partners.load_partner(folder)


def test_the_template_must_be_edited_before_it_builds(tmp_path):
    folder = tmp_path / "partners" / "acme"
    shutil.copytree(partners.PARTNERS_DIR / "_template", folder)
    with pytest.raises(partners.PartnerError) as caught:
        partners.load_partner(folder)
    assert caught.value.key == "announcements"
    assert "'CHANGE-ME' is not a news page of docs/en/news/ (config-france, mannai-qatar, ngn-bahrain)" in str(caught.value)


def test_the_template_is_not_a_partner():
    assert "_template" not in partners.partner_ids()
    assert (PROJECT_ROOT / "partners" / "_template" / "partner.yml").is_file()


def test_the_readme_shows_the_messages_the_command_prints(tmp_path):
    """The example error lines in partners/README.md are the ones the checks produce."""
    readme = (PROJECT_ROOT / "partners" / "README.md").read_text(encoding="utf-8")
    examples = [line for line in readme.splitlines() if line.startswith("error: partners/acme/partner.yml: ")]
    assert len(examples) == 4
    edits = [lambda d: d["colors"].update(primary="#12345"),
             lambda d: d["languages"].update(offered=["en", "de"]),
             lambda d: (d.update(logo="logo.svg"), (tmp_path / "partners" / "acme" / "logo.svg").unlink()),
             lambda d: d["contact"].update(phone="+000")]
    for example, edit in zip(examples, edits):
        shutil.rmtree(tmp_path / "partners", ignore_errors=True)
        folder = _partner_folder(tmp_path)
        _edit(folder, edit)
        with pytest.raises(partners.PartnerError) as caught:
            partners.load_partner(folder)
        shown = str(caught.value).replace(str(folder), "partners/acme")
        assert f"error: {shown}" == example
