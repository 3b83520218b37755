"""Data: the old combined category "probation" (án treo, cải tạo không giam giữ, tha tù có điều
kiện) cannot be told apart any more. Nothing is rewritten: every row keeps its category and
dates (so its clock keeps its meaning), and rows whose old data is ambiguous under the new rules
are flagged for a check, with a history row saying so:
- the old combined category;
- years to expungement typed by hand outside what Điều 70/107 can give (1, 2, 3, 5);
- an A/B/C/D classification on a category Thông tư 10/2024/TT-BCA does not cover.
Years typed by hand are kept as a hand-entered value with that reason; a typed 0 (which
showed no end) is kept in words in that reason and in the history, and still shows no end."""

from django.db import migrations
from django.utils import timezone

LAWFUL_YEARS = {1, 2, 3, 5}
HAND_ENTERED = "Số năm nhập tay trước khi hệ thống tính theo bản án"
ZERO_ENTERED = "Trước đây nhập tay 0 năm (không phải thời hạn theo Điều 70): cần kiểm tra"
REASON = "Tách diện đối tượng: cần kiểm tra lại"


def needs_check(subject) -> bool:
    if subject.category == "probation":
        return True
    if subject.category == "prison_released" and subject.expungement_years is not None and subject.expungement_years not in LAWFUL_YEARS:
        return True
    return bool(subject.classification) and subject.category != "prison_released"


def forwards(apps, schema_editor):
    Subject = apps.get_model("cases", "Subject")
    HistoricalSubject = apps.get_model("cases", "HistoricalSubject")
    fields = [f.attname for f in Subject._meta.concrete_fields]
    now = timezone.now()
    history = []
    for subject in Subject.objects.order_by("pk").iterator():
        changed = False
        flag = needs_check(subject)
        if subject.expungement_years == 0:
            # 0 showed no end before (a falsy value); keep that meaning, and the value in words.
            subject.expungement_override_reason = ZERO_ENTERED
            subject.expungement_years = None
            changed = True
        elif subject.expungement_years is not None and not subject.expungement_override_reason:
            subject.expungement_override_reason = HAND_ENTERED
            changed = True
        if flag and not subject.category_needs_check:
            subject.category_needs_check = True
            changed = True
        if not changed:
            continue
        Subject.objects.filter(pk=subject.pk).update(
            expungement_years=subject.expungement_years, expungement_override_reason=subject.expungement_override_reason,
            category_needs_check=subject.category_needs_check,
        )
        history.append(
            HistoricalSubject(
                **{name: getattr(subject, name) for name in fields},
                history_date=now, history_type="~", history_change_reason=REASON, history_user_id=None,
            )
        )
    HistoricalSubject.objects.bulk_create(history, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_subject_sentence_and_legal_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
