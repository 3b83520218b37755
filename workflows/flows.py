"""django-viewflow flows. Each flow lives in its own module; this module gathers them (viewflow
imports `<app>/flows.py` on pre_migrate to create the flows' permissions)."""

from workflows.review_flow import QuarterlyReviewFlow  # noqa: F401
