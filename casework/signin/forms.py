from django import forms
from django.utils.translation import gettext_lazy as _


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Why the lock is lifted, e.g. how the account holder was identified. "
            "Recorded together with your name."
        ),
    )
