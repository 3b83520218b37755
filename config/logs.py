"""Structured logs: one JSON line per request (config.middleware.RequestLogMiddleware)."""

from __future__ import annotations

import json
import logging


class JsonFormatter(logging.Formatter):
    """The record's message is already a dict of safe fields; add the time and the level."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname, "logger": record.name}
        if isinstance(record.msg, dict):
            payload.update(record.msg)
        else:
            payload["message"] = record.getMessage()
        if record.exc_info:
            payload["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(payload, ensure_ascii=False, default=str)
