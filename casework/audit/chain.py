"""Append every new history and log row to the chain, and verify the chain.

Each link stores SHA-256(previous digest + canonical text of the row), the text
of ``casework.audit.canonical``. The chain holds every simple-history row and
the logs that have no history of their own: reads of confidential documents,
access grants, snapshots of users' rights and of workflow records, and the
decisions to extend a broken chain.

A row is noted as waiting (``PendingLink``) in the transaction that writes it;
right after the commit the waiting rows are appended in a transaction of their
own, so the chain's lock is never held together with a service's locks, and a
crash between the two leaves rows waiting, not outside the chain.

``verify`` walks the whole chain and names every position where a row was
altered, removed or reordered (after a break it goes on from the stored digests,
so later breaks are found independently), every row added outside the chain,
and, through ``casework.audit.live``, every live record that differs from its
last recorded state.
"""

import hashlib

from django.apps import apps
from django.db import connections, transaction
from django.db.models.signals import post_save
from simple_history.signals import post_create_historical_record

from casework.audit import live
from casework.audit.canonical import row_text
from casework.audit.findings import Finding
from casework.audit.live import history_models
from casework.audit.models import ChainDecision, ChainHead, HistoryLink, PendingLink

GENESIS = "0" * 64
UNCHAINED = "is not in the chain"
LOGS = (
    "audit.confidentialread",
    "audit.accessgrant",
    "audit.snapshot",
    "audit.chaindecision",
)


def link_digest(previous: str, row) -> str:
    return hashlib.sha256((previous + row_text(row)).encode("utf-8")).hexdigest()


def label(model) -> str:
    return model._meta.label_lower


def chained_models() -> dict:
    """Every model whose rows are chained, by label."""
    found = {label(m): m for m in history_models()}
    found.update({name: apps.get_model(name) for name in LOGS})
    return found


# --- appending ---------------------------------------------------------------


def _locked_head() -> ChainHead:
    """The head, locked; made from the last link if it is missing (the first
    append, or a head removed: ``verify`` names that)."""
    if not ChainHead.objects.filter(pk=1).exists():
        last = HistoryLink.objects.order_by("-position").first()
        start = ChainHead(pk=1)
        if last is not None:
            start.position, start.digest = last.position, last.digest
        ChainHead.objects.bulk_create([start], ignore_conflicts=True)
    return ChainHead.objects.select_for_update().get(pk=1)


def _extend(head: ChainHead, name: str, row) -> None:
    digest = link_digest(head.digest, row)
    HistoryLink.objects.create(
        position=head.position + 1,
        model=name,
        history_id=row.pk,
        digest=digest,
        previous=head.digest,
    )
    head.position, head.digest = head.position + 1, digest


def _append(head: ChainHead, entries, models_by_label) -> int:
    """Append ``(label, row id)`` entries not yet linked, in their order."""
    rows = _rows_for(entries, models_by_label)
    linked = _already_linked(entries)
    count = 0
    for name, row_id in entries:
        row = rows.get((name, row_id))
        if row is None or (name, row_id) in linked:
            continue
        _extend(head, name, row)
        count += 1
    return count


def _already_linked(entries) -> set:
    found = set()
    for name, ids in _ids_by_model(entries).items():
        linked = HistoryLink.objects.filter(model=name, history_id__in=ids)
        found |= {(name, i) for i in linked.values_list("history_id", flat=True)}
    return found


def append_pending(batch: int = 2000) -> int:
    """Append every row waiting for the chain, oldest first."""
    models_by_label = chained_models()
    count = 0
    while True:
        with transaction.atomic():
            head = _locked_head()
            waiting = list(PendingLink.objects.order_by("id")[:batch])
            if not waiting:
                return count
            entries = [(p.model, p.row_id) for p in waiting]
            count += _append(head, entries, models_by_label)
            PendingLink.objects.filter(id__in=[p.id for p in waiting]).delete()
            head.save(update_fields=["position", "digest"])


def _scheduled(using) -> bool:
    return any(
        func is append_pending
        for _ids, func, _robust in connections[using].run_on_commit
    )


def note(row, using=None) -> None:
    """Note ``row`` as waiting in the writing transaction; append it on commit."""
    using = using or row._state.db or "default"
    PendingLink.objects.using(using).create(model=label(type(row)), row_id=row.pk)
    if not _scheduled(using):
        # A failing append must not turn a committed write into an error: the
        # rows stay waiting and the next append takes them.
        transaction.on_commit(append_pending, using=using, robust=True)


def _on_history_row(sender, history_instance, using=None, **kwargs):
    note(history_instance, using)


def _on_log_row(sender, instance, created, raw=False, using=None, **kwargs):
    if created and not raw:
        note(instance, using)


def connect() -> None:
    post_create_historical_record.connect(
        _on_history_row, dispatch_uid="casework_audit_chain"
    )
    for name in LOGS:
        post_save.connect(
            _on_log_row,
            sender=apps.get_model(name),
            dispatch_uid=f"casework_audit_chain_{name}",
        )


# --- verifying ---------------------------------------------------------------


def verify(batch: int = 2000) -> list[Finding]:
    """Every break of the chain, every row outside it and every live record
    that differs from its last recorded state; breaks accepted by a recorded
    decision are left out (see ``accepted``)."""
    everything = walk(batch) + unchained() + live.findings()
    taken = accepted()
    return [f for f in everything if str(f) not in taken]


def accepted() -> set[str]:
    """The breaks a recorded decision accepted (``chain_history --accept-breaks``)."""
    taken = set()
    for decision in ChainDecision.objects.all():
        taken |= decision.accepted_breaks()
    return taken


def walk(batch: int = 2000) -> list[Finding]:
    """Every position where a chained row was altered, removed or reordered,
    or where a link itself was removed or changed."""
    models_by_label = chained_models()
    findings = []
    previous, expected = GENESIS, 1
    for links in _batches(batch):
        entries = [(link.model, link.history_id) for link in links]
        rows = _rows_for(entries, models_by_label)
        for link in links:
            gap = _gap(expected, link.position)
            findings += gap
            row = rows.get((link.model, link.history_id))
            problem = _check(link, None if gap else previous, row)
            if problem:
                findings.append(
                    Finding(link.position, link.model, link.history_id, problem)
                )
            previous, expected = link.digest, link.position + 1
    return findings + _head_findings(expected - 1, previous)


def _gap(expected: int, position: int) -> list[Finding]:
    return [
        Finding(p, "audit.historylink", p, "was removed (a link of the chain)")
        for p in range(expected, position)
    ]


def _head_findings(last: int, digest: str) -> list[Finding]:
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return [Finding(None, "audit.chainhead", 1, "was removed")] if last else []
    if (head.position, head.digest) == (last, digest):
        return []
    if head.position > last:
        return _gap(last + 1, head.position + 1)
    return [Finding(last, "audit.chainhead", 1, "does not match the last link")]


def _check(link, previous, row) -> str | None:
    if previous is not None and link.previous != previous:
        return "is out of order (the chain's links were changed)"
    if row is None:
        return "was removed"
    if link_digest(link.previous, row) != link.digest:
        return "was altered or moved"
    return None


def _batches(size):
    last = 0
    while True:
        links = list(
            HistoryLink.objects.filter(position__gt=last).order_by("position")[:size]
        )
        if not links:
            return
        yield links
        last = links[-1].position


def _ids_by_model(entries) -> dict:
    wanted = {}
    for name, row_id in entries:
        wanted.setdefault(name, []).append(row_id)
    return wanted


def _rows_for(entries, models_by_label) -> dict:
    rows = {}
    for name, ids in _ids_by_model(entries).items():
        model = models_by_label.get(name)
        if model is None:
            continue
        for row in model._base_manager.filter(pk__in=ids):
            rows[(name, row.pk)] = row
    return rows


def _unlinked(name, model):
    linked = HistoryLink.objects.filter(model=name).values("history_id")
    waiting = PendingLink.objects.filter(model=name).values("row_id")
    return model._base_manager.exclude(pk__in=linked).exclude(pk__in=waiting)


def unchained() -> list[Finding]:
    findings = []
    for name, model in chained_models().items():
        for row_id in _unlinked(name, model).values_list("pk", flat=True):
            findings.append(Finding(None, name, row_id, UNCHAINED))
    return findings


def check_head(kept: str) -> list[Finding]:
    """A head kept outside the database (``POSITION:SHA-256``) must still be a
    link of the chain; otherwise the chain was rewritten from there on."""
    position, _sep, digest = kept.strip().partition(":")
    number = int(position) if position.isdigit() else None
    link = HistoryLink.objects.filter(position=number).first() if number else None
    if link is not None and link.digest == digest:
        return []
    problem = "does not match the head kept outside the database"
    return [Finding(number, "audit.historylink", position, problem)]


def waiting() -> int:
    """Rows whose transaction committed and whose link is not appended yet."""
    return PendingLink.objects.count()


def chain_unlinked(batch: int = 5000) -> int:
    """Append the waiting rows, then the rows that have no link yet (rows
    written in bulk, or from before the chain existed), oldest first."""
    count = append_pending()
    for name, model in chained_models().items():
        while ids := list(
            _unlinked(name, model).order_by("pk")[:batch].values_list("pk", flat=True)
        ):
            with transaction.atomic():
                head = _locked_head()
                count += _append(head, [(name, i) for i in ids], {name: model})
                head.save(update_fields=["position", "digest"])
    return count
