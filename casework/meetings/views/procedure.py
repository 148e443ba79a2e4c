"""The secretary's pages for the decision procedure's rules: tabling or
referral back on request (R11), the chair's refusal to put a motion and the
council overruling it (R12), a dissenting opinion under FL 30 § and the
dispatch of the decision that ends the time for it (R21)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from casework.directory.models import Person
from casework.meetings import forms
from casework.meetings.council_forms import UnanimousConsentForm
from casework.meetings.models import MotionRefusal
from casework.meetings.services import council, procedure
from casework.meetings.views.common import form_page, posted, require_get_or_post
from casework.meetings.views.items import item_context, kept_item, taking_part


@login_required
@require_get_or_post
def item_postpone(request, pk):
    item = kept_item(request, pk)
    council = procedure.is_council(item)
    notes = [_("In a committee, tabling needs a simple majority (KL 6 kap. 33 §).")]
    if council:
        notes = [
            _(
                "One third of the members present can force tabling or referral back "
                "once; a second time for the same case needs a simple majority (KL 5 "
                "kap. 50–51 §§)."
            ),
            _("Members present: %(present)s; one third is %(needed)s.")
            % {
                "present": procedure.members_present(item),
                "needed": procedure.one_third(procedure.members_present(item)),
            },
        ]
    form = forms.PostponementForm(
        *posted(request), participants=taking_part(item), minority_right=council
    )
    return form_page(
        request,
        form,
        partial(procedure.postpone_on_request, item=item),
        message=_("The item was tabled or referred back."),
        done=item,
        context=item_context(item, _("Table or refer back"), _("Record"), notes=notes),
    )


@login_required
@require_get_or_post
def motion_refuse(request, pk):
    item = kept_item(request, pk)
    motions = item.motions.filter(refusal__isnull=True, votes__isnull=True)
    return form_page(
        request,
        forms.MotionRefusalForm(
            *posted(request), motions=motions.select_related("mover__person")
        ),
        procedure.refuse_motion,
        message=_("The chair's refusal to put the motion was recorded."),
        done=item,
        context=item_context(
            item,
            _("The chair refuses to put a motion"),
            _("Record the refusal"),
            notes=[
                _(
                    "The chair must refuse to put a motion that raises a new matter "
                    "and may refuse an unlawful one; a refused motion cannot be put "
                    "to the question (KL 5 kap. 57 §)."
                )
            ],
        ),
    )


@login_required
@require_get_or_post
def refusal_overrule(request, pk):
    item = kept_item(request, pk)
    refusals = MotionRefusal.objects.filter(
        motion__item=item, overruled_at__isnull=True
    ).select_related("motion__mover__person")
    return form_page(
        request,
        forms.OverruleRefusalForm(*posted(request), refusals=refusals),
        procedure.overrule_refusal,
        message=_("The council's decision to put the motion was recorded."),
        done=item,
        context=item_context(
            item,
            _("The council overrules its chair"),
            _("Record the decision"),
            notes=[
                _(
                    "The council can decide that a motion its chair refused as "
                    "unlawful be put; a new matter cannot be put (KL 5 kap. 57 §)."
                )
            ],
        ),
    )


def _people_for_dissent():
    """Everyone in the directory: members and officers alike may have taken part
    in the final handling (FL 30 §); the service checks the capacity."""
    return Person.objects.order_by("last_name", "first_name")


@login_required
@require_get_or_post
def dissent_record(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.DissentForm(*posted(request), people=_people_for_dissent()),
        partial(procedure.record_dissent, item=item),
        message=_("The dissenting opinion was recorded."),
        done=item,
        context=item_context(
            item,
            _("Record a dissenting opinion"),
            _("Record"),
            notes=[
                _(
                    "Whoever took part in the final handling, the rapporteur "
                    "included, may have a dissenting opinion recorded before the "
                    "decision is dispatched (FL 30 §)."
                )
            ],
        ),
    )


@login_required
@require_get_or_post
def decision_dispatch(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.ConfirmForm(*posted(request), reason="decision dispatched"),
        partial(procedure.dispatch_decision, item=item),
        message=_("The decision was recorded as dispatched."),
        done=item,
        context=item_context(
            item,
            _("Dispatch the decision"),
            _("Record the dispatch"),
            notes=[
                _(
                    "Once the decision is dispatched, no dissenting opinion can be "
                    "recorded (FL 30 §)."
                )
            ],
        ),
    )


@login_required
@require_get_or_post
def item_unanimous_consent(request, pk):
    """The council decides unanimously to handle a matter not announced (R10)."""
    item = kept_item(request, pk)
    present = item.meeting.participants.filter(present=True, serving=True)
    form = UnanimousConsentForm(
        *posted(request),
        present=present.select_related("person", "party").order_by(
            "person__last_name", "person__first_name"
        ),
    )
    return form_page(
        request,
        form,
        partial(council.record_unanimous_consent, item=item),
        message=_("The unanimous decision to handle the matter was recorded."),
        done=item,
        context=item_context(
            item,
            _("Handle an unannounced matter"),
            _("Record that all present agreed"),
            notes=[
                _(
                    "The matter was not announced. The council may handle it only if "
                    "all members present agree (KL 5 kap. 15 §). Those present are "
                    "kept on the record: %(count)s."
                )
                % {"count": present.count()}
            ],
        ),
    )
