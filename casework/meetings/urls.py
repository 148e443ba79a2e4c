from django.urls import path

from casework.meetings.views import (
    board,
    council_business,
    delegation_order,
    items,
    meetings,
    minutes,
    paragraphs,
    printed,
    procedure,
    statements,
)

app_name = "meetings"

urlpatterns = [
    # meetings
    path("sammantraden/", meetings.meeting_list, name="meeting_list"),
    path("sammantraden/nytt/", meetings.meeting_create, name="meeting_create"),
    path("sammantraden/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path(
        "sammantraden/<int:pk>/kallelse/",
        meetings.meeting_send_notice,
        name="meeting_send_notice",
    ),
    path(
        "sammantraden/<int:pk>/deltagare/",
        meetings.participant_add,
        name="participant_add",
    ),
    path("sammantraden/<int:pk>/oppna/", meetings.meeting_open, name="meeting_open"),
    path(
        "sammantraden/<int:pk>/narvaro/",
        meetings.attendance_change,
        name="attendance_change",
    ),
    path("sammantraden/<int:pk>/punkter/ny/", meetings.item_create, name="item_create"),
    path(
        "sammantraden/<int:pk>/avsluta/", meetings.meeting_close, name="meeting_close"
    ),
    # minutes and notice
    path(
        "sammantraden/<int:pk>/protokoll/",
        minutes.minutes_detail,
        name="minutes_detail",
    ),
    path(
        "sammantraden/<int:pk>/protokoll/utskrift/",
        printed.minutes_print,
        name="minutes_print",
    ),
    path(
        "sammantraden/<int:pk>/protokoll/pdf/",
        printed.minutes_pdf,
        name="minutes_pdf",
    ),
    path(
        "sammantraden/<int:pk>/protokoll/upprata/",
        minutes.minutes_create,
        name="minutes_create",
    ),
    path(
        "sammantraden/<int:pk>/protokoll/justera/",
        minutes.minutes_approve,
        name="minutes_approve",
    ),
    path(
        "sammantraden/<int:pk>/protokoll/justering-pa-papper/",
        minutes.minutes_paper_signature,
        name="minutes_paper_signature",
    ),
    path("sammantraden/<int:pk>/anslag/", minutes.notice_detail, name="notice_detail"),
    path(
        "sammantraden/<int:pk>/anslag/nytt/",
        minutes.notice_create,
        name="notice_create",
    ),
    # agenda items (§)
    path("punkter/<int:pk>/", items.item_detail, name="item_detail"),
    path("punkter/<int:pk>/oppna/", items.item_open, name="item_open"),
    path(
        "punkter/<int:pk>/jav-och-avstaende/",
        items.item_declaration,
        name="item_declaration",
    ),
    path("punkter/<int:pk>/yrkanden/nytt/", items.motion_create, name="motion_create"),
    path("punkter/<int:pk>/votering/ny/", items.vote_create, name="vote_create"),
    path("punkter/<int:pk>/beslut/", items.item_decide, name="item_decide"),
    path(
        "punkter/<int:pk>/bordlaggning/",
        procedure.item_postpone,
        name="item_postpone",
    ),
    path(
        "punkter/<int:pk>/enhalligt-beslut/",
        procedure.item_unanimous_consent,
        name="item_unanimous_consent",
    ),
    path(
        "punkter/<int:pk>/yrkanden/vagran/",
        procedure.motion_refuse,
        name="motion_refuse",
    ),
    path(
        "punkter/<int:pk>/yrkanden/vagran/upphav/",
        procedure.refusal_overrule,
        name="refusal_overrule",
    ),
    path(
        "punkter/<int:pk>/avvikande-mening/ny/",
        procedure.dissent_record,
        name="dissent_record",
    ),
    path(
        "punkter/<int:pk>/expediera/",
        procedure.decision_dispatch,
        name="decision_dispatch",
    ),
    path("punkter/<int:pk>/utdrag/", items.extract_detail, name="extract_detail"),
    path(
        "punkter/<int:pk>/utdrag/utskrift/",
        printed.extract_print,
        name="extract_print",
    ),
    path("punkter/<int:pk>/utdrag/pdf/", printed.extract_pdf, name="extract_pdf"),
    path(
        "punkter/<int:pk>/utdrag/diariefor/",
        items.extract_file,
        name="extract_file",
    ),
    path(
        "punkter/<int:pk>/reservationer/ny/",
        items.statement_announce,
        name="statement_announce",
    ),
    path(
        "punkter/<int:pk>/justera-omedelbart/",
        paragraphs.paragraph_approve,
        name="paragraph_approve",
    ),
    path(
        "punkter/<int:pk>/anslag/",
        paragraphs.paragraph_notice_create,
        name="paragraph_notice_create",
    ),
    path(
        "punkter/<int:pk>/verkstallighet/",
        paragraphs.execution_create,
        name="execution_create",
    ),
    # the public notice board and its downtime
    path("anslagstavla/", board.notice_board, name="notice_board"),
    path(
        "anslagstavla/anslag/<int:pk>/ta-ned/",
        board.notice_take_down,
        name="notice_take_down",
    ),
    path(
        "anslagstavla/driftavbrott/nytt/",
        board.outage_create,
        name="outage_create",
    ),
    path(
        "anslagstavla/driftavbrott/<int:pk>/slut/",
        board.outage_end,
        name="outage_end",
    ),
    # delegated decisions
    path(
        "delegationsbeslut/",
        board.delegated_decision_list,
        name="delegated_decision_list",
    ),
    path(
        "delegationsbeslut/nytt/",
        board.delegated_decision_create,
        name="delegated_decision_create",
    ),
    path(
        "delegationsbeslut/protokoll/nytt/",
        board.delegation_protocol_create,
        name="delegation_protocol_create",
    ),
    path(
        "delegationsbeslut/protokoll/<int:pk>/",
        board.delegation_protocol_detail,
        name="delegation_protocol_detail",
    ),
    path(
        "delegationsbeslut/protokoll/<int:pk>/anslag/",
        board.delegation_notice_create,
        name="delegation_notice_create",
    ),
    # the delegation order (R46, R47)
    path(
        "delegationsordningar/",
        delegation_order.delegation_order_list,
        name="delegation_order_list",
    ),
    path(
        "delegationsordningar/ny/",
        delegation_order.delegation_order_create,
        name="delegation_order_create",
    ),
    path(
        "delegationsordningar/<int:pk>/",
        delegation_order.delegation_order_detail,
        name="delegation_order_detail",
    ),
    path(
        "delegationsordningar/<int:pk>/punkter/ny/",
        delegation_order.delegation_point_create,
        name="delegation_point_create",
    ),
    path(
        "delegationsordningar/punkter/<int:pk>/",
        delegation_order.delegation_point_edit,
        name="delegation_point_edit",
    ),
    path(
        "delegationsordningar/<int:pk>/anta/",
        delegation_order.delegation_order_adopt,
        name="delegation_order_adopt",
    ),
    # urgent decisions of the chair (R48)
    path(
        "ordforandebeslut/",
        council_business.chair_decision_list,
        name="chair_decision_list",
    ),
    path(
        "ordforandebeslut/nytt/",
        council_business.chair_decision_create,
        name="chair_decision_create",
    ),
    # motions and citizens' proposals (R41)
    path("motioner/", council_business.council_motion_list, name="council_motion_list"),
    path(
        "arenden/<int:case_pk>/motion/",
        council_business.council_motion_create,
        name="council_motion_create",
    ),
    path(
        "motioner/<int:pk>/beredning/",
        council_business.council_motion_report,
        name="council_motion_report",
    ),
    # reservations and special statements
    path("reservationer/", statements.statement_workspace, name="statement_workspace"),
    path(
        "reservationer/<int:pk>/",
        statements.statement_detail,
        name="statement_detail",
    ),
    path(
        "reservationer/<int:pk>/skriv/",
        statements.statement_write,
        name="statement_write",
    ),
    path(
        "reservationer/<int:pk>/medundertecknare/",
        statements.statement_cosign,
        name="statement_cosign",
    ),
    path(
        "reservationer/<int:pk>/lamna-in/",
        statements.statement_submit,
        name="statement_submit",
    ),
]
