"""Explicit command registration (errbot-style): `@command(...)` records a command on a handler
method; one CommandRegistry collects them. The router, `hjälp` and the Teams manifest all read it,
so the menu, the help text and what the bot understands never drift apart."""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

ALL_SCOPES = ("personal", "team", "groupChat")
# What people do, in the order `hjälp` shows it; every command belongs to one.
HELP_GROUPS = ("delprojekt", "arbetsgrupp", "meetings", "checklist", "reports", "reminders", "settings")


@dataclass(frozen=True)
class CommandSpec:
    name: str
    # Words per locale; the first of each is the one shown in help and menus.
    # A word may be several tokens ("ny delprojekt"); matching is token by token, never substring.
    words: dict[str, tuple[str, ...]]
    description_key: str
    group: str = "settings"
    scopes: tuple[str, ...] = ALL_SCOPES
    in_menu: bool = True
    # Commands that may interrupt a dialog in progress (help, cancel) instead of ending it.
    interrupts_dialog: bool = False
    # Words a command used to have: still understood, answered with a hint to the new word. Kept
    # for one release after a rename, then removed.
    old_words: tuple[str, ...] = ()

    def word(self, locale: str) -> str:
        return self.words.get(locale, self.words["sv"])[0]

    def all_words(self) -> Iterable[str]:
        for words in self.words.values():
            yield from words
        yield from self.old_words


def command(
    name: str,
    *,
    group: str,
    sv: tuple[str, ...],
    en: tuple[str, ...],
    scopes: tuple[str, ...] = ALL_SCOPES,
    in_menu: bool = True,
    interrupts_dialog: bool = False,
    old_words: tuple[str, ...] = (),
) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
    if group not in HELP_GROUPS:
        raise ValueError(f"command {name!r}: unknown help group {group!r}")
    spec = CommandSpec(
        name=name,
        group=group,
        words={"sv": sv, "en": en},
        description_key=f"commands.{name}.description",
        scopes=scopes,
        in_menu=in_menu,
        interrupts_dialog=interrupts_dialog,
        old_words=old_words,
    )

    def mark(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        handler.__command_spec__ = spec  # type: ignore[attr-defined]
        return handler

    return mark


def card_action(name: str) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
    """Marks a handler for Adaptive Card submits whose data says `"action": name`. Such submits are
    handled statelessly: the card carries everything (key, version, one-time id) the handler needs."""

    def mark(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        handler.__card_action__ = name  # type: ignore[attr-defined]
        return handler

    return mark


def specs_of(*handler_classes: type) -> list[CommandSpec]:
    """The command specs declared on classes, without instantiating them (the manifest needs this)."""
    specs = []
    for cls in handler_classes:
        for member in _declared(cls):
            spec = getattr(member, "__command_spec__", None)
            if spec is not None:
                specs.append(spec)
    return specs


def _declared(cls: type) -> list[Any]:
    """A class's functions in the order they are written: the order of help and the Teams menu."""
    return [member for member in vars(cls).values() if inspect.isfunction(member)]


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(text.casefold().split())


@dataclass(frozen=True)
class CommandMatch:
    spec: CommandSpec
    handler: Callable[..., Awaitable[Any]]
    args: str
    word: str = ""  # the command word as the user typed it

    @property
    def old_word(self) -> bool:
        return _tokens(self.word) in {_tokens(w) for w in self.spec.old_words}


@dataclass
class CommandRegistry:
    handlers: dict[str, Callable[..., Awaitable[Any]]] = field(default_factory=dict)
    specs: dict[str, CommandSpec] = field(default_factory=dict)
    card_actions: dict[str, Callable[..., Awaitable[Any]]] = field(default_factory=dict)
    _phrases: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def collect(cls, *handler_objects: object) -> CommandRegistry:
        registry = cls()
        for obj in handler_objects:
            for function in _declared(type(obj)):
                member = getattr(obj, function.__name__)
                spec = getattr(member, "__command_spec__", None)
                if spec is not None:
                    registry.add(spec, member)
                action = getattr(member, "__card_action__", None)
                if action is not None:
                    if action in registry.card_actions:
                        raise ValueError(f"card action {action!r} registered twice")
                    registry.card_actions[action] = member
        return registry

    def add(self, spec: CommandSpec, handler: Callable[..., Awaitable[Any]]) -> None:
        if spec.name in self.specs:
            raise ValueError(f"command {spec.name!r} registered twice")
        for word in spec.all_words():
            phrase = _tokens(word)
            owner = self._phrases.get(phrase)
            if owner is not None and owner != spec.name:
                raise ValueError(f"the word {word!r} belongs to both {owner!r} and {spec.name!r}")
            self._phrases[phrase] = spec.name
        self.specs[spec.name] = spec
        self.handlers[spec.name] = handler

    def match(self, text: str) -> CommandMatch | None:
        """The command whose longest phrase opens `text` (case-insensitive), and the rest as args."""
        words = text.split()
        folded = tuple(w.casefold() for w in words)
        for length in range(min(len(folded), 4), 0, -1):
            name = self._phrases.get(folded[:length])
            if name is not None:
                spec = self.specs[name]
                return CommandMatch(spec, self.handlers[name], " ".join(words[length:]), " ".join(words[:length]))
        return None

    def suggest(self, text: str, locale: str) -> str | None:
        """The command closest to what the user wrote, shown by its word in the user's language."""
        folded = text.casefold().strip()
        if not folded:
            return None
        candidates = {" ".join(phrase): name for phrase, name in self._phrases.items()}
        first = folded.split()[0]
        for probe in (folded, first):
            close = difflib.get_close_matches(probe, list(candidates), n=1, cutoff=0.6)
            if close:
                return self.specs[candidates[close[0]]].word(locale)
        return None

    def menu(self, scope: str) -> list[CommandSpec]:
        return [s for s in self.specs.values() if s.in_menu and scope in s.scopes]


@dataclass
class Invocation:
    """What a command handler gets besides the turn: its arguments and the conversation's context."""

    args: str
    locale: str
    values: dict[str, Any]  # the card submit's data (empty for typed commands)
    texts: Any  # presentation.i18n.Texts
    dialog_context: Any  # botbuilder.dialogs.DialogContext
    registry: CommandRegistry
    word: str = ""  # the command word as typed ("avbryt"), for handlers whose word has two uses
