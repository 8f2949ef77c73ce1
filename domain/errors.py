"""Domain errors. Each carries a message key and parameters, never user-facing text:
the text lives in the locale files of the conversation layer."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    key: str = "error.domain"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(self.key, params)


class InvalidTransition(DomainError):
    key = "error.invalid_transition"


class InvalidKey(DomainError):
    key = "error.invalid_key"


class ValidationFailed(DomainError):
    """One or more fields are wrong; `errors` maps field name -> message key."""

    key = "error.validation"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(self.key, fields=sorted(errors))
        self.errors = errors


class StaleVersion(DomainError):
    """Somebody else changed the thing since it was read (or since the card was drawn)."""

    key = "error.stale"


class NotFound(DomainError):
    key = "error.not_found"


class NotAllowed(DomainError):
    key = "error.not_allowed"


class GateNotPassed(DomainError):
    """The gate into the next stage has unmet requirements (listed in `unmet`)."""

    key = "error.gate_not_passed"

    def __init__(self, target: str, unmet: list) -> None:
        super().__init__(self.key, target=target)
        self.target = target
        self.unmet = unmet


class KeyTaken(DomainError):
    """The delprojekt key was handed out concurrently; the service tries the next number."""

    key = "error.key_taken"


class AlreadyDone(DomainError):
    """This card was already submitted; `result` says what it produced."""

    key = "error.already_done"
