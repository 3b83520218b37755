"""config.choices.ChoiceLabels: get_FOO_display translates only the label it shows."""

from __future__ import annotations

from functools import partial
from unittest import mock

from django.apps import apps
from django.utils import translation

from accounts.models import Membership, Role
from cases.models import Case, CaseStatus, Category, Subject
from config.choices import ChoiceLabels


def _translations(call):
    real = translation._trans.gettext  # django.utils.translation.gettext calls it
    with mock.patch.object(translation._trans, "gettext", wraps=real) as gettext:
        value = call()
    return value, gettext.call_count


def test_a_label_is_the_choices_label_and_costs_one_translation_where_django_made_one_per_choice():
    from django.db.models import Model

    Case(status=CaseStatus.IDENTIFIED).get_status_display()  # the first call of the process builds the field's map
    for status in (CaseStatus.IN_REVIEW, CaseStatus.CLOSED):
        case = Case(status=status)
        label, translated = _translations(case.get_status_display)
        assert label == str(status.label)
        assert translated == 1
        # what ChoiceLabels saves: the same call through Django's own method
        label, translated = _translations(partial(Model._get_FIELD_display, case, Case._meta.get_field("status")))
        assert label == str(status.label)
        assert translated >= len(CaseStatus.choices)
    subject = Subject(category=Category.PROBATION)
    assert subject.get_category_display() == str(Category.PROBATION.label)


def test_a_value_outside_the_choices_is_shown_as_it_is_and_blank_is_blank():
    assert Case(status="no_such_state").get_status_display() == "no_such_state"
    assert Case(close_reason="").get_close_reason_display() == ""


def test_choices_read_when_used_keep_djangos_way():
    membership = Membership(role=Role.MENTOR)
    assert membership.get_role_display() == str(Role.MENTOR.label)


def test_every_model_of_ours_with_fixed_choices_has_the_fast_labels():
    """A model added later with choices shown on a page gets ChoiceLabels too."""
    ours = {"accounts", "api", "areas", "cases", "community", "imports", "mentors", "reports", "support", "workflows"}
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in ours or model.__name__.startswith("Historical"):
            continue
        fixed = [f for f in model._meta.concrete_fields if f.choices and isinstance(f.choices, list | tuple)]
        if fixed and not issubclass(model, ChoiceLabels):
            missing.append(f"{model._meta.label} ({', '.join(f.name for f in fixed)})")
    assert missing == []
