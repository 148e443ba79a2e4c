"""``{% flow_diagrams case %}``: the diagram of each referral or response flow of
a case, for the case page (the page has already checked that the user sees the
case)."""

from django import template

from casework.referrals.diagram import diagram
from casework.referrals.processes import ReferralProcess, ResponseProcess

register = template.Library()


@register.inclusion_tag("referrals/includes/flow_diagrams.html")
def flow_diagrams(case):
    processes = list(
        ReferralProcess.objects.filter(referral__case=case).order_by("pk")
    ) + list(ResponseProcess.objects.filter(recipient__committee_case=case))
    return {"diagrams": [diagram(process) for process in processes]}
