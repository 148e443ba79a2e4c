"""Append every new history row to the chain, and verify the chain.

Each link stores SHA-256(previous digest + canonical content of the history row).
``verify`` recomputes the chain from the rows as they are now and names the first
position where a row was altered, removed or reordered, and any row that was
added outside the chain.
"""

import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from simple_history.signals import post_create_historical_record

from casework.audit.models import ChainHead, HistoryLink

GENESIS = "0" * 64


def canonical(row) -> str:
    """The row's content in a form that survives a round trip to the database."""
    values = {}
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if not field.is_relation and value is not None:
            value = field.to_python(value)
        if isinstance(value, models.fields.files.FieldFile):
            value = value.name
        values[field.attname] = value
    return json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)


def link_digest(previous: str, row) -> str:
    return hashlib.sha256((previous + canonical(row)).encode("utf-8")).hexdigest()


def label(model) -> str:
    return model._meta.label_lower


def _extend(head: ChainHead, row) -> ChainHead:
    digest = link_digest(head.digest, row)
    HistoryLink.objects.create(
        position=head.position + 1,
        model=label(type(row)),
        history_id=row.pk,
        digest=digest,
        previous=head.digest,
    )
    head.position, head.digest = head.position + 1, digest
    return head


def _locked_head() -> ChainHead:
    ChainHead.objects.bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
    return ChainHead.objects.select_for_update().get(pk=1)


def _on_history_row(sender, history_instance, using=None, **kwargs):
    """Extend the chain right after the writing transaction commits, in a
    transaction of its own: its lock is never held together with a service's
    locks (no lock-order deadlocks), and rows of a rolled-back savepoint are
    never chained."""
    transaction.on_commit(lambda: append_all([history_instance]), using=using)


def append_all(rows) -> None:
    with transaction.atomic():
        head = _locked_head()
        for row in rows:
            head = _extend(head, row)
        head.save(update_fields=["position", "digest"])


def connect() -> None:
    post_create_historical_record.connect(
        _on_history_row, dispatch_uid="casework_audit_chain"
    )


def history_models():
    """Every history model whose rows carry a user and a date."""
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if {"history_id", "history_user", "history_date"} <= names:
            yield model


@dataclass(frozen=True)
class Finding:
    position: int | None
    model: str
    history_id: int
    problem: str

    def __str__(self):
        where = f"position {self.position}" if self.position else "outside the chain"
        return f"{where}: {self.model} history row {self.history_id} {self.problem}"


def verify(batch: int = 2000) -> list[Finding]:
    """Walk the chain; return the first break and every unchained row."""
    models_by_label = {label(m): m for m in history_models()}
    findings = []
    previous = GENESIS
    for links in _batches(batch):
        rows = _rows_for(links, models_by_label)
        for link in links:
            problem = _check(link, previous, rows.get((link.model, link.history_id)))
            if problem and not findings:
                findings.append(
                    Finding(link.position, link.model, link.history_id, problem)
                )
            previous = link.digest
    return findings + _unchained(models_by_label)


def _check(link, previous, row) -> str | None:
    if link.previous != previous:
        return "is out of order (the chain's links were changed)"
    if row is None:
        return "was removed"
    if link_digest(previous, row) != link.digest:
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


def _rows_for(links, models_by_label):
    wanted = {}
    for link in links:
        wanted.setdefault(link.model, []).append(link.history_id)
    rows = {}
    for name, ids in wanted.items():
        model = models_by_label.get(name)
        if model is None:
            continue
        for row in model.objects.filter(history_id__in=ids):
            rows[(name, row.history_id)] = row
    return rows


def _unlinked(name, model):
    linked = HistoryLink.objects.filter(model=name).values("history_id")
    return model.objects.exclude(history_id__in=linked)


def _unchained(models_by_label) -> list[Finding]:
    findings = []
    for name, model in models_by_label.items():
        for history_id in _unlinked(name, model).values_list("history_id", flat=True)[
            :100
        ]:
            findings.append(Finding(None, name, history_id, "is not in the chain"))
    return findings


def chain_unlinked(batch: int = 5000) -> int:
    """Append history rows that have no link yet (rows written in bulk, or from
    before the chain existed), oldest first."""
    count = 0
    for name, model in {label(m): m for m in history_models()}.items():
        rows = list(_unlinked(name, model).order_by("history_id")[:batch])
        while rows:
            append_all(rows)
            count += len(rows)
            rows = list(_unlinked(name, model).order_by("history_id")[:batch])
    return count
