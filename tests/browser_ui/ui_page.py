"""Driving the checker in a page and reading what it shows.

``read_result`` turns the result area into plain data with the text a reader sees
(textContent only), so tests compare it with the ``view`` checker.browser produced.
"""

from __future__ import annotations

from urllib.parse import urlsplit

CHECK_TIMEOUT_MS = 90_000  # the first check includes Pyodide's cold start
LANGUAGE_ROOT = {"ja": "", "fr": "fr/", "en": "en/"}

# Before any script of the page: record CSP violations, and every text the progress
# line and the answer counter show (they change faster than a test can poll).
INIT_SCRIPT = """
window.__cspViolations = [];
window.__progressLog = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
new MutationObserver(() => {
  for (const node of document.querySelectorAll(".email-checker__status-text, .email-checker__count")) {
    const text = node.textContent;
    if (text && window.__progressLog[window.__progressLog.length - 1] !== text) window.__progressLog.push(text);
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


class CheckerPages:
    """Pages of one browser context; the checker page of each language is opened once."""

    def __init__(self, context, site_url: str):
        self.context = context
        self.site_url = site_url
        self.requests: list[tuple[str, str]] = []  # (page URL when sent, request URL)
        self.dialogs: list[str] = []
        self._checker_pages: dict[str, object] = {}
        context.add_init_script(INIT_SCRIPT)

    def url(self, lang: str, path: str = "checker/") -> str:
        return self.site_url + LANGUAGE_ROOT[lang] + path

    def new_page(self):
        page = self.context.new_page()
        page.set_default_timeout(20_000)
        page.on("request", lambda request: self.requests.append((page.url, request.url)))
        # A payload that opened alert() would block the page: record it and go on.
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        return page

    def checker(self, lang: str):
        """The checker page in ``lang``, loaded on first use; its worker stays warm."""
        page = self._checker_pages.get(lang)
        if page is None or page.is_closed():
            page = self.new_page()
            page.goto(self.url(lang))
            self._checker_pages[lang] = page
        return page


def host(page, selector: str = ".email-checker"):
    return page.locator(selector).first


def run_check(page, domain: str, selectors: str = "", *, component: str = ".email-checker") -> str:
    """Type a domain (and selectors) into the form, press Enter, wait for the end; the state."""
    root = host(page, component)
    root.locator("input[name=domain]").fill(domain)
    if selectors:
        root.locator("input[name=selector]").fill(selectors)
    root.locator("input[name=domain]").press("Enter")
    return wait_for_check(page, component)


def wait_for_check(page, component: str = ".email-checker") -> str:
    page.wait_for_function(
        """(selector) => {
             const host = document.querySelector(selector);
             return host && ["done", "error", "failed"].includes(host.dataset.state);
           }""",
        arg=component,
        timeout=CHECK_TIMEOUT_MS,
    )
    return host(page, component).get_attribute("data-state")


READ_RESULT = """
(selector) => {
  const root = document.querySelector(selector);
  const result = root.querySelector(".email-checker__result");
  const text = (node) => (node ? node.textContent : null);
  const finding = (node) => ({
    code: node.dataset ? node.dataset.code : null,
    severity_text: text(node.querySelector(":scope > .email-checker__badge")),
    message: text(node.querySelector(".email-checker__message")),
    fix: node.querySelector(".email-checker__fix")
      ? { label: text(node.querySelector(".email-checker__fix-label")),
          record: text(node.querySelector(".email-checker__fix pre code")),
          button: node.querySelector(".email-checker__fix button") ? node.querySelector(".email-checker__fix button").tagName : null }
      : null,
    link: node.querySelector("a.email-checker__more")
      ? { href: node.querySelector("a.email-checker__more").getAttribute("href"),
          text: text(node.querySelector("a.email-checker__more")) }
      : null,
  });
  const tree = (node) => ({
    label: text(node.querySelector(":scope > .email-checker__node-label")),
    record: text(node.querySelector(":scope > .email-checker__node-record")),
    children: [...node.querySelectorAll(":scope > ul > li")].map(tree),
  });
  const fix = (node) => ({
    label: text(node.querySelector(".email-checker__fix-label")),
    record: text(node.querySelector("pre code")),
    button: node.querySelector("button") ? node.querySelector("button").tagName : null,
  });
  const proposal = (node) => node.matches("ol.email-checker__steps")
    ? { steps: [...node.querySelectorAll(":scope > li")].map((li) =>
          li.querySelector(".email-checker__fix") ? fix(li.querySelector(".email-checker__fix")) : { label: text(li) }) }
    : fix(node);
  // A link inside the report: which section it leads to.
  const target = (link) => {
    const section = link && document.getElementById(link.getAttribute("href").slice(1));
    return section ? section.dataset.protocol : null;
  };
  const verdict = result.querySelector(".email-checker__verdict");
  return {
    hidden: result.hidden,
    lang: result.getAttribute("lang"),
    title: text(result.querySelector(".email-checker__title")),
    input_note: text(result.querySelector(".email-checker__input-note")),
    stray_text: [...result.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()).map(text),
    verdict: verdict ? {
      grade: text(verdict.querySelector(".email-checker__grade")),
      grade_text: text(verdict.querySelector(".email-checker__grade-text")),
      severity: [...verdict.classList].find((c) => /--(ok|warning|error)$/.test(c)),
      icon: Boolean(verdict.querySelector("svg.email-checker__icon")),
      ...finding(verdict.querySelector(".email-checker__verdict-body")),
      try_again: text(verdict.querySelector(".email-checker__try-again")),
      reasons: [...verdict.querySelectorAll(".email-checker__reasons li")].map((li) => ({
        text: text(li), target: target(li.querySelector("a")) })),
    } : null,
    strip: [...result.querySelectorAll(".email-checker__strip-item")].map((li) => ({
      text: text(li), target: target(li.querySelector("a")) })),
    notice: text(result.querySelector(".email-checker__notice")),
    protocols: [...result.querySelectorAll(".email-checker__protocol")].map((section) => ({
      protocol: section.dataset.protocol,
      name: text(section.querySelector(".email-checker__protocol-name")),
      status_text: text(section.querySelector("h3 .email-checker__badge")),
      heading: text(section.querySelector("h3")),
      icon: Boolean(section.querySelector("h3 svg.email-checker__icon")),
      records: [...section.querySelectorAll(":scope > pre.email-checker__record code")].map(text),
      record_labels: [...section.querySelectorAll(":scope > .email-checker__record-label")].map(text),
      tree: section.querySelector(".email-checker__spf-tree") ? {
        counter: text(section.querySelector(".email-checker__lookups")),
        summary: text(section.querySelector(".email-checker__spf-summary span:not(.email-checker__lookups)")),
        over: section.querySelector(".email-checker__spf-tree").classList.contains("email-checker__spf-tree--over"),
        unusable: section.querySelector(".email-checker__spf-tree").classList.contains("email-checker__spf-tree--unusable"),
        root: section.querySelector(".email-checker__tree > li") ? tree(section.querySelector(".email-checker__tree > li")) : null,
      } : null,
      findings: [...section.querySelectorAll(".email-checker__finding")].map(finding),
      proposals: [...section.querySelectorAll(":scope > .email-checker__fix, :scope > ol.email-checker__steps")]
        .map(proposal),
    })),
    footer: text(result.querySelector(".email-checker__footer")),
    status: text(root.querySelector("[role=status]")),
    error: root.querySelector(".email-checker__error").hidden ? null : text(root.querySelector(".email-checker__error")),
  };
}
"""


def read_result(page, component: str = ".email-checker") -> dict:
    return page.evaluate(READ_RESULT, component)


def assert_shows(shown: dict, view: dict, *, with_verdict: bool = True) -> None:
    """The page shows every piece of ``view`` (checker.present's words) where it belongs."""
    assert not shown["hidden"], "the result area is hidden"
    assert shown["lang"] == view["lang"]
    assert shown["title"] == view["title"]
    assert shown["input_note"] == view.get("input_note")
    assert shown["stray_text"] == [], "text outside the report's parts"
    if with_verdict:
        verdict = view["verdict"]
        assert shown["verdict"], "no verdict shown"
        assert shown["verdict"]["grade"] == verdict["grade"]
        assert shown["verdict"]["grade_text"] == verdict["grade_text"]
        assert shown["verdict"]["icon"], "the verdict has no icon"
        if verdict["finding"]:
            assert shown["verdict"]["message"] == verdict["finding"]["message"]
            assert shown["verdict"]["link"]["href"] == verdict["finding"]["article_url"]
        # each reason links to the section of the protocol it comes from
        assert shown["verdict"]["reasons"] == [{"text": r["text"], "target": r["protocol"]}
                                               for r in verdict["reasons"]]
        assert shown["verdict"]["try_again"] == verdict["try_again"]
        assert [item["target"] for item in shown["strip"]] == [item["protocol"] for item in view["strip"]]
        assert all(item["text"].startswith(want["name"]) for item, want in zip(shown["strip"], view["strip"]))
    else:
        assert shown["verdict"] is None, "a focused check must not judge the whole domain"
    assert [p["protocol"] for p in shown["protocols"]] == [p["protocol"] for p in view["protocols"]]
    for seen, want in zip(shown["protocols"], view["protocols"]):
        where = want["protocol"]
        assert seen["name"] == want["name"], where
        assert seen["status_text"] == want["status_text"], where
        assert seen["icon"], f"{where}: status without icon"
        assert seen["records"] == want["records"], where
        if want["records"]:
            labels = want.get("record_labels") or [want["record_label"]]
            assert seen["record_labels"] == labels, where
        assert [f["code"] for f in seen["findings"]] == [f["code"] for f in want["findings"]], where
        for got, finding in zip(seen["findings"], want["findings"]):
            assert got["message"] == finding["message"], finding["code"]
            assert got["severity_text"] == finding["severity_text"], finding["code"]
            assert got["link"]["href"] == finding["article_url"], finding["code"]
            assert got["link"]["text"] == finding["article_label"], finding["code"]
            assert got["fix"] is None, finding["code"]   # records to publish come once per name, below
        assert len(seen["proposals"]) == len(want["proposals"]), where
        for got, item in zip(seen["proposals"], want["proposals"]):
            if item["steps"]:
                assert [step.get("record", step["label"]) for step in got["steps"]] == \
                    [step["record"] or step["label"] for step in item["steps"]], where
            else:
                assert got == {"label": item["label"], "record": item["record"], "button": "BUTTON"}, where
        if "spf_tree" in want:
            tree = want["spf_tree"]
            assert seen["tree"]["summary"] == tree["summary"]
            prefix = "≥" if tree["lower_bound"] else ""
            assert seen["tree"]["counter"] == f"{prefix}{tree['lookups']}/10"
            assert seen["tree"]["over"] == (tree["lookups"] > 10)
            assert seen["tree"]["unusable"] == (not tree["usable"] and tree["lookups"] <= 10)
            assert _labels(seen["tree"]["root"]) == _labels_of_view(tree["root"])


def _labels(node) -> list:
    return [node["label"], node["record"], [_labels(c) for c in node["children"]]]


def _labels_of_view(node) -> list:
    return [node["label"], node["record"], [_labels_of_view(c) for c in node["children"]]]


def foreign_requests(requests, allowed_netlocs: set[str]) -> list[str]:
    local = {"data", "blob", "about"}
    return sorted({f"{page} -> {url}" for page, url in requests
                   if urlsplit(url).scheme not in local and urlsplit(url).netloc not in allowed_netlocs})


def screenshot(page, path, component: str = ".email-checker") -> None:
    """The component alone, from a full-page capture (no sticky header over it)."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(component).first.bounding_box()
    page.screenshot(path=str(path), full_page=True, clip=box)
