"""Domain errors: raised by services, carrying a Vietnamese message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action. `field` names the form field at fault, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message


class TransitionRefused(DomainError):
    """The state machine does not allow this transition now, or its conditions are not met."""


class PermissionRefused(DomainError):
    """The actor may not make this change."""
