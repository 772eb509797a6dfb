"""The untranslated-English detector itself, on small samples (no site build needed)."""

from __future__ import annotations

import pytest

from english_detector import EnglishDetector
from site_html import parse_html


@pytest.fixture(scope="module")
def detector() -> EnglishDetector:
    return EnglishDetector()


def article(body: str, lang: str) -> list[str]:
    html = f'<html lang="{lang}"><body><article class="md-content__inner md-typeset">{body}</article></body></html>'
    return parse_html(html).article_blocks


GOOD_JA = [
    "SPF は、エンベロープ送信者（Return-Path）のドメインが送信元の IP アドレスを許可しているかを確認します。",
    "DomainKeys Identified Mail（DKIM）と Brand Indicators for Message Identification（BIMI）も参照してください。",
    "DMARC は p=none から始め、レポートを読んでから p=quarantine、p=reject へ進みます。",
    "詳しくは RFC 7208 と https://www.rfc-editor.org/rfc/rfc7208 をご覧ください。",
    "PowerDMARC は NGN International および Mannai Trading Co. と提携しました。",
    "_dmarc.example.com の TXT レコードを確認します。",
    "Material for MkDocs と DNS over HTTPS を使います。",
    "このサイトに設定されたDNS over HTTPSリゾルバーとMaterial for MkDocsを使います。",
    "BIMI はインターネットドラフト（draft-brand-indicators-for-message-identification）で規定されています。",
]
BAD_JA = [
    "The receiving server checks the SPF record of the envelope sender.",
    "この節では SPF を説明します。 Receivers apply the policy with local discretion and may ignore it.",
    "It is important to publish a record for every domain you own.",
]


@pytest.mark.parametrize("text", GOOD_JA)
def test_japanese_prose_with_technical_terms_passes(detector, text):
    assert detector.find([text], "ja") == []


@pytest.mark.parametrize("text", BAD_JA)
def test_english_sentence_in_japanese_page_is_found(detector, text):
    findings = detector.find([text], "ja")
    assert findings, text


GOOD_FR = [
    "Le serveur de réception vérifie l'enregistrement SPF de l'expéditeur d'enveloppe (Return-Path).",
    "SPF ne protège pas contre l'usurpation de l'adresse From: visible par le lecteur.",
    "Le mythe « set and forget » est faux : une politique DMARC demande un suivi.",
    "Voir Brand Indicators for Message Identification et la RFC 7208 (Sender Policy Framework).",
    "Publiez v=spf1 include:_spf.example.com -all puis passez de p=none à p=reject.",
    "Les rapports agrégés (rua) arrivent en général une fois par jour : l'intervalle est au choix de l'émetteur.",
    "PowerDMARC s'associe à Config en France pour l'authentification des e-mails.",
]
BAD_FR = [
    "This section explains how the receiving server checks the record of the sender.",
    "Le serveur vérifie l'enregistrement. The policy is only a request, and the receiver is free to ignore it.",
    "When the message is forwarded, the IP address of the forwarder is not in the record.",
]


@pytest.mark.parametrize("text", GOOD_FR)
def test_french_prose_with_technical_terms_passes(detector, text):
    assert detector.find([text], "fr") == []


@pytest.mark.parametrize("text", BAD_FR)
def test_english_sentence_in_french_page_is_found(detector, text):
    assert detector.find([text], "fr"), text


def test_code_blocks_and_inline_code_are_ignored(detector):
    blocks = article(
        "<p>次のレコードを公開します。</p>"
        "<pre><code>The record must be published at the domain and it is checked by the receiver.</code></pre>"
        "<p><code>this is the value of the record</code> を確認します。</p>",
        "ja",
    )
    assert detector.find(blocks, "ja") == []


def test_marked_english_quotes_are_ignored(detector):
    blocks = article(
        '<p>よくある誤解：<em lang="en">set it and forget it, the policy will do the rest</em></p>'
        '<p lang="en">This paragraph is a deliberate quotation in English.</p>'
        "<p>出典：<cite>Sender Policy Framework (SPF) for Authorizing Use of Domains in Email</cite></p>",
        "ja",
    )
    assert detector.find(blocks, "ja") == []


def test_english_paragraph_in_a_japanese_article_is_reported_with_its_text(detector):
    blocks = article(
        "<h2>SPF の限界</h2><p>SPF はエンベロープ送信者だけを確認します。</p>"
        "<p>SPF only checks the envelope sender and the HELO name, not the header.</p>",
        "ja",
    )
    findings = detector.find(blocks, "ja")
    assert len(findings) == 1
    assert "checks the envelope sender" in findings[0].block


def test_english_list_item_in_a_french_article_is_found(detector):
    blocks = article(
        "<ul><li>Publiez un enregistrement DMARC.</li>"
        "<li>Read the aggregate reports and fix every source that fails.</li></ul>",
        "fr",
    )
    findings = detector.find(blocks, "fr")
    assert [f.block for f in findings] == ["Read the aggregate reports and fix every source that fails."]
