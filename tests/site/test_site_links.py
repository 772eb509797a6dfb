"""Every link and every loaded resource of every built HTML file that stays on the site
points to an existing file, and its #fragment to an existing id."""

from __future__ import annotations

from site_html import resolve


def test_internal_links_and_anchors_resolve(built_site):
    site_url = built_site.config.site_url
    broken = []
    for built in built_site.html_files():
        for link in built_site.page(built).links:
            target = resolve(built_site.dir, built, link.url, site_url)
            if target is None:
                continue  # another host, mailto:, data:
            path, fragment = target
            if path is None:
                broken.append(f"{built}: <{link.tag} {link.attr}={link.url!r}> -> no such file")
            elif fragment and path.suffix == ".html":
                relative = path.relative_to(built_site.dir).as_posix()
                if fragment not in built_site.page(relative).ids:
                    broken.append(f"{built}: <{link.tag} {link.attr}={link.url!r}> -> no id {fragment!r}")
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(broken[:100])
