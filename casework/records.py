"""The ground floor under every model: records no code path may delete, and the
form error a model's validation raises. Imports nothing of the project."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletionRefused(PermissionDenied):
    """Raised on any attempt to hard-delete a record the archive law protects (R68)."""

    default_message = _(
        "Cases and official documents cannot be deleted. Records may only be "
        "disposed of under a recorded disposal decision (Arkivlagen)."
    )

    def __init__(self, message=None):
        super().__init__(message or self.default_message)


class UndeletableQuerySet(models.QuerySet):
    """A queryset whose ``delete()`` refuses instead of removing rows."""

    def delete(self):
        raise DeletionRefused()

    delete.queryset_only = True


class Undeletable(models.Model):
    """Mixin for records that no code path may hard-delete (R68)."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused()


def field_error(field: str, message, *, code: str) -> ValidationError:
    """A ValidationError on one form field that keeps its code."""
    return ValidationError({field: ValidationError(message, code=code)})
