"""Connector and user-token clients reused across turns instead of built for every turn.

botbuilder 4.17.1's CloudAdapter asks its BotFrameworkAuthentication for a new ConnectorClient and
a new UserTokenClient on every turn. Each one builds an msrest configuration with a
ClientRetryPolicy and a fresh HTTP session: a third of a turn's CPU in the profile of issue 18,
and no keep-alive to the Bot Connector between turns. The SDK's older BotFrameworkAdapter kept a
cache of connector clients keyed by service URL, app id and OAuth scope; this does the same at the
authentication seam, so the SDK itself is left as it is.

A client depends only on its key (the credentials are made from app id and audience, the rest is
fixed configuration), and msrest clients serve concurrent requests, so one client per key is
shared by every turn that needs it. The caches are small LRUs: a bot talks to a handful of
service URLs, and a forged serviceUrl cannot make them grow without bound.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from botbuilder.schema import Activity
from botframework.connector import models
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth.authenticate_request_result import AuthenticateRequestResult
from botframework.connector.auth.authentication_constants import AuthenticationConstants
from botframework.connector.auth.bot_framework_authentication import BotFrameworkAuthentication
from botframework.connector.auth.claims_identity import ClaimsIdentity
from botframework.connector.auth.connector_factory import ConnectorFactory
from botframework.connector.auth.user_token_client import UserTokenClient
from msrest.serialization import Serializer

T = TypeVar("T")


class LruCache(Generic[T]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()

    async def get(self, key: Hashable, create: Callable[[], Awaitable[T]]) -> T:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
            return item
        # Two turns racing for a new key may both create a client; the later one is kept, the
        # other serves its own turn and is dropped, as the stock adapter drops every client.
        item = await create()
        self._items[key] = item
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return item

    def __len__(self) -> int:
        return len(self._items)


def app_id_of(claims_identity: ClaimsIdentity | None) -> str | None:
    """The bot's app id as the SDK's own factories read it from the claims (audience, else appid)."""
    if claims_identity is None:
        return None
    return claims_identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM) or claims_identity.get_claim_value(
        AuthenticationConstants.APP_ID_CLAIM
    )


_PLAIN_LEAVES = (str, int, float, bool, type(None))


def is_plain_json(data: object) -> bool:
    """Only dicts with str keys, lists, str, int, float, bool and None (exact types): data that
    msrest's `serialize_object` gives back unchanged. Checked without recursion (cards nest)."""
    stack = [data]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is dict:
            for key, value in node.items():
                if type(key) is not str:
                    return False
                if type(value) in (dict, list):
                    stack.append(value)
                elif type(value) not in _PLAIN_LEAVES:
                    return False
        elif kind is list:
            for value in node:
                if type(value) in (dict, list):
                    stack.append(value)
                elif type(value) not in _PLAIN_LEAVES:
                    return False
        elif kind not in _PLAIN_LEAVES:
            return False
    return True


class PlainJsonSerializer(Serializer):
    """msrest's serializer, with a short way through plain JSON: an Adaptive Card in an
    attachment is a tree of dicts and lists that `serialize_object` walks node by node (checking
    each against every model class) only to return an equal tree; that walk was the largest part
    of the CPU a card turn spent in the SDK. Anything else takes msrest's own way."""

    def serialize_object(self, attr, **kwargs):
        if type(attr) in (dict, list) and is_plain_json(attr):
            return attr
        return super().serialize_object(attr, **kwargs)


def _with_plain_json_serializer(client: ConnectorClient) -> ConnectorClient:
    serializer = PlainJsonSerializer({k: v for k, v in models.__dict__.items() if isinstance(v, type)})
    client._serialize = serializer
    for operations in (client.conversations, client.attachments):
        operations._serialize = serializer
    return client


class CachingConnectorFactory(ConnectorFactory):
    """The SDK's connector factory for one app id, answering from the shared cache."""

    def __init__(self, inner: ConnectorFactory, app_id: str | None, cache: LruCache[ConnectorClient]) -> None:
        self._inner = inner
        self._app_id = app_id
        self._cache = cache

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        async def create() -> ConnectorClient:
            return _with_plain_json_serializer(await self._inner.create(service_url, audience))

        return await self._cache.get((self._app_id, audience, service_url), create)


class CachingBotFrameworkAuthentication(BotFrameworkAuthentication):
    """Delegates everything to the SDK's authentication; only the clients it hands out are reused."""

    def __init__(self, inner: BotFrameworkAuthentication, size: int = 64) -> None:
        self._inner = inner
        self.connector_clients: LruCache[ConnectorClient] = LruCache(size)
        self.user_token_clients: LruCache[UserTokenClient] = LruCache(size)

    def _factory(self, factory: ConnectorFactory | None, claims_identity: ClaimsIdentity | None):
        if factory is None or isinstance(factory, CachingConnectorFactory):
            return factory
        return CachingConnectorFactory(factory, app_id_of(claims_identity), self.connector_clients)

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        result.connector_factory = self._factory(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(self, auth_header: str, channel_id_header: str):
        result = await self._inner.authenticate_streaming_request(auth_header, channel_id_header)
        result.connector_factory = self._factory(result.connector_factory, result.claims_identity)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._factory(self._inner.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self.user_token_clients.get(
            app_id_of(claims_identity), lambda: self._inner.create_user_token_client(claims_identity)
        )

    def create_bot_framework_client(self):
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)
