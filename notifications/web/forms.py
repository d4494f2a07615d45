"""The notification settings form: channels per kind of message, and quiet hours."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from web.forms import PageForm

CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


def channel_field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class PreferencesForm(PageForm):
    """One checkbox per (kind, channel) she can receive, then the quiet hours.

    The rules (quiet hours must not start and end at the same time) are the API's serializer's;
    the view runs it and shows its messages beside these fields."""

    quiet_enabled = forms.BooleanField(
        label=_("Hold back SMS and WhatsApp during quiet hours"), required=False
    )
    quiet_starts_at = forms.TimeField(
        label=_("Quiet from"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": _("Enter a time like 21:00."),
            "required": _("Enter when quiet hours start, like 21:00."),
        },
    )
    quiet_ends_at = forms.TimeField(
        label=_("Quiet until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": _("Enter a time like 06:00."),
            "required": _("Enter when quiet hours end, like 06:00."),
        },
    )

    def __init__(self, *args: Any, kinds: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        channel_fields = {
            channel_field_name(row["kind"], channel): forms.BooleanField(
                label=str(Channel(channel).label), required=False
            )
            for row in kinds
            for channel in CHANNELS
        }
        # Channels first, in the order of the page (the error summary follows the fields).
        self.fields = {**channel_fields, **self.fields}

    def groups(self) -> list[dict[str, Any]]:
        """Per kind: its label and its three bound checkboxes, for the template's fieldsets."""
        return [
            {
                "kind": row["kind"],
                "label": row["label"],
                "fields": [self[channel_field_name(row["kind"], channel)] for channel in CHANNELS],
            }
            for row in self.kinds
        ]

    def preference_changes(self) -> list[dict[str, Any]]:
        """What ``notifications.services.preferences_update`` takes, as the API hands it."""
        return [
            {
                "kind": row["kind"],
                **{
                    channel.value: self.cleaned_data[channel_field_name(row["kind"], channel)]
                    for channel in CHANNELS
                },
            }
            for row in self.kinds
        ]
