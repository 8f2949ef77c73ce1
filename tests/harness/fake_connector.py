"""A fake Bot Connector service on loopback: it stands for Microsoft's service.

The bot under test posts its replies to the activity's serviceUrl; pointing that at this server lets
the tests see exactly what a Teams user would see: sent activities, replies, updates, deletes,
member look-ups and new conversations. Responses can be scripted (status codes, Retry-After) to
inject faults.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Sent:
    kind: str  # send | reply | update | delete | create_conversation
    conversation_id: str
    activity_id: str | None
    activity: dict[str, Any]

    @property
    def text(self) -> str:
        return self.activity.get("text") or ""

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


@dataclass
class ScriptedFailure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=lambda: {"error": {"code": "Scripted", "message": "scripted"}})


class FakeConnector:
    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.members: dict[str, list[dict[str, Any]]] = {}
        # Teams answers 404 to a member lookup for guests, and the Agents Playground always does.
        self.member_lookup_fails = False
        self.failures: deque[ScriptedFailure] = deque()
        self.requests: list[tuple[str, str]] = []
        self._ids = itertools.count(1)
        self._server: TestServer | None = None
        self._changed = asyncio.Condition()

    # -- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._reply)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_delete("/v3/conversations/{cid}/activities/{aid}", self._delete)
        app.router.add_get("/v3/conversations/{cid}/members", self._members)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)
        app.router.add_get("/v3/conversations/{cid}/members/{mid}", self._member)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("/"))

    # -- what the tests read -------------------------------------------------------------------
    def to(self, conversation_id: str) -> list[Sent]:
        return [s for s in self.sent if s.conversation_id == conversation_id]

    def texts(self) -> list[str]:
        return [s.text for s in self.sent if s.text]

    def clear(self) -> None:
        self.sent.clear()
        self.requests.clear()

    async def wait_for(self, count: int, seconds: float = 10.0) -> list[Sent]:
        """Wait until at least `count` activities were posted (for proactive, out-of-turn sends)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.sent) >= count), seconds)
        return self.sent

    def fail_next(self, *failures: ScriptedFailure) -> None:
        self.failures.extend(failures)

    # -- handlers ------------------------------------------------------------------------------
    async def _record(self, request: web.Request, kind: str, activity_id: str | None) -> web.Response:
        self.requests.append((request.method, request.path))
        if self.failures:
            failure = self.failures.popleft()
            return web.json_response(failure.body, status=failure.status, headers=failure.headers)
        body = await request.json() if request.can_read_body else {}
        new_id = activity_id if kind in ("update", "delete") else f"activity-{next(self._ids)}"
        self.sent.append(Sent(kind, request.match_info.get("cid", ""), new_id, body))
        async with self._changed:
            self._changed.notify_all()
        if kind == "delete":
            return web.Response(status=200)
        return web.json_response({"id": new_id})

    async def _send(self, request: web.Request) -> web.Response:
        return await self._record(request, "send", None)

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._record(request, "reply", None)

    async def _update(self, request: web.Request) -> web.Response:
        return await self._record(request, "update", request.match_info["aid"])

    async def _delete(self, request: web.Request) -> web.Response:
        return await self._record(request, "delete", request.match_info["aid"])

    async def _create_conversation(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        if self.failures:
            failure = self.failures.popleft()
            return web.json_response(failure.body, status=failure.status, headers=failure.headers)
        body = await request.json()
        conversation_id = f"conversation-{next(self._ids)}"
        first = body.get("activity") or {}
        activity_id = f"activity-{next(self._ids)}"
        self.sent.append(Sent("create_conversation", conversation_id, activity_id, first | {"_request": body}))
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"id": conversation_id, "activityId": activity_id})

    async def _members(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        return web.json_response(self.members.get(request.match_info["cid"], []))

    async def _paged_members(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        members = self.members.get(request.match_info["cid"], [])
        page_size = int(request.query.get("pageSize", "100"))
        start = int(request.query.get("continuationToken") or 0)
        page = members[start : start + page_size]
        token = str(start + page_size) if start + page_size < len(members) else None
        return web.json_response({"members": page, "continuationToken": token})

    async def _member(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        if self.member_lookup_fails:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        for member in self.members.get(request.match_info["cid"], []):
            if request.match_info["mid"] in (member.get("id"), member.get("aadObjectId")):
                return web.json_response(member)
        return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
