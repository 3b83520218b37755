"""Process models of the flows (viewflow Process subclasses with a real FK: viewflow's
generic artifact field cannot point at our rows)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class ReferralProcess(Process):
    referral = models.OneToOneField(
        "support.Referral", on_delete=models.PROTECT, related_name="process", verbose_name=_("đề nghị hỗ trợ")
    )

    class Meta:
        verbose_name = _("quy trình đề nghị hỗ trợ")
        verbose_name_plural = _("quy trình đề nghị hỗ trợ")
