"""Partner configs: read and validate `partners/<id>/partner.yml`.

A partner folder holds one small file, partner.yml, and the logo it names:

    name: NGN International          # display name: site name, header, page titles, footer
    logo: logo.svg                   # optional, relative to the folder, .svg or .png;
                                     # without it a wordmark is drawn from the name
    colors: {primary: "#0b5d57", accent: "#c8553d"}
    languages: {default: en, offered: [en, fr, ja]}
    announcements: [ngn-bahrain]     # news pages (docs/<lang>/news/<id>.md) shown
    contact:
      website: https://www.example.com   # optional
      email: info@example.com            # optional
      text: {en: "...", fr: "...", ja: "..."}   # one text per offered language
    distributor: Disti360            # optional: named in the footer and on the contact page
    checker: {doh: [https://...]}    # optional; default: the base site's endpoints
    site_url: https://kb.example.com/     # optional

Everything is checked before anything is built: an unknown key, a missing logo, an
unknown language, a malformed colour or URL raises PartnerError, whose message names
the file and the key in one line.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import yaml
from partner_svg import svg_problem

from checker.dns.doh import check_doh_url
from checker.dns.errors import ResolverSpecError
from checker.inert import visible

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PARTNERS_DIR = PROJECT_ROOT / "partners"
BASE_CONFIG = PROJECT_ROOT / "mkdocs.yml"
DOCS_DIR = PROJECT_ROOT / "docs"
CONFIG_NAME = "partner.yml"

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
# The local part is kept to characters a mailto: link carries as they are: no ?, &, = or %
# that would add a cc, a subject or a body to the link.
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
LOGO_SUFFIXES = (".svg", ".png")
MAX_LOGO_BYTES = 1024 * 1024
# Characters that would end an HTML attribute or start markup where Material puts the name
# unescaped (aria-label="{{ config.site_name }}").
NAME_FORBIDDEN = set('<>"`')
HTML_ENTITY = re.compile(r"&#?[A-Za-z0-9]+;")  # would show as another character there
MAX_NAME = 60
MAX_TEXT = 1000

KEYS = {"name", "logo", "colors", "languages", "announcements", "contact", "distributor", "checker", "site_url"}
REQUIRED = ("name", "colors", "languages", "announcements", "contact")
COLOUR_KEYS = ("primary", "accent")
LANGUAGE_KEYS = ("default", "offered")
CONTACT_KEYS = {"website", "email", "text"}
CHECKER_KEYS = {"doh"}


class PartnerError(ValueError):
    """A partner config that cannot be built; str() is the one line to show."""

    def __init__(self, file: Path, key: str | None, problem: str):
        self.file, self.key, self.problem = file, key, problem
        where = f"{_display(file)}: {key}" if key else _display(file)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Partner:
    id: str
    folder: Path
    name: str
    logo: Path | None               # None: a wordmark is drawn from the name
    primary: str
    accent: str
    default_language: str
    languages: tuple[str, ...]      # offered, default first
    announcements: tuple[str, ...]
    contact_text: dict[str, str]
    website: str | None
    email: str | None
    distributor: str | None
    doh: tuple[str, ...]
    site_url: str | None

    @property
    def config_file(self) -> Path:
        return self.folder / CONFIG_NAME


# -- what the base site offers ---------------------------------------------------------

class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python tags; only plain keys are read here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_base_config(path: Path = BASE_CONFIG) -> dict:
    """The base mkdocs.yml as plain data (tagged values become None)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags)


def i18n_plugin(base: dict) -> dict:
    for plugin in base.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]
    raise ValueError("the base mkdocs.yml has no i18n plugin")


def site_languages(base: dict) -> tuple[str, ...]:
    return tuple(lang["locale"] for lang in i18n_plugin(base)["languages"])


def base_doh(base: dict) -> tuple[str, ...]:
    return tuple(((base.get("extra") or {}).get("checker") or {}).get("doh") or ())


def announcement_ids(docs_dir: Path, language: str) -> set[str]:
    """News pages of one language: docs/<lang>/news/<id>.md, except the index."""
    folder = docs_dir / language / "news"
    return {p.stem for p in folder.glob("*.md") if p.stem != "index"}


# -- loading -------------------------------------------------------------------------------

def partner_ids(partners_dir: Path = PARTNERS_DIR) -> list[str]:
    """Folders of partners_dir that hold a partner.yml, sorted; `_template` and other
    names starting with "_" or "." are not partners."""
    if not partners_dir.is_dir():
        return []
    return sorted(p.name for p in partners_dir.iterdir()
                  if (p / CONFIG_NAME).is_file() and not p.name.startswith(("_", ".")))


def load_all(partners_dir: Path = PARTNERS_DIR, base: dict | None = None, docs_dir: Path = DOCS_DIR) -> list[Partner]:
    base = base if base is not None else read_base_config()
    return [load_partner(partners_dir / pid, base, docs_dir) for pid in partner_ids(partners_dir)]


def load_partner(folder: Path, base: dict | None = None, docs_dir: Path = DOCS_DIR) -> Partner:
    """Read and validate ``folder/partner.yml``; PartnerError names the file and the key."""
    folder = Path(folder).resolve()
    file = folder / CONFIG_NAME
    if not file.is_file():
        raise PartnerError(file, None, "no such file (a partner folder needs a partner.yml)")
    if not ID_PATTERN.fullmatch(folder.name):
        raise PartnerError(file, None, f"the folder name {folder.name!r} is not a partner id "
                                       "(lower-case letters, digits and hyphens, at most 40)")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise PartnerError(file, None, f"cannot be read ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f"line {mark.line + 1}" if mark else "YAML"
        raise PartnerError(file, None, f"{at}: not valid YAML ({getattr(error, 'problem', None) or error})") from None
    except UnicodeDecodeError:
        raise PartnerError(file, None, "not UTF-8 text") from None
    base = base if base is not None else read_base_config()
    return _Validator(file, folder, base, docs_dir).partner(data)


class _Validator:
    def __init__(self, file: Path, folder: Path, base: dict, docs_dir: Path):
        self.file, self.folder, self.docs_dir = file, folder, docs_dir
        self.site_languages = site_languages(base)
        self.base_doh = base_doh(base)

    def fail(self, key: str | None, problem: str):
        raise PartnerError(self.file, key, problem)

    def partner(self, data) -> Partner:
        self.mapping(None, data, KEYS)
        for key in REQUIRED:
            if key not in data:
                self.fail(key, "missing (required)")
        name = self.name("name", data["name"])
        logo = self.logo(data["logo"]) if data.get("logo") is not None else None
        colours = self.mapping("colors", data["colors"], set(COLOUR_KEYS), COLOUR_KEYS)
        primary = self.colour("colors.primary", colours["primary"])
        accent = self.colour("colors.accent", colours["accent"])
        default, offered = self.languages(data["languages"])
        announcements = self.announcements(data["announcements"], offered)
        contact = self.mapping("contact", data["contact"], CONTACT_KEYS)
        texts = self.contact_text(contact, offered)
        website = self.url("contact.website", contact["website"]) if contact.get("website") is not None else None
        email = self.email("contact.email", contact["email"]) if contact.get("email") is not None else None
        distributor = self.name("distributor", data["distributor"]) if data.get("distributor") is not None else None
        doh = self.doh(self.mapping("checker", data.get("checker", {}), CHECKER_KEYS))
        site_url = self.url("site_url", data["site_url"]) if data.get("site_url") is not None else None
        return Partner(id=self.folder.name, folder=self.folder, name=name, logo=logo, primary=primary,
                       accent=accent, default_language=default, languages=offered,
                       announcements=announcements, contact_text=texts, website=website, email=email,
                       distributor=distributor, doh=doh, site_url=site_url)

    # -- shapes

    def mapping(self, key: str | None, value, allowed: set[str], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            self.fail(key, f"must be a mapping of keys, not {_kind(value)}")
        for name in value:
            if name not in allowed:
                full = f"{key}.{name}" if key else str(name)
                self.fail(full, f"unknown key (allowed here: {', '.join(sorted(allowed))})")
        for name in required:
            if name not in value:
                self.fail(f"{key}.{name}", "missing (required)")
        return value

    def text(self, key: str, value, limit: int) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"must be a non-empty text, not {_kind(value)}")
        if len(value) > limit:
            self.fail(key, f"is {len(value)} characters long; at most {limit}")
        if any(ord(c) < 32 and c not in "\n" for c in value):
            self.fail(key, "contains control characters")
        if visible(value.replace("\n", "")) != value.replace("\n", ""):
            self.fail(key, f"contains invisible or direction-changing characters ({visible(value)})")
        return value.strip()

    def name(self, key: str, value) -> str:
        """A name shown in the header, the page titles and the footer: one plain line."""
        value = self.text(key, value, MAX_NAME)
        if "\n" in value or NAME_FORBIDDEN & set(value) or HTML_ENTITY.search(value):
            self.fail(key, 'must be a plain name on one line (no <, >, ", ` or &...; entity)')
        return value

    # -- values

    def logo(self, value) -> Path:
        if not isinstance(value, str) or not value:
            self.fail("logo", f"must be a file name, not {_kind(value)}")
        path = (self.folder / value).resolve()
        if self.folder not in path.parents:
            self.fail("logo", f"{value!r} is outside the partner folder")
        if path.suffix.lower() not in LOGO_SUFFIXES:
            self.fail("logo", f"{value!r} must be an .svg or .png file")
        if not path.is_file():
            self.fail("logo", f"file {value!r} not found in {_display(self.folder)}")
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            self.fail("logo", f"{value!r} is {size:,} bytes; a logo may have at most {MAX_LOGO_BYTES:,}")
        if not _is_image(path):
            kind = "an SVG" if path.suffix.lower() == ".svg" else "a PNG"
            self.fail("logo", f"{value!r} is not {kind} image")
        if path.suffix.lower() == ".svg" and (problem := svg_problem(path.read_bytes())):
            self.fail("logo", f"{value!r} {problem}")
        return path

    def colour(self, key: str, value) -> str:
        if value is None:  # `primary: #1a2b3c` unquoted: YAML reads a comment
            self.fail(key, 'empty: write the colour in quotes, like "#1a2b3c" (an unquoted # starts a comment)')
        if not isinstance(value, str) or not COLOUR_PATTERN.fullmatch(value):
            self.fail(key, f"{value!r} is not a colour of the form \"#1a2b3c\"")
        return value.lower()

    def languages(self, value) -> tuple[str, tuple[str, ...]]:
        value = self.mapping("languages", value, set(LANGUAGE_KEYS), LANGUAGE_KEYS)
        known = ", ".join(self.site_languages)
        default, offered = value["default"], value["offered"]
        if default not in self.site_languages:
            self.fail("languages.default", f"{default!r} is not a language of the site ({known})")
        if not isinstance(offered, list) or not offered:
            self.fail("languages.offered", f"must be a non-empty list of languages ({known})")
        for lang in offered:
            if lang not in self.site_languages:
                self.fail("languages.offered", f"{lang!r} is not a language of the site ({known})")
        if len(set(offered)) != len(offered):
            self.fail("languages.offered", "lists a language twice")
        if default not in offered:
            self.fail("languages.default", f"{default!r} is not in languages.offered")
        # The default language first: it is built at / and heads the language switcher.
        return default, (default, *(lang for lang in offered if lang != default))

    def announcements(self, value, languages: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.fail("announcements", "must be a non-empty list of news page names, e.g. [config-france]")
        for lang in languages:
            known = announcement_ids(self.docs_dir, lang)
            for name in value:
                if name not in known:
                    self.fail("announcements", f"{name!r} is not a news page of docs/{lang}/news/ "
                                               f"({', '.join(sorted(known)) or 'none'})")
        if len(set(value)) != len(value):
            self.fail("announcements", "lists a page twice")
        return tuple(value)

    def contact_text(self, contact: dict, languages: tuple[str, ...]) -> dict[str, str]:
        if "text" not in contact:
            self.fail("contact.text", "missing (required): how to reach the partner, one text per offered language")
        texts = contact["text"]
        if not isinstance(texts, dict):
            self.fail("contact.text", f"must map each offered language to a text, not {_kind(texts)}")
        for lang in texts:
            if lang not in languages:
                self.fail(f"contact.text.{lang}", f"{lang!r} is not an offered language ({', '.join(languages)})")
        for lang in languages:
            if lang not in texts:
                self.fail(f"contact.text.{lang}", "missing: every offered language needs a contact text")
        return {lang: self.text(f"contact.text.{lang}", texts[lang], MAX_TEXT) for lang in languages}

    def doh(self, checker: dict) -> tuple[str, ...]:
        if "doh" not in checker:
            return self.base_doh
        urls = checker["doh"]
        if not isinstance(urls, list) or not urls:
            self.fail("checker.doh", "must be a non-empty list of DNS-over-HTTPS URLs")
        for url in urls:
            self.url("checker.doh", url, doh=True)
            try:  # the checker's own rule: one concrete host (the page's CSP lists it as is)
                check_doh_url(url)
            except ResolverSpecError:
                self.fail("checker.doh", f"{url!r} must name one server (a host name or an IP address)")
        return tuple(urls)

    def url(self, key: str, value, doh: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(key, f"must be a URL, not {_kind(value)}")
        try:
            parts = urlsplit(value)
            host = parts.hostname
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError:
            self.fail(key, f"{value!r} is not a valid URL")
        if any(c.isspace() or c in "\"'<>;,`" for c in value):
            self.fail(key, f"{value!r} is not a valid URL")
        # http is accepted only for a resolver on this machine (tests, local development).
        if parts.scheme != "https" and not (doh and parts.scheme == "http" and host and _is_loopback(host)):
            self.fail(key, f"{value!r} must be an https:// URL")
        if not host:
            self.fail(key, f"{value!r} is not a valid URL")
        if parts.username or parts.password:
            self.fail(key, f"{value!r} must not contain a user name or password")
        if doh and parts.fragment:
            self.fail(key, f"{value!r} must not have a #fragment")
        return value

    def email(self, key: str, value) -> str:
        if not isinstance(value, str) or not EMAIL_PATTERN.fullmatch(value):
            self.fail(key, f"{value!r} is not an email address")
        return value


def _is_image(path: Path) -> bool:
    """An SVG document (root element <svg>) or a PNG file (its signature)."""
    if path.suffix.lower() == ".png":
        return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return False
    return root.tag in ("svg", "{http://www.w3.org/2000/svg}svg")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", str: "a text", type(None): "nothing"}.get(type(value), type(value).__name__)


def _display(path: Path) -> str:
    """A path as the user typed it, relative to the working folder when possible."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
