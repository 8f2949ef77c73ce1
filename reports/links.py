"""Signed, expiring download links: HMAC-SHA256 over the report id and the expiry time.

A tampered link and an expired one are told apart only after the signature holds, so a guessed
link learns nothing about which reports exist."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from reports.formatting import ascii_digits


class LinkCheck(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    EXPIRED = "expired"


def link_secret(configured: str, app_password: str) -> bytes:
    """The configured secret; else one derived from the app password (the same on every instance);
    else, in local mode, a random one that lives as long as the process."""
    if configured:
        return configured.encode("utf-8")
    if app_password:
        return hashlib.sha256(b"samarbete report links\0" + app_password.encode("utf-8")).digest()
    return secrets.token_bytes(32)


class LinkSigner:
    def __init__(self, secret: bytes, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def _signature(self, report_id: int, expires: int) -> str:
        message = f"{report_id}.{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def url(self, base_url: str, report_id: int, file_name: str, now: datetime) -> tuple[str, datetime]:
        expires_at = now + self.lifetime
        expires = int(expires_at.timestamp())
        signature = self._signature(report_id, expires)
        path = f"/reports/{report_id}/{quote(file_name)}"
        return f"{base_url.rstrip('/')}{path}?expires={expires}&sig={signature}", expires_at

    def check(self, report_id: str, expires: str, signature: str, now: datetime) -> LinkCheck:
        if not (ascii_digits(report_id) and ascii_digits(expires) and len(report_id) < 12 and len(expires) < 12):
            return LinkCheck.INVALID
        expected = self._signature(int(report_id), int(expires))
        if not hmac.compare_digest(expected, signature):
            return LinkCheck.INVALID
        if int(expires) <= now.timestamp():
            return LinkCheck.EXPIRED
        return LinkCheck.VALID
