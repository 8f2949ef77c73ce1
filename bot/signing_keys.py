"""The Bot Framework's token signing keys, fetched without blocking the service.

botbuilder 4.17.1 (`botframework.connector.auth.jwt_token_extractor._OpenIdMetadata`) fetches the
OpenID metadata and keys with a synchronous `requests.get()` without a timeout, inside the event
loop: one well-formed forged token on a network that accepts the connection and never answers
freezes every request of the service. `install_signing_keys` replaces that fetch, in this one
place, with `SigningKeys`: asynchronous, bounded by a timeout, cached, shared by concurrent
requests, and refreshed in the background once the keys are old.

A request whose key cannot be had in time gets `KeysUnavailable` (the adapter answers 503 with
Retry-After); a token signed with a key the metadata does not list gets PermissionError (401).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

REFRESH_AFTER_SECONDS = 24 * 3600  # as the SDK: keys older than a day are fetched again
MISS_REFRESH_SECONDS = 3600  # an unknown key id fetches again at most once an hour (rotation)


class KeysUnavailable(Exception):
    """The signing keys could not be fetched in time; the request cannot be verified now."""


@dataclass(frozen=True)
class SigningKey:
    # The two attributes JwtTokenExtractor reads from what the metadata gives it.
    public_key: Any
    endorsements: list[str] = field(default_factory=list)


class SigningKeys:
    def __init__(self, metadata_url: str, timeout_seconds: float = 5.0) -> None:
        self.metadata_url = metadata_url
        self._timeout = timeout_seconds
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._missed_at: float | None = None
        self._fetching: asyncio.Task | None = None

    async def get(self, key_id: str | None) -> SigningKey:
        """The key a token names (the interface of the SDK's _OpenIdMetadata.get)."""
        now = time.monotonic()
        if self._fetched_at is None:
            await self._refresh()
        elif now - self._fetched_at > REFRESH_AFTER_SECONDS:
            self._fetch_in_background()
        key = self._keys.get(key_id or "")
        if key is None and (self._missed_at is None or now - self._missed_at > MISS_REFRESH_SECONDS):
            self._missed_at = now
            await self._refresh()
            key = self._keys.get(key_id or "")
        if key is None:
            raise PermissionError("the token names a signing key the Bot Framework does not list")
        return key

    def _fetch_in_background(self) -> asyncio.Task:
        stale = self._fetching is not None and self._fetching.get_loop() is not asyncio.get_running_loop()
        if self._fetching is None or self._fetching.done() or stale:
            self._fetching = asyncio.create_task(self._fetch())
            self._fetching.add_done_callback(_log_failure)
        return self._fetching

    async def _refresh(self) -> None:
        """Wait for a fetch (one at a time, shared), at most the timeout."""
        task = self._fetch_in_background()
        try:
            await asyncio.wait_for(asyncio.shield(task), self._timeout)
        except (TimeoutError, aiohttp.ClientError, ValueError, KeyError, OSError) as error:
            if self._fetched_at is None:
                raise KeysUnavailable(str(error) or type(error).__name__) from None
            log.warning("Could not refresh the signing keys; using the cached ones: %s", error)

    async def _fetch(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(self.metadata_url) as response:
                response.raise_for_status()
                keys_url = (await response.json(content_type=None))["jwks_uri"]
            async with session.get(keys_url) as response:
                response.raise_for_status()
                keys = (await response.json(content_type=None))["keys"]
        self._keys = {
            key["kid"]: SigningKey(RSAAlgorithm.from_jwk(json.dumps(key)), list(key.get("endorsements", [])))
            for key in keys
            if isinstance(key, dict) and isinstance(key.get("kid"), str)
        }
        self._fetched_at = time.monotonic()


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("Fetching the Bot Framework signing keys failed: %s", task.exception())


_KEYS: dict[str, SigningKeys] = {}


def install_signing_keys(timeout_seconds: float = 5.0) -> None:
    """Make botbuilder's token validation use SigningKeys for every metadata URL it asks for."""

    def open_id_metadata(metadata_url: str) -> SigningKeys:
        keys = _KEYS.get(metadata_url)
        if keys is None:
            keys = _KEYS.setdefault(metadata_url, SigningKeys(metadata_url, timeout_seconds))
        return keys

    JwtTokenExtractor.get_open_id_metadata = staticmethod(open_id_metadata)  # type: ignore[method-assign]
    JwtTokenExtractor.metadataCache.clear()
