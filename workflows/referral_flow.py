"""SupportReferralFlow: sent → labour officer triage → record outcome → follow-up → end.

The referral's own status lives in support (support.services); this flow mirrors it as
viewflow tasks assigned (`.Assign()`) to one officer of the receiving office (the referral's
officer). The receiving office is every active labour officer of the referral's commune: the
inbox queue registered below shows the open tasks to all of them, and whoever acts takes the
task (ReferralFlowDriver.step_done). The tasks' views redirect to the referral page, whose
actions call the support services; those tell the flow (through the driver registered below)
that a step is done. Ending early (declined, withdrawn, closed without follow-up) cancels the process.
"""

from __future__ import annotations

from django.shortcuts import redirect
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.status import PROCESS, STATUS

from support.models import ReferralStatus
from workflows.models import ReferralProcess


def referral_task_view(request, **kwargs):
    """Every task of the flow is done on the referral page (support's own screens)."""
    return redirect("support:detail", pk=request.activation.process.referral_id)


class SupportReferralFlow(flow.Flow):
    """Đề nghị hỗ trợ

    Cán bộ lao động - xã hội tiếp nhận, ghi kết quả và theo dõi sau hỗ trợ."""

    process_class = ReferralProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.begin).Next(this.triage)
    triage = flow.View(referral_task_view).Assign(this.officer).Next(this.check_accepted)
    check_accepted = (
        flow.If(lambda act: act.process.referral.status != ReferralStatus.DECLINED).Then(this.outcome).Else(this.end)
    )
    outcome = flow.View(referral_task_view).Assign(this.officer).Next(this.follow_up)
    follow_up = flow.View(referral_task_view).Assign(this.officer).Next(this.end)
    end = flow.End()

    def begin(self, activation, referral):
        activation.process.referral = referral
        activation.process.save()
        return activation.process

    def officer(self, activation):
        return activation.process.referral.officer


STEP_NODES = {"triage": "triage", "outcome": "outcome", "follow_up": "follow_up"}
OFFICE_NODES = (SupportReferralFlow.triage, SupportReferralFlow.outcome, SupportReferralFlow.follow_up)


class ReferralFlowDriver:
    """Keeps the viewflow process in step with the referral (see support.services)."""

    def started(self, referral, *, actor) -> None:
        SupportReferralFlow.start.run(referral=referral)

    def _process(self, referral):
        return ReferralProcess.objects.filter(referral=referral).first()

    def step_done(self, referral, step: str, *, actor) -> None:
        process = self._process(referral)
        if process is None:
            return
        node = getattr(SupportReferralFlow, STEP_NODES[step])
        task = process.task_set.filter(flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]).first()
        if task is None:
            return
        with task.activation() as activation:
            if task.owner_id != actor.pk and actor.is_active and not actor.is_system:
                task.owner = actor  # whoever of the office acted takes the task
                task.save(update_fields=["owner"])
            if activation.status == STATUS.ASSIGNED:
                activation.start(None)
            activation.execute()

    def ended(self, referral, *, actor) -> None:
        process = self._process(referral)
        if process is None or process.status != PROCESS.NEW:
            return
        SupportReferralFlow.instance.cancel(process)


def register() -> None:
    from support import services
    from workflows import inbox

    services.register_flow_driver(ReferralFlowDriver())
    inbox.register_flow(SupportReferralFlow, describe_referral_tasks, queue=office_queue)


def office_queue(user):
    """The open referral tasks of the user's labour office(s): those of referrals sent to a
    commune where the user is an active labour officer, whoever the task is assigned to.
    A condition on the task query (a subquery on the processes), no query of its own beyond
    the user's scope, which the request has already loaded."""
    from django.db.models import Q

    from accounts.selectors import user_scope

    communes = user_scope(user).labour_commune_ids
    if not communes:
        return None
    processes = ReferralProcess.objects.filter(referral__commune_id__in=communes).values("pk")
    return Q(flow_task__in=list(OFFICE_NODES), process_id__in=processes)


def describe_referral_tasks(tasks: list):
    """Inbox lines for the referral flow: need-to-know only (name, commune, type), since the
    owner is a labour officer. One query for the processes, one for open follow-ups."""
    from django.db.models import Prefetch
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from support.models import FollowUp
    from workflows.inbox import TaskInfo

    processes = {
        p.pk: p
        for p in ReferralProcess.objects.filter(pk__in={t.process_id for t in tasks})
        .select_related("referral__case__subject", "referral__commune")
        .prefetch_related(Prefetch("referral__follow_ups", queryset=FollowUp.objects.filter(done_at__isnull=True).order_by("due_date")))
    }
    titles = {
        SupportReferralFlow.triage: _("Tiếp nhận đề nghị hỗ trợ"),
        SupportReferralFlow.outcome: _("Ghi kết quả hỗ trợ"),
        SupportReferralFlow.follow_up: _("Theo dõi sau hỗ trợ"),
    }
    out = {}
    for task in tasks:
        process = processes.get(task.process_id)
        if process is None:
            continue
        referral = process.referral
        follow_ups = list(referral.follow_ups.all())
        out[task.pk] = TaskInfo(
            title=f"{titles.get(task.flow_task, _('Đề nghị hỗ trợ'))}: {referral.get_type_display()}",
            subtitle=f"{referral.case.subject.full_name} · {referral.commune}",
            url=reverse("support:detail", args=[referral.pk]),
            due_on=follow_ups[0].due_date if task.flow_task == SupportReferralFlow.follow_up and follow_ups else None,
        )
    return out
