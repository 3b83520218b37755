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


class ReasonRequired(PermissionRefused):
    """Opening this case is outside the reader's own work: they state a reason first
    (cases.services.grant_access). Nothing of the case is shown before."""

    def __init__(self, message: str, *, case_pk: int) -> None:
        super().__init__(message, field="reason_code")
        self.case_pk = case_pk
