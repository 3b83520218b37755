"""Small request helpers shared by every app."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as Django sees it (behind a proxy, the proxy sets REMOTE_ADDR
    through its own configuration; we never trust X-Forwarded-For here)."""
    return request.META.get("REMOTE_ADDR") or None


def form_error(form, exc) -> None:
    """Put a DomainError on the form: on the (visible) field it names when the form has it,
    else on the form as a whole (a stale revision, say)."""
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)
