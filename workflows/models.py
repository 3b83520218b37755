"""Workflow data: the process models of the flows (viewflow Process subclasses with real
foreign keys: viewflow's artifact GFK cannot point at our rows). Delegations live in
accounts (authority between users, like memberships)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class ReviewProcess(Process):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ"))
    # One process per review: a second concurrent start fails on this constraint.
    review = models.OneToOneField("cases.QuarterlyReview", on_delete=models.PROTECT, related_name="process", verbose_name=_("đánh giá"))

    class Meta:
        verbose_name = _("quy trình đánh giá hằng quý")
        verbose_name_plural = _("quy trình đánh giá hằng quý")
