from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, OfficialAccount
from platforms.models import Post
from platforms.posts.services import PostNumbers

#: A clock a few minutes fast on the person's phone is not "the future".
FUTURE_SLACK = timedelta(minutes=10)


class PostFilterForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=OfficialAccount.objects.none(), required=False,
                                     empty_label=_("All accounts"))
    removed = forms.BooleanField(label=_("Show removed posts"), required=False)

    def __init__(self, *args: object, agency: Agency, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = OfficialAccount.objects.filter(agency=agency).order_by("platform", "handle")


class PostForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
    likes = forms.IntegerField(label=_("Likes"), min_value=0, required=False)
    comments = forms.IntegerField(label=_("Comments"), min_value=0, required=False)
    shares = forms.IntegerField(label=_("Shares"), min_value=0, required=False)
    views = forms.IntegerField(label=_("Views"), min_value=0, required=False)

    class Meta:
        model = Post
        fields = ["account", "kind", "published_at", "url", "text", "external_id"]
        widgets = {
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "external_id": _("Optional: the platform's own id of the post."),
        }

    NUMBERS = ("likes", "comments", "shares", "views")

    def __init__(self, *args: object, agency: Agency, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["account"].queryset = OfficialAccount.objects.filter(agency=agency, is_active=True).order_by(
            "platform", "handle")
        self.fields["account"].empty_label = None
        self.fields["url"].help_text = _(
            "The post's address on the platform, e.g. https://www.tiktok.com/@account/video/123.")
        self.fields["published_at"].help_text = _("Date and time as shown on the platform, in %(zone)s.") % {
            "zone": settings.SIGAP_TIME_ZONE_LABEL}

    def clean_published_at(self):
        value = self.cleaned_data["published_at"]
        if value and value > timezone.now() + FUTURE_SLACK:
            raise forms.ValidationError(_("A post cannot be published in the future."))
        return value

    def clean_external_id(self):
        return (self.cleaned_data.get("external_id") or "").strip() or None

    def clean(self) -> dict:
        data = super().clean()
        account = data.get("account")
        if account is None:
            return data
        others = Post.objects.exclude(pk=self.instance.pk)
        if data.get("external_id") and others.filter(platform=account.platform,
                                                     external_id=data["external_id"]).exists():
            self.add_error("external_id", _("A post with this id is already in Sigap."))
        if data.get("url") and others.filter(account=account, url=data["url"], removed_at__isnull=True).exists():
            self.add_error("url", _("This post is already in Sigap."))
        return data

    def number_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NUMBERS]

    def numbers(self) -> PostNumbers:
        return PostNumbers(**{name: self.cleaned_data.get(name) for name in self.NUMBERS})

    def post_values(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
