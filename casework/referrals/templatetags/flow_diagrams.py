"""``{% flow_diagrams case %}``: the diagram of each referral or response flow of
a case, for the case page (the page has already checked that the user sees the
case). Each flow's section has a heading of its own: the referral's deadline,
or the body that referred the matter, and a number where two would read the
same."""

from collections import Counter

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.referrals.diagram import diagram
from casework.referrals.processes import ReferralProcess, ResponseProcess

register = template.Library()


def _title(process) -> str:
    if isinstance(process, ReferralProcess):
        deadline = date_format(process.referral.response_deadline)
        return _("Referral, respond by %(date)s") % {"date": deadline}
    sender = process.recipient.referral.case.organisation
    return _("Response to the referral from %(sender)s") % {"sender": sender}


def _distinct(titles: list[str]) -> list[str]:
    """Number the titles that would otherwise read the same."""
    repeated = {title for title, count in Counter(titles).items() if count > 1}
    seen = Counter()
    numbered = []
    for title in titles:
        if title in repeated:
            seen[title] += 1
            title = f"{title} ({seen[title]})"
        numbered.append(title)
    return numbered


@register.inclusion_tag("referrals/includes/flow_diagrams.html")
def flow_diagrams(case):
    processes = list(
        ReferralProcess.objects.filter(referral__case=case)
        .select_related("referral")
        .order_by("pk")
    ) + list(
        ResponseProcess.objects.filter(recipient__committee_case=case).select_related(
            "recipient__referral__case__organisation"
        )
    )
    diagrams = [diagram(process) for process in processes]
    titles = _distinct([_title(process) for process in processes])
    for shown, title in zip(diagrams, titles, strict=True):
        shown["title"] = title
    return {"diagrams": diagrams}
