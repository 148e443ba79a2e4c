"""The floor: hand-written SQL for the same rows as the pages, no ORM.

The list is a count and the newest 50 cases with register, organisation and
officer; the detail is the case row, its documents with their current version and
confidentiality, and the history of the case and its documents. A case officer's
scope is computed in the same statement (the organisations of the user's active
staff roles, the bodies they serve, their departments, and the user's seats); an
auditor sees every case and the official documents.
"""

from django.db import connection
from django.utils import timezone

VISIBLE_ORGANISATIONS = """
WITH mine AS (
    SELECT o.id, o.serves_id
    FROM directory_staffrole r
    JOIN directory_organisation o ON o.id = r.organisation_id
    WHERE r.user_id = %s AND r.valid_from <= %s
      AND (r.valid_to IS NULL OR r.valid_to >= %s)
), served AS (
    SELECT id FROM mine
    UNION SELECT serves_id FROM mine WHERE serves_id IS NOT NULL
), visible AS (
    SELECT id FROM served
    UNION SELECT o.id FROM directory_organisation o JOIN served s ON o.serves_id = s.id
    UNION SELECT a.organisation_id
    FROM directory_assignment a
    JOIN directory_person p ON p.id = a.person_id
    WHERE p.user_id = %s AND a.valid_from <= %s
      AND (a.valid_to IS NULL OR a.valid_to >= %s)
)
"""
IN_SCOPE = " AND c.organisation_id IN (SELECT id FROM visible)"
CASE_COLUMNS = """
SELECT c.id, c.registration_number, c.title, c.status, c.registered_on,
       c.closed_on, r.code, o.name, u.first_name, u.last_name
FROM registry_case c
JOIN registry_register r ON r.id = c.register_id
JOIN directory_organisation o ON o.id = c.organisation_id
LEFT JOIN directory_user u ON u.id = c.case_officer_id
WHERE 1 = 1"""
COUNT = "SELECT COUNT(*) FROM registry_case c WHERE 1 = 1"
NEWEST = " ORDER BY c.registered_on DESC, c.id DESC LIMIT 50"
FILTERS = {"status": " AND c.status = %s", "register": " AND c.register_id = %s"}
DOCUMENTS = """
SELECT d.id, d.sequence, d.direction, d.kind, d.dated, d.counterpart,
       d.public_description, d.state, v.number, v.title,
       EXISTS (
           SELECT 1 FROM registry_confidentialitymarking m
           WHERE m.document_id = d.id AND m.lifted_on IS NULL
       ) AS confidential
FROM registry_document d
JOIN registry_documentversion v ON v.document_id = d.id AND v.number = (
    SELECT MAX(number) FROM registry_documentversion WHERE document_id = d.id
)
WHERE d.case_id = %s"""
OFFICIAL = " AND d.state = 'official'"
BY_SEQUENCE = " ORDER BY d.sequence"
HISTORY = """
SELECT h.history_date, h.history_type, h.history_change_reason, h.status,
       u.first_name, u.last_name
FROM registry_historicalcase h
LEFT JOIN directory_user u ON u.id = h.history_user_id
WHERE h.id = %s
UNION ALL
SELECT h.history_date, h.history_type, h.history_change_reason, h.state,
       u.first_name, u.last_name
FROM registry_historicaldocument h
LEFT JOIN directory_user u ON u.id = h.history_user_id
WHERE h.case_id = %s
ORDER BY 1 DESC"""


def _scope(user, auditor: bool) -> tuple[str, str, list]:
    """The WITH prefix, the WHERE condition and their parameters for ``user``."""
    if auditor:
        return "", "", []
    today = timezone.localdate()
    return VISIBLE_ORGANISATIONS, IN_SCOPE, [user.pk, today, today] * 2


def case_list(user, *, auditor: bool, filters: dict) -> tuple[int, list]:
    """The count and the newest 50 visible cases, filtered like ``?status=``."""
    prefix, condition, params = _scope(user, auditor)
    for name, value in filters.items():
        condition += FILTERS[name]
        params = [*params, value]
    with connection.cursor() as cursor:
        cursor.execute(prefix + COUNT + condition, params)
        count = cursor.fetchone()[0]
        cursor.execute(prefix + CASE_COLUMNS + condition + NEWEST, params)
        return count, cursor.fetchall()


def case_detail(user, pk: int, *, auditor: bool) -> tuple:
    """The case row (None if not visible), its documents and its history."""
    prefix, condition, params = _scope(user, auditor)
    documents = DOCUMENTS + (OFFICIAL if auditor else "") + BY_SEQUENCE
    with connection.cursor() as cursor:
        cursor.execute(
            prefix + CASE_COLUMNS + condition + " AND c.id = %s", [*params, pk]
        )
        case = cursor.fetchone()
        if case is None:
            return None, [], []
        cursor.execute(documents, [pk])
        rows = cursor.fetchall()
        cursor.execute(HISTORY, [pk, pk])
        return case, rows, cursor.fetchall()
