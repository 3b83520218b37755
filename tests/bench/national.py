"""A national-scale dataset generated in SQL (generate_series, INSERT … SELECT), and the
command line that builds it into an empty, migrated PostgreSQL database:

    DATABASE_URL=postgres://…/dong_hanh_bench .venv/bin/python -m tests.bench.national --cases 1000000

The places are national: 34 provinces, 3,321 communes, 99,630 khu dân cư (30 per commune).
Per khu dân cư: one branch, one mentor with an account, one front committee with its head.
Per commune: a commune front officer, a police officer and a labour officer.

Cases (`--cases`, e.g. 10,000 or 1,000,000): 70 % in the mentoring states (assigned,
in_review, supported), 5 % identified, 5 % escalated, 20 % ended. Each has its events
(≈3.5), its assignment, visits every 45 days (≤ 4), one history row per case and subject,
one access-log row; referrals for the supported cases (open) and some others (closed); the
quarter 2026Q3 reviewed for every case in the mentoring states with its viewflow process and
tasks (start, draft, decide: done; 5 % still at the draft, open), so the task table holds
about three done tasks per active case, as after a past quarter.

The benchmark users live in commune 1 (province 1), whose data is the SAME at every size
(300 cases, 10 of them with the mentor of khu dân cư 1, a few open referrals): comparing two
sizes then measures what the rest of the country costs the same user, nothing else.
"""

from __future__ import annotations

import argparse
import os
import time

PROVINCES, COMMUNES, AREAS_PER = 34, 3321, 30
AREAS = COMMUNES * AREAS_PER
BENCH_CASES = 300  # the cases of commune 1, the same at every size

# user ids
ADMIN, PROVINCE_OFFICER, SYSTEM = 1, 2, 3
MENTOR_USER, HEAD_USER = 1_000, 200_000  # + area id
FRONT_USER, POLICE_USER, LABOUR_USER = 400_000, 410_000, 420_000  # + commune id


def bench_user_ids() -> dict[str, int]:
    """The users the page benchmark signs in as (all in commune 1 / khu dân cư 1)."""
    return {
        "mentor": MENTOR_USER + 1,
        "committee_head": HEAD_USER + 1,
        "commune_front": FRONT_USER + 1,
        "commune_police": POLICE_USER + 1,
        "labour_officer": LABOUR_USER + 1,
        "province_officer": PROVINCE_OFFICER,
        "admin": ADMIN,
    }


def _plain(array_sql: str) -> str:
    """The same ARRAY[...] literal with each name normalised as cases.search does."""
    import re

    from areas.search import normalise

    return re.sub(r"'([^']*)'", lambda m: "'" + normalise(m[1]) + "'", array_sql)


def _statements(n: int) -> list[tuple[str, str]]:
    from viewflow.workflow.models import Process, Task

    from workflows.review_flow import QuarterlyReviewFlow as F

    flow_class = Process._meta.get_field("flow_class").get_prep_value(F)
    ref = Task._meta.get_field("flow_task").get_prep_value
    start, draft, decide = ref(F.start), ref(F.draft), ref(F.decide)
    # area of case g: commune 1's 30 khu dân cư for the bench cases, the rest of the country otherwise
    area = f"(CASE WHEN g <= {BENCH_CASES} THEN 1 + (g - 1) % {AREAS_PER} ELSE {AREAS_PER + 1} + g % {AREAS - AREAS_PER} END)"
    commune_of = f"(1 + ({{a}} - 1) / {AREAS_PER})"
    # status by g % 20: 0-9 in_review, 10-12 assigned, 13 supported, 14 identified, 15 escalated, 16-17 graduated, 18-19 closed
    status = (
        "(CASE WHEN g % 20 < 10 THEN 'in_review' WHEN g % 20 < 13 THEN 'assigned' WHEN g % 20 = 13 THEN 'supported' "
        "WHEN g % 20 = 14 THEN 'identified' WHEN g % 20 = 15 THEN 'escalated' WHEN g % 20 < 18 THEN 'graduated' ELSE 'closed' END)"
    )
    opened = "(TIMESTAMPTZ '2024-01-01 09:00+07' + ((g * 7) % 900) * INTERVAL '1 day')"
    surnames = "(ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý'])"
    given = (
        "(ARRAY['An','Bình','Cường','Dũng','Giang','Hà','Hải','Hùng','Khánh','Lan','Minh','Nam','Phúc','Quang','Sơn','Thảo','Tuấn','Việt'])"
    )
    mid = "(ARRAY['Văn','Thị','Đức','Minh','Thanh','Ngọc'])"
    user_cols = (
        "id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, full_name, phone, is_system, "
        "must_change_password"
    )
    users = (
        f"INSERT INTO accounts_user ({user_cols}) SELECT {{id}}, '!', false, {{username}}, '', '', '', false, true, "
        f"now(), {{name}}, '', false, false FROM generate_series(1, {{count}}) g"
    )
    member = "INSERT INTO accounts_membership (user_id, role, province_id, commune_id, area_id, is_active, created_at) "
    return [
        (
            "places",
            f"""
        INSERT INTO areas_province (id, code, name, legacy_code)
          SELECT g, lpad(g::text, 2, '0'), 'Tỉnh ' || g, '' FROM generate_series(1, {PROVINCES}) g;
        INSERT INTO areas_commune (id, province_id, code, name, kind, legacy_code)
          SELECT g, 1 + (g - 1) % {PROVINCES}, lpad(g::text, 5, '0'), 'Xã ' || g, (ARRAY['xa','phuong'])[1 + g % 2], ''
          FROM generate_series(1, {COMMUNES}) g;
        INSERT INTO areas_residentialarea (id, commune_id, code, name, kind, legacy_code, search_text)
          SELECT g, {commune_of.format(a="g")}, 'K' || lpad(g::text, 6, '0'), 'Thôn ' || g, 'thon', '', ' thon ' || g
          FROM generate_series(1, {AREAS}) g;""",
        ),
        (
            "users",
            f"""
        {users.format(id="g", username="'admin'", name="'Quản trị'", count=1)};
        {users.format(id="2", username="'tinh1'", name="'Cán bộ tỉnh 1'", count=1)};
        INSERT INTO accounts_user ({user_cols}) VALUES ({SYSTEM}, '!', false, 'system', '', '', '', false, true, now(), 'Hệ thống', '', true, false);
        {users.format(id=f"{MENTOR_USER} + g", username="'mentor' || g", name=f"{surnames}[1 + g % 16] || ' Văn ' || {given}[1 + g % 18]", count=AREAS)};
        {users.format(id=f"{HEAD_USER} + g", username="'head' || g", name="'Trưởng ban ' || g", count=AREAS)};
        {users.format(id=f"{FRONT_USER} + g", username="'front' || g", name="'Cán bộ MTTQ ' || g", count=COMMUNES)};
        {users.format(id=f"{POLICE_USER} + g", username="'police' || g", name="'Công an xã ' || g", count=COMMUNES)};
        {users.format(id=f"{LABOUR_USER} + g", username="'labour' || g", name="'Cán bộ LĐXH ' || g", count=COMMUNES)};
        {member} VALUES ({ADMIN}, 'admin', NULL, NULL, NULL, true, now()), ({PROVINCE_OFFICER}, 'province_officer', 1, NULL, NULL, true, now());
        {member} SELECT {MENTOR_USER} + g, 'mentor', NULL, {commune_of.format(a="g")}, NULL, true, now() FROM generate_series(1, {AREAS}) g;
        {member} SELECT {HEAD_USER} + g, 'committee_head', NULL, NULL, g, true, now() FROM generate_series(1, {AREAS}) g;
        {member} SELECT {FRONT_USER} + g, 'commune_front', NULL, g, NULL, true, now() FROM generate_series(1, {COMMUNES}) g;
        {member} SELECT {POLICE_USER} + g, 'commune_police', NULL, g, NULL, true, now() FROM generate_series(1, {COMMUNES}) g;
        {member} SELECT {LABOUR_USER} + g, 'labour_officer', NULL, g, NULL, true, now() FROM generate_series(1, {COMMUNES}) g;""",
        ),
        (
            "organisations",
            f"""
        INSERT INTO mentors_branch (id, commune_id, area_id, organisation, kind, name, is_active)
          SELECT g, {commune_of.format(a="g")}, g, 'women', 'chi_hoi', 'Chi hội phụ nữ thôn ' || g, true FROM generate_series(1, {AREAS}) g;
        INSERT INTO mentors_mentor (id, full_name, kind, commune_id, branch_id, user_id, phone, title, is_active)
          SELECT g, {surnames}[1 + g % 16] || ' Văn ' || {given}[1 + g % 18], 'branch_member', {commune_of.format(a="g")}, g,
            {MENTOR_USER} + g, '', '', true FROM generate_series(1, {AREAS}) g;
        INSERT INTO mentors_frontcommittee (area_id, head_id) SELECT g, {HEAD_USER} + g FROM generate_series(1, {AREAS}) g;""",
        ),
        (
            "subjects",
            f"""
        INSERT INTO cases_subject (id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category,
            offence_summary, sentence_details, classification, created_at, main_penalty, additional_penalty, offence_gravity,
            expungement_override_reason, category_needs_check, search_text)
          SELECT g, {surnames}[1 + g % 16] || ' ' || {mid}[1 + g % 6] || ' ' || {given}[1 + (g / 16) % 18],
            DATE '1975-01-01' + (g % 12000), (ARRAY['male','male','female'])[1 + g % 3], lpad(g::text, 12, '0'), {area}, '', '',
            (ARRAY['prison_released','probation','commune_education','institution_returnee','at_risk'])[1 + g % 5],
            'Trộm cắp tài sản', '', (ARRAY['A','B','C','D',''])[1 + g % 5], {opened}, '', '', '', '', false,
            -- what cases.search.subject_search_text writes: normalised name, khu dân cư, identity number
            ' ' || {_plain(surnames)}[1 + g % 16] || ' ' || {_plain(mid)}[1 + g % 6] || ' ' || {_plain(given)}[1 + (g / 16) % 18]
              || ' thon ' || {area} || ' ' || lpad(g::text, 12, '0')
          FROM generate_series(1, {n}) g;""",
        ),
        (
            "cases",
            f"""
        INSERT INTO cases_case (id, subject_id, area_id, commune_id, status, opened_at, opened_by_id, mentor_user_id, assigned_at,
            closed_at, close_reason, graduation_basis, revision, graduation_rule)
          SELECT g, g, a, {commune_of.format(a="a")}, s, o, {FRONT_USER} + {commune_of.format(a="a")},
            CASE WHEN s IN ('assigned','in_review','supported','escalated') THEN {MENTOR_USER} + a END,
            CASE WHEN s <> 'identified' THEN o + INTERVAL '10 days' END,
            CASE WHEN s IN ('graduated','closed') THEN o + INTERVAL '200 days' END,
            CASE WHEN s = 'closed' THEN (ARRAY['moved','reimprisoned','term_ended'])[1 + g % 3] ELSE '' END,
            CASE WHEN s = 'graduated' THEN 'progress' ELSE '' END, 3, ''
          FROM (SELECT g, {area} AS a, {status} AS s, {opened} AS o FROM generate_series(1, {n}) g) x;""",
        ),
        (
            "events",
            """
        INSERT INTO cases_caseevent (case_id, actor_id, transition, from_state, to_state, reason, data, created_at)
          SELECT id, opened_by_id, 'create', '', 'identified', '', '{}'::jsonb, opened_at FROM cases_case
          UNION ALL SELECT id, opened_by_id, 'assign', 'identified', 'assigned', '', '{}'::jsonb, assigned_at FROM cases_case WHERE assigned_at IS NOT NULL
          UNION ALL SELECT id, mentor_user_id, 'start_mentoring', 'assigned', 'in_review', '', '{}'::jsonb, opened_at + INTERVAL '30 days'
            FROM cases_case WHERE status IN ('in_review','supported','escalated','graduated','closed')
          UNION ALL SELECT id, mentor_user_id, 'refer', 'in_review', 'supported', '', '{}'::jsonb, opened_at + INTERVAL '60 days'
            FROM cases_case WHERE status = 'supported'
          UNION ALL SELECT id, opened_by_id, 'escalate', 'in_review', 'escalated', 'Vi phạm', '{}'::jsonb, opened_at + INTERVAL '90 days'
            FROM cases_case WHERE status = 'escalated'
          UNION ALL SELECT id, opened_by_id, CASE status WHEN 'graduated' THEN 'graduate' ELSE 'close' END, 'in_review', status, '', '{}'::jsonb, closed_at
            FROM cases_case WHERE status IN ('graduated','closed');""",
        ),
        (
            "assignments and visits",
            f"""
        INSERT INTO mentors_assignment (case_id, branch_id, mentor_id, started_at, ended_at, assigned_by_id)
          SELECT id, area_id, area_id, assigned_at, closed_at, opened_by_id FROM cases_case WHERE assigned_at IS NOT NULL;
        INSERT INTO mentors_visit (case_id, mentor_id, recorded_by_id, visited_at, mode, place, present, work_study, family_community,
            health, substance_use, compliance, support_needs, notes, sensitive_note, created_at)
          SELECT a.case_id, a.mentor_id, {MENTOR_USER} + a.mentor_id, a.started_at + k * INTERVAL '45 days', 'home', '', '', 'Làm ruộng',
            '', '', '', '', '', '', '', a.started_at + k * INTERVAL '45 days'
          FROM mentors_assignment a CROSS JOIN generate_series(0, 3) k
          WHERE a.started_at + k * INTERVAL '45 days' < COALESCE(a.ended_at, TIMESTAMPTZ '2026-11-25');""",
        ),
        (
            "history and access log",
            """
        INSERT INTO cases_historicalsubject (id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category,
            offence_summary, sentence_details, classification, created_at, main_penalty, additional_penalty, offence_gravity,
            expungement_override_reason, category_needs_check, history_date, history_change_reason, history_type, history_user_id)
          SELECT id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category, offence_summary,
            sentence_details, classification, created_at, '', '', '', '', false, created_at, 'Lập hồ sơ', '+', NULL
          FROM cases_subject;
        INSERT INTO cases_historicalcase (id, subject_id, area_id, commune_id, status, opened_at, opened_by_id, mentor_user_id, assigned_at,
            closed_at, close_reason, graduation_basis, revision, graduation_rule, history_date, history_change_reason, history_type,
            history_user_id)
          SELECT id, subject_id, area_id, commune_id, 'identified', opened_at, opened_by_id, NULL, NULL, NULL, '', '', 0, '', opened_at,
            'Lập hồ sơ', '+', opened_by_id FROM cases_case
          UNION ALL SELECT id, subject_id, area_id, commune_id, status, opened_at, opened_by_id, mentor_user_id, assigned_at, closed_at,
            close_reason, graduation_basis, revision, '', COALESCE(closed_at, assigned_at, opened_at), 'Cập nhật', '~', opened_by_id
            FROM cases_case WHERE status <> 'identified';
        INSERT INTO cases_accesslog (user_id, roles, case_id, action, reason, ip_address, at)
          SELECT opened_by_id, 'commune_front', id, 'view', '', '10.0.0.1', opened_at + INTERVAL '1 day' FROM cases_case;""",
        ),
        (
            "referrals",
            f"""
        INSERT INTO support_referral (case_id, commune_id, type, status, needs, skills, loan_purpose, referred_by_id, officer_id,
            decline_reason, withdraw_reason, close_note, created_at, sent_at, decided_at, ended_at)
          SELECT id, commune_id, (ARRAY['job','training','loan','paperwork'])[1 + (id / 20) % 4],
            CASE WHEN status = 'supported' THEN (ARRAY['sent','accepted'])[1 + (id / 20) % 2] ELSE 'closed' END,
            'Cần việc làm', '', '', mentor_user_id, CASE WHEN status = 'supported' AND (id / 20) % 2 = 1 THEN {LABOUR_USER} + commune_id END,
            '', '', '', opened_at + INTERVAL '60 days', opened_at + INTERVAL '60 days',
            CASE WHEN status <> 'supported' OR (id / 20) % 2 = 1 THEN opened_at + INTERVAL '65 days' END,
            CASE WHEN status <> 'supported' THEN opened_at + INTERVAL '120 days' END
          FROM cases_case WHERE status = 'supported' OR (status = 'in_review' AND id % 100 = 1);""",
        ),
        (
            "reviews 2026Q3",
            """
        INSERT INTO cases_quarterlyreview (id, case_id, quarter, rating, status, approved_at, due_on, opened_at, contacts_count, work,
            family_ties, compliance, support_needs, narrative, recommendation, drafted_by_id, drafted_at, decision, outcome,
            decision_comment, decided_by_id, decided_at, revision_count)
          SELECT row_number() OVER (ORDER BY c.id), c.id, '2026Q3', CASE WHEN open THEN '' ELSE 'progressing' END,
            CASE WHEN open THEN 'draft' ELSE 'approved' END, CASE WHEN open THEN NULL ELSE TIMESTAMPTZ '2026-10-05 10:00+07' END,
            DATE '2026-10-15', TIMESTAMPTZ '2026-07-01 00:05+07', 2, '', '', '', '', '', CASE WHEN open THEN '' ELSE 'continue' END,
            CASE WHEN open THEN NULL ELSE c.mentor_user_id END, CASE WHEN open THEN NULL ELSE TIMESTAMPTZ '2026-09-28 10:00+07' END,
            CASE WHEN open THEN '' ELSE 'approve' END, CASE WHEN open THEN '' ELSE 'continue' END, '',
            CASE WHEN open THEN NULL ELSE """
            + str(HEAD_USER)
            + """ + c.area_id END,
            CASE WHEN open THEN NULL ELSE TIMESTAMPTZ '2026-10-05 10:00+07' END, 0
          FROM (SELECT id, area_id, mentor_user_id, (id % 20 = 0 OR (id <= """
            + str(BENCH_CASES)
            + """ AND id % 3 = 0)) AS open
                FROM cases_case WHERE status IN ('assigned','in_review','supported')) c;""",
        ),
        (
            "review processes and tasks",
            f"""
        INSERT INTO viewflow_process (id, flow_class, status, created, finished, data)
          SELECT id, '{flow_class}', CASE WHEN status = 'draft' THEN 'NEW' ELSE 'DONE' END, opened_at,
            CASE WHEN status = 'draft' THEN NULL ELSE approved_at END, '{{}}' FROM cases_quarterlyreview;
        INSERT INTO workflows_reviewprocess (process_ptr_id, case_id, review_id) SELECT id, case_id, id FROM cases_quarterlyreview;
        INSERT INTO viewflow_task (id, process_id, flow_task, flow_task_type, status, created, started, finished, token, data, owner_id, assigned)
          SELECT q.id * 3, q.id, '{start}', 'START', 'DONE', q.opened_at, q.opened_at, q.opened_at, 'start', '{{}}'::jsonb, NULL, NULL
            FROM cases_quarterlyreview q
          UNION ALL SELECT q.id * 3 + 1, q.id, '{draft}', 'HUMAN', CASE WHEN q.status = 'draft' THEN 'ASSIGNED' ELSE 'DONE' END,
            q.opened_at, q.drafted_at, q.drafted_at, 'start', '{{}}'::jsonb, c.mentor_user_id, q.opened_at
            FROM cases_quarterlyreview q JOIN cases_case c ON c.id = q.case_id
          UNION ALL SELECT q.id * 3 + 2, q.id, '{decide}', 'HUMAN', 'DONE', q.drafted_at, q.decided_at, q.decided_at, 'start', '{{}}',
            q.decided_by_id, q.drafted_at FROM cases_quarterlyreview q WHERE q.status = 'approved';
        INSERT INTO viewflow_task_previous (from_task_id, to_task_id)
          SELECT t.id, t.id - 1 FROM viewflow_task t WHERE t.id % 3 <> 0;""",
        ),
    ]


def _reset_sequences(cursor) -> None:
    cursor.execute("""SELECT c.table_name, c.column_name FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.is_identity = 'YES'""")
    for table, column in cursor.fetchall():
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        )


def generate(n: int, *, out=print) -> float:
    """Fill the (empty, migrated) default database with `n` cases; returns the seconds taken."""
    from django.db import connection, transaction

    total = time.perf_counter()
    with connection.cursor() as cursor:
        for name, sql in _statements(n):
            started = time.perf_counter()
            with transaction.atomic():
                cursor.execute(sql)
            out(f"  {name}: {time.perf_counter() - started:.1f} s")
        _reset_sequences(cursor)
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        out(f"  vacuum analyze: {time.perf_counter() - started:.1f} s")
    return time.perf_counter() - total


def close_ends(since: str = "2026-01-01") -> None:
    """What the daily closing job (reports.period_state) has left by now: the case states at
    every period end of 2026, which the reports of closed periods group by."""
    import datetime as dt

    from reports.period_state import close_period_ends

    started = time.perf_counter()
    done = close_period_ends(since=dt.date.fromisoformat(since))
    print(f"  period ends closed: {len(done)} ({sum(c.cases for c in done):,} rows) in {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_periodstate")


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate the national benchmark dataset into DATABASE_URL (migrated, empty).")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--close-only", action="store_true", help="only close the period ends of a database generated before")
    args = parser.parse_args()
    _setup()
    if args.close_only:
        close_ends()
        return
    from django.db import connection

    seconds = generate(args.cases)
    close_ends()
    with connection.cursor() as cursor:
        # as docs/deploy.md asks of a server on SSD
        cursor.execute(f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} SET random_page_cost = 1.1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"generated {args.cases:,} cases in {seconds:.0f} s; database {size}")


if __name__ == "__main__":
    main()
