"""The lists a commune keeps, one spec each: the columns of its template, how a row is checked
for the preview (new, update, same as an existing one, or an error naming the cell) and how a
checked row is written, always through the services of the app that owns the record."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from areas.models import ResidentialArea
from areas.search import normalise
from imports import cleaning
from imports.models import ImportKind, ImportRow


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    type: str = "text"  # text, name, date, id, int, phone, choice, area, branch, mentor, user
    choices: Callable[[], list[tuple[str, str]]] | None = None
    example: Any = ""
    width: int = 18
    max_length: int = 200
    # headers of earlier templates still found in the files communes fill (matched as the header)
    aliases: tuple[str, ...] = ()


class SeenRows:
    """The rows of the file seen so far, by an 8-byte digest of what identifies each (an
    identity number, a name and birth date…), with the row number: 12 bytes a row in sorted
    arrays (a small log-structured merge: the newest RUN rows in a dict, then sorted runs of
    growing sizes, looked up by bisection), not Python strings or tuples, so that the index of
    a 100,000-row file is about 1 MB."""

    RUN = 512

    def __init__(self):
        self._recent: dict[int, int] = {}
        self._runs: list[tuple[array, array]] = []  # (sorted digests 'Q', row numbers 'I'), largest first

    @staticmethod
    def digest(key) -> int:
        return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=8).digest(), "big")

    def first(self, key, number: int) -> int | None:
        """The row that had this key first, or None (and this row is remembered)."""
        digest = self.digest(key)
        earlier = self._recent.get(digest)
        if earlier is not None:
            return earlier
        for digests, rows in self._runs:
            i = bisect_left(digests, digest)
            if i < len(digests) and digests[i] == digest:
                return rows[i]
        self._recent[digest] = number
        if len(self._recent) >= self.RUN:
            self._flush()
        return None

    def _flush(self) -> None:
        items = sorted(self._recent.items())
        self._recent = {}
        self._runs.append((array("Q", (d for d, _n in items)), array("I", (n for _d, n in items))))
        # merge while the newest run is as large as the one before: sizes stay geometric
        while len(self._runs) > 1 and len(self._runs[-1][0]) >= len(self._runs[-2][0]):
            newer, older = self._runs.pop(), self._runs.pop()
            digests, rows = array("Q"), array("I")
            for d, n in heapq.merge(zip(*older, strict=True), zip(*newer, strict=True)):
                digests.append(d)
                rows.append(n)
            self._runs.append((digests, rows))

    def __len__(self) -> int:
        return len(self._recent) + sum(len(d) for d, _r in self._runs)

    def nbytes(self) -> int:
        """The bytes held by the sorted runs (the dict of the newest rows aside)."""
        return sum(d.itemsize * len(d) + r.itemsize * len(r) for d, r in self._runs)


@dataclass
class Checked:
    action: str
    data: dict = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


class Context:
    """What checking a file needs to know once: the commune's khu dân cư, chi hội / chi đoàn and
    mentors by normalised name and code, and the rows seen so far (duplicates inside the file)."""

    def __init__(self, *, actor, commune, file_name: str = ""):
        from mentors.models import Branch, Mentor

        self.actor, self.commune, self.file_name = actor, commune, file_name
        self.areas: dict[str, ResidentialArea] = {}
        for area in ResidentialArea.objects.filter(commune=commune):
            self.add_area(area)
        self.branches = {normalise(b.name): b for b in Branch.objects.filter(commune=commune, is_active=True)}
        self.mentors: dict[str, list] = {}
        for mentor in Mentor.objects.filter(commune=commune, is_active=True).select_related("branch"):
            self.mentors.setdefault(normalise(mentor.full_name), []).append(mentor)
        self.seen = SeenRows()
        # per chunk of rows (Kind.prefetch): what the checks of those rows look up
        self.subjects_by_id_number: dict[str, Any] = {}
        self.subjects: dict[int, Any] = {}
        self.open_cases: dict[int, Any] = {}
        self._people: dict[tuple, list[tuple[int, str]]] | None = None

    def people(self, name: str, date_of_birth) -> list[tuple[int, str]]:
        """(pk, identity number) of the commune's people with this normalised name and birth date,
        read once for the whole file (the commune's size bounds it, not the file's)."""
        from cases.models import Subject

        if self._people is None:
            self._people = {}
            rows = Subject.objects.filter(area__commune=self.commune, merged_into__isnull=True).values_list(
                "pk", "full_name", "date_of_birth", "national_id"
            )
            for pk, full_name, dob, number in rows.iterator(chunk_size=2000):
                self._people.setdefault((normalise(full_name), dob), []).append((pk, number))
        return self._people.get((name, date_of_birth), [])

    def area_by_pk(self, pk: int) -> ResidentialArea:
        """A khu dân cư of the commune by its pk (read once per file, not once per row)."""
        if not hasattr(self, "_areas_by_pk"):
            self._areas_by_pk = {a.pk: a for a in self.areas.values()}
        found = self._areas_by_pk.get(pk)
        if found is None:
            found = self._areas_by_pk[pk] = ResidentialArea.objects.get(pk=pk)
        return found

    def add_area(self, area: ResidentialArea) -> None:
        self.areas[area.code.lower()] = area
        self.areas[normalise(area.name)] = area
        self.areas[normalise(str(area))] = area

    def area(self, value: str) -> ResidentialArea:
        key = normalise(value)
        found = self.areas.get(value.strip().lower()) or self.areas.get(key)
        if found is not None:
            return found
        elsewhere = ResidentialArea.objects.filter(code__iexact=value.strip()).select_related("commune").first()
        if elsewhere is not None:
            raise cleaning.CellError(
                _("khu dân cư “%(area)s” thuộc %(commune)s, không thuộc xã/phường của bạn") % {"area": value, "commune": elsewhere.commune}
            )
        raise cleaning.CellError(_("không có khu dân cư “%(area)s” trong %(commune)s") % {"area": value, "commune": self.commune})


def _cell(column_index: int, row_number: int) -> str:
    return f"{get_column_letter(column_index + 1)}{row_number}"


def _date_text(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


class Kind:
    key: str
    columns: list[Column]
    title: str

    def check(self, values: dict[str, Any], cells: dict[str, str], ctx: Context, number: int) -> Checked:
        raise NotImplementedError

    def write(self, data: dict, ctx: Context) -> int | None:
        raise NotImplementedError

    def prefetch(self, rows: list[dict[str, Any]], ctx: Context) -> None:
        """Before checking a chunk of cleaned rows: read at once what their checks look up."""

    # --- shared reading of one row ---------------------------------------------------------
    def reader_columns(self) -> list[Column]:
        """The columns, built once per file (and language) rather than once per row."""
        from django.utils.translation import get_language

        language = get_language()
        cached = getattr(self, "_columns_cache", None)
        if cached is None or cached[0] != language:
            columns = list(self.columns)
            choices = {c.key: cleaning.choice_map(c.choices()) for c in columns if c.type == "choice"}
            self._columns_cache = cached = (language, columns, choices)
        return cached[1]

    def read(self, raw: list[Any], positions: dict[str, int], number: int, ctx: Context) -> tuple[dict, dict, list[str], list[str]]:
        """Clean every cell. Returns (values, cell names, errors, notes); an error names its cell."""
        values: dict[str, Any] = {}
        cells: dict[str, str] = {}
        errors: list[str] = []
        notes: list[str] = []
        for column in self.reader_columns():
            index = positions.get(column.key)
            if index is None:  # a column the file does not have
                values[column.key] = None if column.type in ("date", "int") else ""
                continue
            cell = _cell(index, number)
            cells[column.key] = cell
            value = raw[index] if index < len(raw) else None
            try:
                cleaned = self.clean_cell(column, value, notes, cell)
            except cleaning.CellError as exc:
                errors.append(_("Ô %(cell)s (%(header)s): %(error)s.") % {"cell": cell, "header": column.header, "error": exc})
                values[column.key] = None
                continue
            if column.required and cleaned in (None, ""):
                errors.append(_("Ô %(cell)s (%(header)s): chưa điền.") % {"cell": cell, "header": column.header})
            values[column.key] = cleaned
        return values, cells, errors, notes

    def clean_cell(self, column: Column, value: Any, notes: list[str], cell: str):
        if column.type == "date":
            return cleaning.date(value)
        if column.type == "id":
            number, note = cleaning.identity_number(value)
            if note:
                notes.append(_("Ô %(cell)s: %(note)s.") % {"cell": cell, "note": note})
            return number
        if column.type == "int":
            return cleaning.integer(value)
        if column.type == "phone":
            number, note = cleaning.phone(value)
            if note:
                notes.append(_("Ô %(cell)s: %(note)s.") % {"cell": cell, "note": note})
            return number
        if column.type == "choice":
            cached = getattr(self, "_columns_cache", None)
            if cached is not None and column.key in cached[2]:
                return cleaning.choice_code(value, cached[2][column.key])
            return cleaning.choice(value, column.choices())
        if column.type == "name":
            text = cleaning.person_name(value)
        else:
            text = cleaning.text(value)
        if len(text) > column.max_length:
            raise cleaning.CellError(_("dài quá %(n)d ký tự") % {"n": column.max_length})
        return text


def _choices(model_choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(code, str(label)) for code, label in model_choices]


def form_text_limit(model, name: str) -> int:
    """The longest text the web form takes for this model field (config.forms.SafeTextMixin):
    the field's own max_length when it has one, else the project's limit for notes (a text
    area) or for a single line. A column of the same data refuses the same texts."""
    from django.db import models

    from config.forms import text_limit

    field = model._meta.get_field(name)
    limit = text_limit("TEXT_MAX_CHARS" if isinstance(field, models.TextField) else "SHORT_TEXT_MAX_CHARS")
    return min(limit, field.max_length) if field.max_length else limit


# --- khu dân cư ----------------------------------------------------------------------------------


class AreasKind(Kind):
    key = ImportKind.AREAS
    title = gettext_lazy("Danh sách khu dân cư")
    columns = [
        Column("name", gettext_lazy("Tên khu dân cư"), required=True, example="Đông Sơn", width=26),
        Column("kind", gettext_lazy("Loại"), required=True, type="choice", choices=_choices(ResidentialArea.Kind.choices), example="Thôn"),
        Column("code", gettext_lazy("Mã khu dân cư"), example="", width=16, max_length=20),
        Column("legacy_code", gettext_lazy("Mã cũ"), example="", width=12, max_length=20),
    ]

    def check(self, values, cells, ctx, number):
        from areas.models import strip_kind

        name = strip_kind(values["name"], ResidentialArea.Kind.labels)
        key = ("area", normalise(name), values["kind"])
        earlier = ctx.seen.first(key, number)
        if earlier is not None:
            return Checked(ImportRow.Action.ERROR, messages=[_("Trùng với dòng %(n)d của tệp.") % {"n": earlier}])
        data = {"name": name, "kind": values["kind"], "code": values["code"], "legacy_code": values["legacy_code"]}
        existing = None
        if values["code"]:
            existing = ResidentialArea.objects.filter(code__iexact=values["code"]).select_related("commune").first()
            if existing is not None and existing.commune_id != ctx.commune.pk:
                return Checked(
                    ImportRow.Action.ERROR,
                    messages=[
                        _("Ô %(cell)s: mã “%(code)s” đã dùng cho khu dân cư của %(commune)s.")
                        % {"cell": cells["code"], "code": values["code"], "commune": existing.commune}
                    ],
                )
        if existing is None:
            existing = ResidentialArea.objects.filter(commune=ctx.commune, name__iexact=name, kind=values["kind"]).first()
        if existing is None:
            return Checked(ImportRow.Action.NEW, data)
        data["id"] = existing.pk
        if (existing.name, existing.kind) == (name, values["kind"]) and (
            not values["legacy_code"] or existing.legacy_code == values["legacy_code"]
        ):
            return Checked(ImportRow.Action.SAME, data, [_("Đã có: %(area)s (%(code)s).") % {"area": existing, "code": existing.code}])
        return Checked(ImportRow.Action.UPDATE, data, [_("Cập nhật %(area)s (%(code)s).") % {"area": existing, "code": existing.code}])

    def write(self, data, ctx):
        from areas.services import save_area

        if data.get("id"):
            area = ResidentialArea.objects.get(pk=data["id"])
        else:
            area = ResidentialArea(commune=ctx.commune, code=data["code"] or _next_area_code(ctx.commune))
        area.name, area.kind = data["name"], data["kind"]
        if data.get("legacy_code"):
            area.legacy_code = data["legacy_code"]
        try:
            save_area(area, actor=ctx.actor, reason=_("Nhập từ Excel"))
        except ValidationError as exc:
            raise _domain(exc) from exc
        ctx.add_area(area)
        return area.pk


def _next_area_code(commune) -> str:
    used = set(ResidentialArea.objects.filter(code__startswith=f"{commune.code}-").values_list("code", flat=True))
    n = len(used) + 1
    while f"{commune.code}-{n:02d}" in used:
        n += 1
    return f"{commune.code}-{n:02d}"


def _domain(exc: ValidationError):
    from cases.errors import DomainError

    return DomainError(" ".join(exc.messages))


# --- Ban Công tác Mặt trận and its head ----------------------------------------------------------


class CommitteesKind(Kind):
    key = ImportKind.COMMITTEES
    title = gettext_lazy("Ban Công tác Mặt trận và trưởng ban")
    columns = [
        Column("area", gettext_lazy("Khu dân cư"), required=True, type="area", example="Thôn Đông Sơn", width=26),
        Column("head_name", gettext_lazy("Họ và tên trưởng ban"), type="name", example="Trần Văn Bình", width=24),
        Column("head_username", gettext_lazy("Tên đăng nhập của trưởng ban"), example="binh.tran", width=22, max_length=150),
    ]

    def check(self, values, cells, ctx, number):
        from mentors.models import FrontCommittee

        try:
            area = ctx.area(values["area"])
        except cleaning.CellError as exc:
            return Checked(ImportRow.Action.ERROR, messages=[_("Ô %(cell)s: %(error)s.") % {"cell": cells["area"], "error": exc}])
        from accounts.models import Role
        from accounts.selectors import can_grant
        from accounts.services import USERNAME_RE

        head = None
        new_login = None
        notes = []
        if values["head_username"]:
            username = values["head_username"].strip().lower()
            head = get_user_model().objects.filter(username__iexact=username).first()
            if head is not None and not head.is_active:
                return Checked(
                    ImportRow.Action.ERROR,
                    messages=[
                        _("Ô %(cell)s: tài khoản “%(u)s” đã bị khóa; hãy mở lại ở mục Tài khoản hoặc ghi tên đăng nhập khác.")
                        % {"cell": cells["head_username"], "u": username}
                    ],
                )
            if head is None:
                # The import creates the head's login (accounts.services.create_login); its
                # temporary password is shown to nobody: the officer issues one on the account's
                # page when handing it over, so no password is ever kept in a file or a job.
                problem = None
                if not USERNAME_RE.match(username):
                    problem = _("tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch nối hoặc gạch dưới")
                elif not values["head_name"]:
                    problem = _("ghi họ và tên trưởng ban để tạo tài khoản mới “%(u)s”") % {"u": username}
                elif not can_grant(ctx.actor, Role.COMMITTEE_HEAD, area=area):
                    problem = _("bạn không được cấp vai trò trưởng ban tại khu dân cư này")
                elif ctx.seen.first(("new-login", username), number) is not None:
                    problem = _("tên đăng nhập “%(u)s” đã dùng cho trưởng ban ở một dòng trên") % {"u": username}
                if problem:
                    return Checked(
                        ImportRow.Action.ERROR, messages=[_("Ô %(cell)s: %(error)s.") % {"cell": cells["head_username"], "error": problem}]
                    )
                new_login = {"username": username, "full_name": values["head_name"]}
                notes.append(
                    _(
                        "Sẽ tạo tài khoản “%(u)s” cho trưởng ban %(name)s. Sau khi nhập, vào Tài khoản → %(name)s → “Cấp mật khẩu tạm” "
                        "để có mật khẩu giao tận tay (mật khẩu chỉ hiện một lần)."
                    )
                    % {"u": username, "name": values["head_name"]}
                )
        elif values["head_name"]:
            notes.append(
                _("Trưởng ban %(name)s chưa có tên đăng nhập: Ban được lập, chưa gắn trưởng ban (ghi tên đăng nhập để tạo tài khoản).")
                % {"name": values["head_name"]}
            )
        data = {"area": area.pk, "head": head.pk if head else None, "new_login": new_login}
        committee = FrontCommittee.objects.filter(area=area).first()
        if new_login is not None:
            return Checked(ImportRow.Action.NEW if committee is None else ImportRow.Action.UPDATE, data, notes)
        if committee is None:
            return Checked(ImportRow.Action.NEW, data, notes)
        if committee.head_id == data["head"] or data["head"] is None:
            return Checked(ImportRow.Action.SAME, data, notes + [_("Đã có Ban Công tác Mặt trận %(area)s.") % {"area": area}])
        return Checked(ImportRow.Action.UPDATE, data, notes + [_("Đổi trưởng ban của %(area)s.") % {"area": area}])

    def write(self, data, ctx):
        from accounts.models import Role
        from accounts.services import AccountRefused, create_login
        from cases.errors import DomainError
        from mentors.organisations import set_committee_head

        area = ResidentialArea.objects.get(pk=data["area"])
        head = get_user_model().objects.get(pk=data["head"]) if data["head"] else None
        if data.get("new_login"):
            try:
                head, _password = create_login(actor=ctx.actor, role=Role.COMMITTEE_HEAD, area=area, **data["new_login"])
            except AccountRefused as exc:
                raise DomainError(exc.message) from exc
            del _password  # never shown nor kept: the officer issues one when handing the login over
        return set_committee_head(area, actor=ctx.actor, head=head, reason=_("Nhập từ Excel")).pk


# --- chi hội / chi đoàn --------------------------------------------------------------------------


class BranchesKind(Kind):
    key = ImportKind.BRANCHES
    title = gettext_lazy("Danh sách chi hội, chi đoàn")

    @property
    def columns(self):
        from mentors.models import Branch, OrganisationType

        return [
            Column("name", gettext_lazy("Tên chi hội / chi đoàn"), required=True, example="Chi hội Phụ nữ thôn Đông Sơn", width=32),
            Column(
                "organisation",
                gettext_lazy("Tổ chức"),
                required=True,
                type="choice",
                choices=_choices(OrganisationType.choices),
                example="Hội Liên hiệp Phụ nữ",
                width=24,
            ),
            Column("kind", gettext_lazy("Loại"), required=True, type="choice", choices=_choices(Branch.Kind.choices), example="Chi hội"),
            Column("area", gettext_lazy("Khu dân cư"), type="area", example="Thôn Đông Sơn", width=24),
        ]

    def check(self, values, cells, ctx, number):
        area = None
        if values["area"]:
            try:
                area = ctx.area(values["area"])
            except cleaning.CellError as exc:
                return Checked(ImportRow.Action.ERROR, messages=[_("Ô %(cell)s: %(error)s.") % {"cell": cells["area"], "error": exc}])
        key = ("branch", normalise(values["name"]))
        earlier = ctx.seen.first(key, number)
        if earlier is not None:
            return Checked(ImportRow.Action.ERROR, messages=[_("Trùng với dòng %(n)d của tệp.") % {"n": earlier}])
        data = {"name": values["name"], "organisation": values["organisation"], "kind": values["kind"], "area": area.pk if area else None}
        if normalise(values["name"]) in ctx.branches:
            return Checked(ImportRow.Action.SAME, data, [_("Đã có chi hội / chi đoàn này.")])
        return Checked(ImportRow.Action.NEW, data)

    def write(self, data, ctx):
        from mentors.organisations import create_branch

        area = ResidentialArea.objects.get(pk=data["area"]) if data["area"] else None
        branch = create_branch(
            actor=ctx.actor, commune=ctx.commune, name=data["name"], organisation=data["organisation"], kind=data["kind"], area=area
        )
        ctx.branches[normalise(branch.name)] = branch
        return branch.pk


# --- mentors -------------------------------------------------------------------------------------


class MentorsKind(Kind):
    key = ImportKind.MENTORS
    title = gettext_lazy("Danh sách người giúp đỡ")

    @property
    def columns(self):
        from mentors.models import Mentor

        return [
            Column("full_name", gettext_lazy("Họ và tên"), required=True, type="name", example="Nguyễn Thị Hoa", width=24),
            Column(
                "kind",
                gettext_lazy("Loại"),
                required=True,
                type="choice",
                choices=_choices(Mentor.Kind.choices),
                example="Hội viên, đoàn viên",
                width=22,
            ),
            Column("branch", gettext_lazy("Chi hội / chi đoàn"), type="branch", example="Chi hội Phụ nữ thôn Đông Sơn", width=30),
            Column("phone", gettext_lazy("Số điện thoại"), type="phone", example="0912345678", max_length=20),
            Column("title", gettext_lazy("Vai trò trong cộng đồng"), example="", width=20, aliases=("Danh vị",)),
        ]

    def check(self, values, cells, ctx, number):
        branch = None
        if values["branch"]:
            branch = ctx.branches.get(normalise(values["branch"]))
            if branch is None:
                return Checked(
                    ImportRow.Action.ERROR,
                    messages=[
                        _("Ô %(cell)s: không có chi hội / chi đoàn “%(b)s” trong %(commune)s.")
                        % {"cell": cells["branch"], "b": values["branch"], "commune": ctx.commune}
                    ],
                )
        elif values["kind"] == "branch_member":
            return Checked(
                ImportRow.Action.ERROR,
                messages=[_("Ô %(cell)s: hội viên, đoàn viên phải thuộc một chi hội / chi đoàn.") % {"cell": cells.get("branch", "")}],
            )
        if values["phone"]:
            # the mentor's own check (mentors.models.Mentor.clean), as on the form: in digits, or refused here
            from accounts.validators import normalise_phone

            try:
                values["phone"] = normalise_phone(values["phone"])
            except ValidationError as exc:
                return Checked(
                    ImportRow.Action.ERROR, messages=[_("Ô %(cell)s: %(error)s") % {"cell": cells["phone"], "error": exc.messages[0]}]
                )
        key = ("mentor", normalise(values["full_name"]), branch.pk if branch else None)
        earlier = ctx.seen.first(key, number)
        if earlier is not None:
            return Checked(ImportRow.Action.ERROR, messages=[_("Trùng với dòng %(n)d của tệp.") % {"n": earlier}])
        data = {
            "full_name": values["full_name"],
            "kind": values["kind"],
            "branch": branch.pk if branch else None,
            "phone": values["phone"],
            "title": values["title"],
        }
        for mentor in ctx.mentors.get(normalise(values["full_name"]), []):
            if mentor.branch_id == data["branch"]:
                data["id"] = mentor.pk
                if (mentor.phone, mentor.title) == (values["phone"] or mentor.phone, values["title"] or mentor.title):
                    return Checked(ImportRow.Action.SAME, data, [_("Đã có người giúp đỡ này.")])
                return Checked(ImportRow.Action.UPDATE, data, [_("Cập nhật số điện thoại, vai trò trong cộng đồng.")])
        return Checked(ImportRow.Action.NEW, data)

    def write(self, data, ctx):
        from mentors.models import Branch, Mentor
        from mentors.organisations import create_mentor, update_mentor

        branch = Branch.objects.get(pk=data["branch"]) if data["branch"] else None
        if data.get("id"):
            changes = {k: data[k] for k in ("phone", "title") if data[k]}
            return update_mentor(Mentor.objects.get(pk=data["id"]), actor=ctx.actor, **changes).pk
        mentor = create_mentor(
            actor=ctx.actor,
            commune=ctx.commune,
            full_name=data["full_name"],
            kind=data["kind"],
            branch=branch,
            phone=data["phone"],
            title=data["title"],
        )
        ctx.mentors.setdefault(normalise(mentor.full_name), []).append(mentor)
        return mentor.pk


# --- people and their cases ----------------------------------------------------------------------


class PeopleKind(Kind):
    key = ImportKind.PEOPLE
    title = gettext_lazy("Danh sách người được giúp đỡ")

    @property
    def columns(self):
        from cases.models import Category, Classification, Sex, Subject

        def limit(name: str) -> int:
            return form_text_limit(Subject, name)

        return [
            Column(
                "full_name",
                gettext_lazy("Họ và tên"),
                required=True,
                type="name",
                example="Nguyễn Văn An",
                width=24,
                max_length=limit("full_name"),
            ),
            Column("date_of_birth", gettext_lazy("Ngày sinh"), required=True, type="date", example="05/03/1990", width=14),
            Column("sex", gettext_lazy("Giới tính"), required=True, type="choice", choices=_choices(Sex.choices), example="Nam", width=10),
            Column("national_id", gettext_lazy("Số định danh cá nhân"), type="id", example="027090001234", width=18),
            Column("area", gettext_lazy("Khu dân cư"), required=True, type="area", example="Thôn Đông Sơn", width=22),
            Column(
                "address_detail", gettext_lazy("Địa chỉ chi tiết"), example="Số 10, xóm 2", width=22, max_length=limit("address_detail")
            ),
            Column("phone", gettext_lazy("Số điện thoại"), type="phone", example="0981234567", max_length=limit("phone")),
            Column(
                "category",
                gettext_lazy("Diện đối tượng"),
                required=True,
                type="choice",
                choices=_choices(Category.choices),
                example=str(Category.PRISON_RELEASED.label),
                width=34,
            ),
            Column(
                "classification", gettext_lazy("Phân loại"), type="choice", choices=_choices(Classification.choices), example="", width=16
            ),
            Column(
                "offence_summary",
                gettext_lazy("Tóm tắt hành vi vi phạm"),
                example="Trộm cắp tài sản (Điều 173 BLHS)",
                width=30,
                max_length=limit("offence_summary"),
            ),
            Column("sentence_details", gettext_lazy("Bản án / quyết định"), example="", width=30, max_length=limit("sentence_details")),
            Column("clock_start_date", gettext_lazy("Ngày bắt đầu tính thời hạn"), type="date", example="", width=16),
            Column("term_months", gettext_lazy("Thời hạn (tháng)"), type="int", example="", width=10),
            Column("expungement_years", gettext_lazy("Thời hạn xóa án tích (năm)"), type="int", example="", width=10),
            Column("branch", gettext_lazy("Chi hội / chi đoàn giúp đỡ"), type="branch", example="", width=28),
            Column("mentor", gettext_lazy("Người giúp đỡ"), type="mentor", example="", width=22),
        ]

    SUBJECT_FIELDS = (
        "full_name",
        "date_of_birth",
        "sex",
        "national_id",
        "address_detail",
        "phone",
        "category",
        "classification",
        "offence_summary",
        "sentence_details",
        "clock_start_date",
        "term_months",
        "expungement_years",
    )

    def prefetch(self, rows, ctx):
        """Three queries per chunk instead of up to three per row: the people with the chunk's
        identity numbers, the people matched by name and birth date, and their open cases."""
        from cases.models import Case, CaseStatus, Subject

        numbers = {v["national_id"] for v in rows if v.get("national_id")}
        ctx.subjects_by_id_number, ctx.subjects, ctx.open_cases = {}, {}, {}
        if numbers:
            for subject in Subject.objects.filter(national_id__in=numbers).select_related("area").order_by("pk"):
                ctx.subjects_by_id_number.setdefault(subject.national_id, subject)
        wanted = set()
        for v in rows:
            if v.get("full_name") and v.get("date_of_birth"):
                wanted.update(pk for pk, _number in ctx.people(normalise(v["full_name"]), v["date_of_birth"]))
        wanted -= {s.pk for s in ctx.subjects_by_id_number.values()}
        if wanted:
            ctx.subjects = {s.pk: s for s in Subject.objects.filter(pk__in=wanted).select_related("area")}
        ctx.subjects.update({s.pk: s for s in ctx.subjects_by_id_number.values()})
        if ctx.subjects:
            open_cases = (
                Case.objects.filter(subject_id__in=list(ctx.subjects))
                .exclude(status__in=[CaseStatus.GRADUATED, CaseStatus.CLOSED])
                .order_by("pk")
            )
            for case in open_cases:
                ctx.open_cases.setdefault(case.subject_id, case)

    def check(self, values, cells, ctx, number):
        errors, notes = [], []
        try:
            area = ctx.area(values["area"])
        except cleaning.CellError as exc:
            return Checked(ImportRow.Action.ERROR, messages=[_("Ô %(cell)s: %(error)s.") % {"cell": cells["area"], "error": exc}])
        dob = values["date_of_birth"]
        subject, person_errors = self.validate_person(values, area, cells)
        errors.extend(person_errors)
        branch, mentor, assignment_errors = self.assignment(values, cells, ctx)
        errors.extend(assignment_errors)
        if errors:
            return Checked(ImportRow.Action.ERROR, messages=errors + notes)
        key = ("id", values["national_id"]) if values["national_id"] else ("person", normalise(values["full_name"]), dob)
        earlier = ctx.seen.first(key, number)
        if earlier is not None:
            return Checked(ImportRow.Action.ERROR, messages=[_("Cùng một người với dòng %(n)d của tệp.") % {"n": earlier}])
        # as the model's checks left them (the phone number in digits)
        data = {k: getattr(subject, k) for k in self.SUBJECT_FIELDS}
        for k in ("date_of_birth", "clock_start_date"):
            data[k] = data[k].isoformat() if data[k] else None
        data.update({"area": area.pk, "branch": branch.pk if branch else None, "mentor": mentor.pk if mentor else None})
        existing = None
        if values["national_id"]:
            existing = ctx.subjects_by_id_number.get(values["national_id"])
            how = _("cùng số định danh")
        if existing is None:
            # Same name (any case or accents), date of birth and commune; a different identity number is someone else.
            match = next(
                (pk for pk, number in ctx.people(normalise(values["full_name"]), dob) if not (values["national_id"] and number)), None
            )
            existing = ctx.subjects[match] if match else None
            how = _("cùng họ tên, ngày sinh và xã")
        if existing is None:
            return Checked(ImportRow.Action.NEW, data, notes)
        open_case = ctx.open_cases.get(existing.pk)
        who = _("%(name)s, sinh %(dob)s, %(area)s") % {
            "name": existing.full_name,
            "dob": _date_text(existing.date_of_birth),
            "area": existing.area,
        }
        if open_case is not None:
            return Checked(
                ImportRow.Action.SAME,
                data,
                notes
                + [
                    _("Trùng người đã có (%(how)s): %(who)s, đang có hồ sơ #%(pk)d; không nhập.")
                    % {"how": how, "who": who, "pk": open_case.pk}
                ],
            )
        data["subject"] = existing.pk
        return Checked(
            ImportRow.Action.UPDATE,
            data,
            notes + [_("Người đã có (%(how)s): %(who)s; cập nhật thông tin và mở hồ sơ mới.") % {"how": how, "who": who}],
        )

    def validate_person(self, values, area, cells) -> tuple[Any, list[str]]:
        """The person as the web form would save it, checked by the same rules: the model's
        (cases.models.Subject.clean: dates, identity number, phone number, legal terms and
        their sources) and its fields'. Returns the person (not saved) and the messages, each
        naming its cell."""
        from cases.models import Subject

        subject = Subject(area=area, **{k: values[k] for k in self.SUBJECT_FIELDS if values[k] is not None})
        try:
            # area: the commune's, found above; uniqueness: the existing person is looked up below
            subject.full_clean(exclude=["area", "merged_into"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            messages = []
            for name, field_messages in exc.message_dict.items():
                for message in field_messages:
                    cell = cells.get(name)
                    messages.append(_("Ô %(cell)s: %(error)s") % {"cell": cell, "error": message} if cell else message)
            return subject, messages
        return subject, []

    def assignment(self, values, cells, ctx) -> tuple[Any, Any, list[str]]:
        """(branch, mentor, messages) from the chi hội / chi đoàn and the mentor named. A mentor
        of the xã who belongs to another chi hội is told as such, naming it, so that the row
        can be put right."""
        errors = []
        named = ctx.branches.get(normalise(values["branch"])) if values["branch"] else None
        if values["branch"] and named is None:
            errors.append(_("Ô %(cell)s: không có chi hội / chi đoàn “%(b)s” trong xã.") % {"cell": cells["branch"], "b": values["branch"]})
        if not values["mentor"]:
            if named is not None:
                errors.append(_("Ô %(cell)s: ghi tên người giúp đỡ để phân công.") % {"cell": cells.get("mentor", cells["branch"])})
            return None, None, errors
        same_name = ctx.mentors.get(normalise(values["mentor"]), [])
        # as mentors.services.assign_case: a member helps under their own chi hội, a respected
        # person without one under any chi hội of the xã
        candidates = [m for m in same_name if m.branch_id in (named.pk, None)] if named is not None else same_name
        where = {"cell": cells["mentor"], "m": values["mentor"]}
        if values["branch"] and named is None:
            pass  # the chi hội's message above says what to put right
        elif len(candidates) == 1:
            mentor = candidates[0]
            branch = named or mentor.branch
            if branch is not None:
                return branch, mentor, errors
            errors.append(
                _("Ô %(cell)s: người giúp đỡ “%(m)s” không thuộc chi hội / chi đoàn nào; hãy ghi chi hội / chi đoàn nhận giúp đỡ.") % where
            )
        elif candidates:
            errors.append(_("Ô %(cell)s: có nhiều người giúp đỡ tên “%(m)s”; hãy ghi rõ chi hội / chi đoàn.") % where)
        elif same_name:
            others = ", ".join(sorted({f"“{m.branch.name}”" for m in same_name}))
            errors.append(
                _(
                    "Ô %(cell)s: người giúp đỡ “%(m)s” có trong xã nhưng thuộc %(others)s, không thuộc “%(b)s”; "
                    "hãy sửa tên chi hội / chi đoàn hoặc người giúp đỡ."
                )
                % {**where, "others": others, "b": named.name}
            )
        else:
            errors.append(_("Ô %(cell)s: không có người giúp đỡ “%(m)s” trong xã.") % where)
        return None, None, errors

    def write(self, data, ctx):
        from cases import services as case_services
        from mentors import services as mentor_services
        from mentors.models import Branch, Mentor

        fields = {k: data[k] for k in self.SUBJECT_FIELDS}
        for k in ("date_of_birth", "clock_start_date"):
            fields[k] = dt.date.fromisoformat(fields[k]) if fields[k] else None
        area = ctx.area_by_pk(data["area"])
        reason = _("Nhập từ Excel: %(file)s") % {"file": ctx.file_name}
        case = case_services.list_subject(actor=ctx.actor, area=area, reason=reason[:200], **fields)
        if data.get("mentor"):
            mentor_services.assign_case(
                case,
                actor=ctx.actor,
                branch=Branch.objects.get(pk=data["branch"]),
                mentor=Mentor.objects.get(pk=data["mentor"]),
                reason=reason[:200],
            )
        return case.pk


KINDS: dict[str, Kind] = {k.key: k for k in (AreasKind(), CommitteesKind(), BranchesKind(), MentorsKind(), PeopleKind())}
