"""Typed access to environment variables that fails loudly.

A missing required variable or a value that does not parse stops start-up with a message
naming the variable, instead of running with a silently wrong configuration.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


def load_dotenv(path: str | os.PathLike) -> None:
    """Read KEY=VALUE lines from a local .env file (a developer's checkout); variables already
    set in the environment win. Blank lines and # comments are ignored."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=VALUE, got {line!r}")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _get(name: str, default: object, parse: Callable[[str], T]) -> T:
    raw = os.environ.get(name)
    if raw is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default  # type: ignore[return-value]
    try:
        return parse(raw)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is invalid: {exc}") from exc


def env_str(name: str, default: object = _MISSING) -> str:
    return _get(name, default, str)


def env_int(name: str, default: object = _MISSING) -> int:
    return _get(name, default, int)


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("expected one of 1/0, true/false, yes/no, on/off")


def env_bool(name: str, default: object = _MISSING) -> bool:
    return _get(name, default, _parse_bool)


def env_list(name: str, default: object = _MISSING) -> list[str]:
    return _get(name, default, lambda raw: [item.strip() for item in raw.split(",") if item.strip()])
