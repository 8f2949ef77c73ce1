"""Signed download links and the section diff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

from reports.diff import compare
from reports.links import LinkCheck, LinkSigner, link_secret

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _parts(url: str) -> tuple[str, str, str]:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    return parsed.path.split("/")[2], query["expires"][0], query["sig"][0]


def test_a_signed_link_is_valid_until_it_expires():
    signer = LinkSigner(b"secret", timedelta(hours=1))
    url, expires_at = signer.url("https://bot.example.se/", 42, "slutrapport-SBV-2026-03.docx", NOW)
    assert url.startswith("https://bot.example.se/reports/42/slutrapport-SBV-2026-03.docx?expires=")
    assert expires_at == NOW + timedelta(hours=1)
    report_id, expires, signature = _parts(url)
    assert signer.check(report_id, expires, signature, NOW) is LinkCheck.VALID
    assert signer.check(report_id, expires, signature, NOW + timedelta(minutes=59)) is LinkCheck.VALID
    assert signer.check(report_id, expires, signature, NOW + timedelta(hours=1)) is LinkCheck.EXPIRED


def test_tampering_is_refused_before_expiry_is_told():
    signer = LinkSigner(b"secret", timedelta(hours=1))
    report_id, expires, signature = _parts(signer.url("https://x", 42, "f.docx", NOW)[0])
    later = NOW + timedelta(days=2)
    assert signer.check("43", expires, signature, NOW) is LinkCheck.INVALID
    assert signer.check(report_id, str(int(expires) + 3600), signature, NOW) is LinkCheck.INVALID
    # An expired link with a forged signature says "invalid", not "expired": it reveals nothing.
    assert signer.check(report_id, expires, "0" * 64, later) is LinkCheck.INVALID
    flipped = signature[:-1] + ("1" if signature[-1] == "0" else "0")
    assert signer.check(report_id, expires, flipped, NOW) is LinkCheck.INVALID
    assert signer.check(report_id, expires, signature.upper(), NOW) is LinkCheck.INVALID
    for garbage in ("", "-1", "4 2", "x" * 40):
        assert signer.check(garbage, expires, signature, NOW) is LinkCheck.INVALID
        assert signer.check(report_id, garbage, signature, NOW) is LinkCheck.INVALID
    other = LinkSigner(b"another secret", timedelta(hours=1))
    assert other.check(report_id, expires, signature, NOW) is LinkCheck.INVALID


def test_secret_sources():
    assert link_secret("configured", "password") == b"configured"
    assert link_secret("", "password") == link_secret("", "password") != b"password"
    assert link_secret("", "") != link_secret("", "")  # local mode: random per process


def _section(section_id: str, title: str, *lines: str) -> dict[str, str]:
    return {"id": section_id, "title": title, "text": "\n".join([f"# {title}", *lines])}


def test_compare_reports_changed_added_and_removed_sections():
    before = [_section("a", "Analys", "x", "y"), _section("b", "Förslag", "p"), _section("c", "Gammalt", "g")]
    after = [_section("a", "Analys", "x", "z", "w"), _section("b", "Förslag", "p"), _section("d", "Nytt", "n")]
    changes = compare(before, after)
    assert [(c.change, c.title) for c in changes] == [("changed", "Analys"), ("added", "Nytt"), ("removed", "Gammalt")]
    assert changes[0].added == ("z", "w") and changes[0].removed == ("y",)
    assert changes[1].added == ("n",)
    assert compare(after, after) == []
