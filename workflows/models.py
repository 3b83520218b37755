"""Workflow data: the process models of the flows (viewflow Process subclasses with real
foreign keys: viewflow's artifact GFK cannot point at our rows) and delegations of a
committee head's decisions to a deputy for a period."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from viewflow.workflow.models import Process


class ReviewProcess(Process):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ"))
    # One process per review: a second concurrent start fails on this constraint.
    review = models.OneToOneField("cases.QuarterlyReview", on_delete=models.PROTECT, related_name="process", verbose_name=_("đánh giá"))

    class Meta:
        verbose_name = _("quy trình đánh giá hằng quý")
        verbose_name_plural = _("quy trình đánh giá hằng quý")


class ReferralProcess(Process):
    referral = models.OneToOneField(
        "support.Referral", on_delete=models.PROTECT, related_name="process", verbose_name=_("đề nghị hỗ trợ")
    )

    class Meta:
        verbose_name = _("quy trình đề nghị hỗ trợ")
        verbose_name_plural = _("quy trình đề nghị hỗ trợ")


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def active_on(self, day: dt.date | None = None) -> DelegationQuerySet:
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day, revoked_at__isnull=True)


class Delegation(models.Model):
    """A committee head names a deputy for a period: the deputy may make the head's decisions
    (quarterly reviews) in that period; each decision records on whose behalf it was made."""

    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_given", verbose_name=_("người ủy quyền"))
    deputy = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_received", verbose_name=_("người được ủy quyền"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="delegation_period_ordered", condition=Q(ends_on__gte=models.F("starts_on"))),
            models.CheckConstraint(name="delegation_not_to_self", condition=~Q(deputy=models.F("principal"))),
        ]
        indexes = [models.Index(fields=["deputy", "starts_on", "ends_on"], name="delegation_deputy_period")]

    def __str__(self) -> str:
        return f"{self.principal} → {self.deputy} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
