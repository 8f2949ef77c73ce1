"""The reference for bench/turns.py: a bare botbuilder 4.17.1 echo bot, exactly as the SDK's
samples build it (stock CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler).

Nothing of ours is in it on purpose: it pays the SDK's own per-turn costs (among them a new
ConnectorClient with its retry policy for every turn), so it is the floor a bot built on the stock
SDK reaches. Run as `python bench/_echo_bot.py PORT`; answers GET /healthz when it is listening.
(The leading underscore keeps `make bench` from running it as a benchmark of its own.)
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


def create_app() -> web.Application:
    configuration = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(configuration))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
