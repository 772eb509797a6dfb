"""What scripts/partner_site.py writes for a partner, before MkDocs runs: the generated
config (INHERIT pitfalls handled), the filtered lists of announcements, the contact
page's text, and colours that stay readable."""

from __future__ import annotations

from dataclasses import replace

import markdown
import pytest
import yaml

from partner_support import PROJECT_ROOT, partner_site, partners


@pytest.fixture(scope="module")
def base():
    return partners.read_base_config()


@pytest.fixture(scope="module")
def ngn(base):
    return partners.load_partner(partners.PARTNERS_DIR / "ngn", base)


def test_the_generated_config_inherits_with_absolute_paths(ngn, base, tmp_path):
    paths = partner_site.generate(ngn, base, tmp_path)
    config = yaml.safe_load(paths.config.read_text(encoding="utf-8").split("\n", 1)[1])
    assert config["INHERIT"] == str(PROJECT_ROOT / "mkdocs.yml")
    assert config["docs_dir"] == str(tmp_path / "ngn" / "docs") and config["site_dir"] == str(tmp_path / "ngn" / "site")
    assert config["theme"]["custom_dir"] == str(PROJECT_ROOT / "overrides")
    # INHERIT replaces lists: the base's hooks are all there, by absolute path, once each,
    # and the template cache shared by the builds.
    hooks = [*base["hooks"], *(h for h in partner_site.EXTRA_HOOKS if h not in base["hooks"])]
    assert config["hooks"] == [str(PROJECT_ROOT / h) for h in hooks]
    assert str(PROJECT_ROOT / "hooks" / "template_cache.py") in config["hooks"]
    assert config["extra_css"] == [*base["extra_css"], "assets/partner/partner.css"]
    assert config["extra"]["checker"]["doh"] == list(ngn.doh)
    (i18n,) = [p["i18n"] for p in config["plugins"] if "i18n" in p]
    base_i18n = partners.i18n_plugin(base)
    assert {k: v for k, v in i18n.items() if k != "languages"} == {k: v for k, v in base_i18n.items() if k != "languages"}
    assert [(lang["locale"], lang["default"], lang["site_name"]) for lang in i18n["languages"]] == [
        ("en", True, "NGN International"), ("fr", False, "NGN International"), ("ja", False, "NGN International")]
    search = next(p for p in config["plugins"] if "search" in p)
    assert search == next(p for p in base["plugins"] if isinstance(p, dict) and "search" in p)


def test_the_nav_keeps_only_its_own_news_and_ends_with_the_contact_page(ngn, base):
    nav = partner_site.nav(ngn, base["nav"])
    news = next(entry["News"] for entry in nav if isinstance(entry, dict) and "News" in entry)
    assert news == ["news/index.md", "news/ngn-bahrain.md"]
    assert nav[-1] == "contact.md"
    assert len(nav) == len(base["nav"]) + 1


def test_the_docs_tree_has_only_the_offered_languages_and_own_news(base, tmp_path):
    mannai = partners.load_partner(partners.PARTNERS_DIR / "mannai", base)
    partner_site.write_docs(mannai, tmp_path / "docs")
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["assets", "en"]
    assert sorted(p.name for p in (tmp_path / "docs" / "en" / "news").iterdir()) == ["index.md", "mannai-qatar.md"]
    home = (tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert "news/mannai-qatar.md" in home and "news/config-france.md" not in home
    assert "news/ngn-bahrain.md" not in home
    # The base docs are untouched.
    assert "news/config-france.md" in (partners.DOCS_DIR / "en" / "index.md").read_text(encoding="utf-8")


def test_only_list_items_and_table_rows_that_link_to_a_left_out_page_go():
    markdown = ("- [Ours](news/ours.md)\n"
                "- [Theirs](news/theirs.md)\n"
                "| Bahrain | [Theirs](theirs.md#quotes) |\n"
                "| France | [Ours](ours.md) |\n"
                "See [their news](news/theirs.md) in a sentence.\n")
    assert partner_site.drop_links_to(markdown, "index.md", {"news/theirs.md"}) == (
        "- [Ours](news/ours.md)\n"
        "| Bahrain | [Theirs](theirs.md#quotes) |\n"  # from index.md, theirs.md is not news/theirs.md
        "| France | [Ours](ours.md) |\n"
        "See [their news](news/theirs.md) in a sentence.\n")  # kept: the strict build fails on it
    assert partner_site.drop_links_to(markdown, "news/index.md", {"news/theirs.md"}) == (
        "- [Ours](news/ours.md)\n- [Theirs](news/theirs.md)\n| France | [Ours](ours.md) |\n"
        "See [their news](news/theirs.md) in a sentence.\n")


def test_contact_text_is_shown_as_written_never_as_markup(ngn):
    partner = replace(ngn, contact_text={**ngn.contact_text, "en": "Ask *us* <b>now</b> [here](https://evil.example)"})
    page = partner_site.contact_page(partner, "en")
    assert page.splitlines()[0] == "# Contact"
    html = markdown.markdown(page)
    assert "<em>" not in html and "<b>" not in html and "<a " not in html
    assert "Ask *us* &lt;b&gt;now&lt;/b&gt; [here](https://evil.example)" in html


def test_a_light_primary_colour_gets_dark_header_text_and_darker_links(ngn):
    light = replace(ngn, primary="#ffeb3b")
    css = partner_site.stylesheet(light)
    assert "--md-primary-bg-color: #000000de;" in css
    link = css.split("--md-typeset-a-color: ")[1].split(";")[0]
    assert partner_site.contrast(link, "#ffffff") >= 4.5
    assert "--md-primary-bg-color: #ffffff;" in partner_site.stylesheet(ngn)


def test_the_shipped_logos_are_our_wordmarks():
    for pid in partners.partner_ids():
        partner = partners.load_partner(partners.PARTNERS_DIR / pid)
        svg = partner.logo.read_text(encoding="utf-8")
        assert "<rect" in svg and 'rx="10"' in svg and "<text" in svg
        assert "<path" not in svg and "<image" not in svg and "href" not in svg
        assert svg == partner_site.wordmark_svg(svg.split("<title>")[1].split("</title>")[0], partner.primary)


def test_a_broken_link_fails_the_strict_build_with_mkdocs_warning(base, tmp_path):
    """A link left in running text to a news page the partner does not show: MkDocs'
    strict mode stops the build, and the warning is what the command prints."""
    import build_all

    mannai = partners.load_partner(partners.PARTNERS_DIR / "mannai", base)
    paths = partner_site.generate(mannai, base, tmp_path)
    about = paths.docs / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [Config](news/config-france.md).\n", encoding="utf-8")
    outcome = build_all.build_here(build_all.BuildTarget("mannai", paths.config, paths.site, 1))
    assert not outcome.ok
    assert ("WARNING -  Doc file 'en/about.md' contains a link 'news/config-france.md', but the target "
            "'en/news/config-france.md' is not found") in outcome.problems
    assert "Aborted with 1 warnings in strict mode!" in outcome.problems
    # The same generated tree, repaired, builds.
    partner_site.write_docs(mannai, paths.docs)
    assert build_all.build_here(build_all.BuildTarget("mannai", paths.config, paths.site, 1)).ok
