"""Generated hostile input (hypothesis) over HTTP against the real app, on SQLite and PostgreSQL:
whatever arrives, the service answers below 500 and never with the generic turn-error apology;
bodies it cannot use change no table. The example counts are bounded to keep `make test` short."""

from __future__ import annotations

import asyncio
import json

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot import app
from bot.settings import Settings
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.lifecycle_helpers import CHANNEL, KANSLI, initiate, settings
from tests.harness import activities
from tests.harness.bot_client import BotClient
from tests.hostile.test_examples import snapshot

APOLOGIES = ("Något gick fel hos mig", "Something went wrong on my side")
EXAMPLES = hypothesis_settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

CARD_ACTIONS = sorted(app.build_registry(Settings(), UnitOfWorkFactory(engine=None)).card_actions)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["SBV-2026-01", "SBV-0000-00", "ja", "nej", "ordforande", "beslut", "2026-13-45", "\x00", "²"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
FIELDS = (
    "delprojekt", "version", "meeting_id", "reminder_id", "item", "revision", "kind", "text", "name", "role",
    "region", "reason", "how", "teams_member", "present", "rules", "ids", "days", "card_id", "number",
)  # fmt: skip
card_values = st.builds(
    lambda action, extra: {"action": action} | extra,
    st.sampled_from(CARD_ACTIONS) | json_values,
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6),
)
activity_parts = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["message", "invoke", "conversationUpdate", "event", "typing"]) | json_values,
        "name": st.sampled_from(["adaptiveCard/action", "task/fetch", "x"]) | json_values,
        "text": st.text(max_size=60) | json_values,
        "value": json_values,
        "channelData": json_values,
        "conversation": json_values,
        "from": json_values,
        "locale": json_values,
        "replyToId": json_values,
    },
)


def apologies(connector) -> list[str]:
    return [s.text for s in connector.sent if any(a in s.text for a in APOLOGIES)]


async def run_threaded(test) -> None:
    """Hypothesis drives a sync function; it posts to the app on this loop from a worker thread."""
    await asyncio.to_thread(test)


async def answers_every(database_url, connector, strategy, build) -> None:
    """For every generated example, `build(example)` is posted as an activity: it is answered
    below 500, and nobody gets the generic apology."""
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        loop = asyncio.get_running_loop()

        @EXAMPLES
        @given(example=strategy)
        def post(example) -> None:
            response = asyncio.run_coroutine_threadsafe(bot.post(build(example)), loop).result(timeout=60)
            assert response.status < 500, example
            assert not apologies(connector), example

        await run_threaded(post)


async def test_generated_card_submits_never_fail_the_turn(database_url, connector):
    await answers_every(
        database_url, connector, card_values,
        lambda value: activities.card_submit(connector.url, value, where=CHANNEL, user=KANSLI),
    )  # fmt: skip


async def test_generated_activities_get_an_answer_below_500(database_url, connector):
    await answers_every(
        database_url, connector, activity_parts,
        lambda parts: activities.message(connector.url, "status", where=CHANNEL, user=KANSLI) | parts,
    )  # fmt: skip


async def test_generated_bodies_that_are_no_activity_change_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        before = await snapshot(database_url)
        loop = asyncio.get_running_loop()

        @EXAMPLES
        @given(body=json_values.filter(lambda v: not isinstance(v, dict)) | st.binary(max_size=200))
        def post(body) -> None:
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            call = bot.client.post("/api/messages", data=raw, headers={"Content-Type": "application/json"})
            response = asyncio.run_coroutine_threadsafe(call, loop).result(timeout=60)
            assert 400 <= response.status < 500, body

        await run_threaded(post)
        after = await snapshot(database_url)
    assert before == after
