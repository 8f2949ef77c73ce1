"""Who is acting: the Teams user behind an activity, and whether they belong to the kansli."""

from __future__ import annotations

import logging
import time

from botbuilder.core import TurnContext

from bot.bounded import LruDict
from domain.permissions import Actor

log = logging.getLogger(__name__)


class ActorResolver:
    """The kansli is named by Azure AD object id (KANSLI_AAD_IDS) and/or by membership of a team
    (KANSLI_TEAM_ID, looked up through Teams and remembered for a few minutes)."""

    def __init__(self, kansli_aad_ids: frozenset[str], kansli_team_id: str, ttl_seconds: float = 300.0) -> None:
        self._ids = kansli_aad_ids
        self._team_id = kansli_team_id
        self._ttl = ttl_seconds
        # Per user, so bounded: the most recently asked about only.
        self._team_cache: LruDict[str, tuple[bool, float]] = LruDict(4096)

    async def actor(self, turn_context: TurnContext) -> Actor:
        user = turn_context.activity.from_property
        aad = (getattr(user, "aad_object_id", None) or "").lower() or None
        name = (user.name if user else "") or ""
        is_kansli = aad is not None and (aad in self._ids or await self._in_kansli_team(turn_context, user.id, aad))
        return Actor(name=name, aad_object_id=aad, is_kansli=is_kansli)

    async def _in_kansli_team(self, turn_context: TurnContext, user_id: str, aad: str) -> bool:
        if not self._team_id:
            return False
        cached = self._team_cache.get(aad)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            # Not TeamsInfo.get_team_member: in botbuilder 4.17.1 it ignores its team_id argument and
            # asks the current conversation instead, so we ask the connector about the kansli team.
            client = turn_context.turn_state.get(turn_context.adapter.BOT_CONNECTOR_CLIENT_KEY)
            await client.conversations.get_conversation_member(self._team_id, user_id)
            member = True
        except Exception as error:  # msrest's ErrorResponseException carries the HTTP response
            status = getattr(getattr(error, "response", None), "status_code", None)
            if status != 404:
                # Not an answer about membership (network, throttling): deny now, ask again next time.
                log.warning("Could not check kansli team membership: %s", error)
                return False
            member = False
        self._team_cache[aad] = (member, time.monotonic() + self._ttl)
        return member
