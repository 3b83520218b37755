"""The admin site of Đồng Hành: an installation administrator manages users, places and
organisations and never reads case content there.

Two rules hold for every model admin, including third-party ones, because the site applies
them when a model is registered:
- the workflow engine's processes and tasks (viewflow) are case content and never registered;
- a delete confirmation page names only the objects being deleted; whatever else the deletion
  would touch or is protected by (cases, events, people helped) is shown as a count per kind.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

# Records that are case content: never named outside the case pages (a count at most).
CASE_CONTENT_APPS = frozenset({"cases", "workflows", "viewflow", "community"})
CASE_CONTENT_MODELS = frozenset(
    {"mentors.Assignment", "mentors.Visit", "support.Referral", "support.ReferralOutcome", "support.FollowUp", "support.PartnerLink"}
)
# Apps whose models are never registered in the admin at all (the workflow engine's processes
# and tasks: deleting them would break a case's quarterly review).
UNREGISTERED_APPS = frozenset({"viewflow"})


def is_case_content(model) -> bool:
    return model._meta.app_label in CASE_CONTENT_APPS or model._meta.label in CASE_CONTENT_MODELS


class NoCaseContentDeletionMixin:
    """Delete confirmation pages without names of related case records."""

    def get_deleted_objects(self, objs, request):
        try:
            first = objs[0]
        except IndexError:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
        collector.collect(objs)
        site = self.admin_site
        perms_needed: set[str] = set()
        for model, instances in collector.model_objs.items():
            if site.is_registered(model):
                model_admin = site.get_model_admin(model)
                if any(not model_admin.has_delete_permission(request, obj) for obj in instances):
                    perms_needed.add(model._meta.verbose_name)
        selected = {(type(obj), obj.pk) for obj in objs}
        others = Counter(
            capfirst(model._meta.verbose_name_plural)
            for model, instances in collector.model_objs.items()
            for obj in instances
            if (model, obj.pk) not in selected
        )
        to_delete: list = []
        for obj in objs:
            to_delete.append(self._deletion_label(obj))
        if others:
            to_delete.append([f"{name}: {count}" for name, count in sorted(others.items())])
        protected = [
            f"{name}: {count}"
            for name, count in sorted(Counter(capfirst(obj._meta.verbose_name_plural) for obj in collector.protected).items())
        ]
        model_count = {model._meta.verbose_name_plural: len(instances) for model, instances in collector.model_objs.items()}
        return to_delete, model_count, perms_needed, protected

    def _deletion_label(self, obj):
        opts = obj._meta
        if is_case_content(type(obj)):
            return f"{capfirst(opts.verbose_name)} #{obj.pk}"
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=(quote(obj.pk),))
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)


class DongHanhAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        models = [model for model in models if model._meta.app_label not in UNREGISTERED_APPS]
        if not models:
            return
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, NoCaseContentDeletionMixin):
            admin_class = type(admin_class.__name__, (NoCaseContentDeletionMixin, admin_class), {"__module__": admin_class.__module__})
        super().register(models, admin_class, **options)
