"""The SQL normalizers (dbt macros) on real-world shapes and on generated input."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sql_macros import evaluate

HOST_LABEL = st.text(
    alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12
)
HOSTS = st.lists(HOST_LABEL, min_size=2, max_size=4).map(".".join)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.Acme.com/en/about?x=1", "acme.com"),
        (" HTTP://ACME.CO.UK:8080 ", "acme.co.uk"),
        ("acme.de", "acme.de"),
        ("www2.acme.com.br/contato", "acme.com.br"),
        ("sites.google.com/view/acme", "sites.google.com"),
        ("//acme.io", None),
        ("user:pw@acme.com/x", "acme.com"),
        ("not a website", None),
        ("", None),
        (None, None),
        ("müller.de", "müller.de"),
    ],
)
def test_url_host_reduces_any_website_form(raw, expected):
    assert evaluate("url_host", [raw]) == [expected]


@given(
    HOSTS,
    st.sampled_from(["", "http://", "https://", "HTTPS://www."]),
    st.sampled_from(["", "/", "/path/page.html", "?q=1", ":443/x"]),
)
@settings(max_examples=150, deadline=None)
def test_url_host_is_stable_under_decoration(host, prefix, suffix):
    if host.startswith("www") or not any(c.isalpha() for c in host.split(".")[-1]):
        return
    assert evaluate("url_host", [f"{prefix}{host}{suffix}"]) == [host]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Jane.Doe@Acme.COM ", "jane.doe@acme.com"),
        ("mailto:<bob@acme.io>", "bob@acme.io"),
        ("no-at-sign.com", None),
        ("a@b", None),
        ("two@@acme.com", None),
    ],
)
def test_normalize_email(raw, expected):
    assert evaluate("normalize_email", [raw]) == [expected]


@given(st.emails())
@settings(max_examples=150, deadline=None)
def test_normalize_email_is_idempotent_and_lower(email):
    once = evaluate("normalize_email", [email])[0]
    if once is None:
        return
    assert once == once.lower()
    assert evaluate("normalize_email", [once]) == [once]
    assert evaluate("email_host", [once])[0] == once.split("@")[1].strip(".") or None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Müller & Söhne GmbH & Co. KG", "muller and sohne gmbh and co kg"),
        ("The Acme Company, Inc.", "acme company inc"),
        ("ACME   Ltd.", "acme ltd"),
        ("Société Générale S.A.", "societe generale sa"),
        ("L'Oréal", "loreal"),
        # legal forms of names written without spaces set apart as words
        ("トヨタ自動車株式会社", "トヨタ自動車 株式会社"),
        ("腾讯科技（深圳）有限公司", "腾讯科技 深圳 有限公司"),
        ("(주)삼성전자", "주 삼성전자"),
        ("---", None),
        # letters strip_accents keeps, and other alphabets, spelled in Latin
        ("Großhandel Ørsted Łódź A/S", "grosshandel orsted lodz a s"),
        ("Công ty TNHH Đầu tư", "cong ty tnhh dau tu"),
        ("ООО «Газпром нефть»", "ooo gazprom neft"),
        ("ПАО Сбербанк", "pao sberbank"),
        ("ООО «Тойота Мотор»", "ooo toyota motor"),
        ("Київстар", "kiivstar"),
        ("ΟΠΑΠ Α.Ε.", "opap ae"),
        ("Μυτιληναίος", "mytilinaios"),
    ],
)
def test_normalize_company_name(raw, expected):
    assert evaluate("normalize_company_name", [raw]) == [expected]


ALPHABETS = {
    "russian": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "ukrainian": "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ",
    "serbian": "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ",
    "greek": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώϊϋΐΰς",
    "latin_extra": "ßÆæØøŁłĐđÐðÞþŒœıĦħ",
}


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_every_letter_of_these_alphabets_is_spelled_in_ascii(alphabet):
    letters = ALPHABETS[alphabet]
    spelled = evaluate("normalize_text", [letters, letters.lower()])
    assert all(value.isascii() and value.isalpha() for value in spelled), spelled


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
@settings(max_examples=100, deadline=None)
def test_transliteration_leaves_ascii_alone(text):
    assert evaluate("transliterate", [text]) == [text]


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_normalize_text_is_idempotent_and_clean(text):
    once = evaluate("normalize_text", [text])[0]
    if once is None:
        return
    assert once == once.strip() and "  " not in once
    assert evaluate("normalize_text", [once]) == [once]


@given(st.text(alphabet="0123456789 +-()./x", max_size=25))
@settings(max_examples=100, deadline=None)
def test_digits_only_keeps_exactly_the_digits(raw):
    digits = "".join(c for c in raw if c.isdigit())
    assert evaluate("digits_only", [raw]) == [digits or None]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05 10:22:31", "2024-03-05 10:22:31"),
        ("2024-03-05", "2024-03-05 00:00:00"),
        ("2024-03-05T10:22:31Z", "2024-03-05 10:22:31"),
        ("05.03.2024", "2024-03-05 00:00:00"),
        ("n/a", None),
        ("31/31/2024", None),
    ],
)
def test_parse_timestamp(raw, expected):
    result = evaluate("parse_timestamp", [raw])[0]
    assert (None if result is None else str(result)) == expected
