"""The command registry: explicit registration, token matching, suggestions."""

from __future__ import annotations

import pytest

from bot import app
from bot.commands import CommandRegistry, command, specs_of
from bot.core_commands import COMMAND_HANDLER_CLASSES
from bot.settings import Settings
from storage.unit_of_work import UnitOfWorkFactory


def build_registry() -> CommandRegistry:
    return app.build_registry(Settings(), UnitOfWorkFactory(engine=None))


def test_matching_is_case_insensitive_token_based_and_keeps_the_arguments():
    registry = build_registry()
    match = registry.match("HJÄLP med något")
    assert match.spec.name == "help" and match.args == "med något"
    assert registry.match("help").spec.name == "help"
    assert registry.match("hjälpsam") is None  # no substring matching
    assert registry.match("") is None


def test_multi_word_commands_win_over_shorter_ones():
    class Handlers:
        @command("new", group="delprojekt", sv=("ny",), en=("new",))
        async def new(self, turn, call): ...

        @command("new_project", group="delprojekt", sv=("ny delprojekt",), en=("new project",))
        async def new_project(self, turn, call): ...

    registry = CommandRegistry.collect(Handlers())
    assert registry.match("Ny Delprojekt Ortopedi").spec.name == "new_project"
    assert registry.match("Ny Delprojekt Ortopedi").args == "Ortopedi"
    assert registry.match("ny idé").spec.name == "new"


def test_a_word_cannot_belong_to_two_commands():
    class Clash:
        @command("a", group="delprojekt", sv=("status",), en=("status",))
        async def a(self, turn, call): ...

        @command("b", group="delprojekt", sv=("status",), en=("state",))
        async def b(self, turn, call): ...

    with pytest.raises(ValueError, match="status"):
        CommandRegistry.collect(Clash())


def test_suggestions_use_the_users_language():
    registry = build_registry()
    assert registry.suggest("hjälpp", "sv") == "hjälp"
    assert registry.suggest("halp", "en") == "help"
    assert registry.suggest("qqqq", "sv") is None


def test_the_manifest_and_the_router_see_the_same_commands():
    assert {s.name for s in specs_of(*COMMAND_HANDLER_CLASSES)} == set(build_registry().specs)


def test_card_actions_are_registered_once_each():
    actions = build_registry().card_actions
    assert {"delprojekt.initiate", "member.add", "member.remove", "delprojekt.advance", "delprojekt.override"} <= set(
        actions
    )
