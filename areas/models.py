"""Places after the 2025 reorganisation: province → commune → khu dân cư. No district level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


def strip_kind(name: str, labels) -> str:
    """The bare name of a place whose official name starts with its kind ("Phường Từ Sơn" →
    "Từ Sơn"), so that the kind is stored once and shown once."""
    name = " ".join((name or "").split())
    folded = name.casefold()
    for label in sorted((str(label) for label in labels), key=len, reverse=True):
        prefix = label.casefold() + " "
        if folded.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def kind_label(kinds, value: str) -> str:
    """The label of a place's kind. Not get_kind_display(): it hashes every lazy label of the
    choices on each call (a translation per choice), 0.4 ms a place, 13 ms for the 30 khu dân
    cư of a case list's filter."""
    try:
        return str(kinds(value).label)
    except ValueError:  # a value the choices no longer hold: shown as stored, as Django does
        return value


def with_kind(label: str, name: str) -> str:
    """Kind and name for display, never the kind twice (names typed with their kind stay readable)."""
    if not label or name.casefold().startswith(str(label).casefold() + " "):
        return name
    return f"{label} {name}"


class Province(models.Model):
    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    legacy_code = models.CharField(_("mã cũ"), max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        XA = "xa", _("Xã")
        PHUONG = "phuong", _("Phường")
        DAC_KHU = "dac_khu", _("Đặc khu")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("tỉnh/thành phố"))
    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.XA)
    legacy_code = models.CharField(_("mã cũ"), max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xã/phường/đặc khu")
        verbose_name_plural = _("xã/phường/đặc khu")
        ordering = ["name"]

    def __str__(self) -> str:
        return with_kind(kind_label(self.Kind, self.kind), self.name)


class ResidentialArea(ChoiceLabels, models.Model):
    """Khu dân cư: thôn, tổ dân phố, ấp, bản and the other names used across the country."""

    class Kind(models.TextChoices):
        THON = "thon", _("Thôn")
        TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
        AP = "ap", _("Ấp")
        BAN = "ban", _("Bản")
        KHU_PHO = "khu_pho", _("Khu phố")
        KHOM = "khom", _("Khóm")
        XOM = "xom", _("Xóm")
        LANG = "lang", _("Làng")
        BUON = "buon", _("Buôn")
        SOC = "soc", _("Sóc")
        OTHER = "khac", _("Khác")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="areas", verbose_name=_("xã/phường"))
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.THON)
    legacy_code = models.CharField(_("mã cũ"), max_length=20, blank=True)
    # Normalised name with its commune and province (areas.search), written by areas.services.
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=300, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("khu dân cư")
        verbose_name_plural = _("khu dân cư")
        ordering = ["commune__name", "name"]

    def __str__(self) -> str:
        # "Khác": the name alone says what it is (Khu 3, Cụm dân cư số 2).
        return with_kind("" if self.kind == self.Kind.OTHER else kind_label(self.Kind, self.kind), self.name)
