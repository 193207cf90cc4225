"""Forms of OPC and PSO pages: they validate and normalise, services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.webforms import BEDateField, BEDateInput
from opc import rules
from opc.models import CommitteeRole
from registry.models import Producer, Product


class ProducerChoiceForm(forms.Form):
    """Step 1 of entering an application: which producer (GET)."""

    producer = forms.ModelChoiceField(label=gettext_lazy("ผู้ผลิต"), queryset=Producer.objects.none())

    def __init__(self, *args, producers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = (
            producers if producers is not None else Producer.objects.none()
        )


class ApplicationForm(forms.Form):
    """Step 2: the producer's main product, or several products as one set."""

    products = forms.ModelMultipleChoiceField(
        label=gettext_lazy("ผลิตภัณฑ์"),
        queryset=Product.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    is_set = forms.BooleanField(
        label=gettext_lazy("สมัครเป็นชุดผลิตภัณฑ์ (หลายผลิตภัณฑ์ใน ๑ ใบสมัคร)"), required=False
    )
    set_name = forms.CharField(label=gettext_lazy("ชื่อชุดผลิตภัณฑ์"), max_length=255, required=False)

    def __init__(self, *args, producer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if producer is not None:
            self.fields["products"].queryset = producer.products.order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("is_set") and not (data.get("set_name") or "").strip():
            self.add_error("set_name", _("ต้องระบุชื่อชุดผลิตภัณฑ์"))
        return data


class ScoreForm(forms.Form):
    """One field per scoring part of the round, bounded by the part's maximum."""

    def __init__(self, *args, parts=(), initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_points = initial_points or {}
        for part in parts:
            self.fields[part.key] = forms.DecimalField(
                label=_("%(part)s (เต็ม %(points)s)")
                % {"part": part.name, "points": rules.fmt_points(part.max_points)},
                min_value=Decimal(0),
                max_value=part.max_points,
                decimal_places=2,
                max_digits=5,
                required=False,
                initial=initial_points.get(part.key),
            )


class CommitteeForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("ชื่อผู้ใช้ของกรรมการ"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("บทบาท"), choices=CommitteeRole.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("ไม่พบผู้ใช้ชื่อ “%(username)s”") % {"username": username})
        return user


class SettingsForm(forms.Form):
    """Scoring parts (names, maximums), score bands (5 → 1 star, whole points) and the
    six stage dates of the round.

    The page lays fields out in rows (a part, a star level, a stage): band and date
    fields carry a short visible label ("ต่ำสุด", "วันเริ่ม") beside the row's heading,
    and their full name ("5 ดาว: คะแนนต่ำสุด") as the input's accessible name.
    """

    def __init__(self, *args, bands=(), stages=(), parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        for part in parts:
            self.fields[f"part_{part.key}_name"] = forms.CharField(
                label=_("ชื่อส่วนการให้คะแนน"), max_length=200, initial=part.name
            )
            self.fields[f"part_{part.key}_max"] = forms.DecimalField(
                label=_("คะแนนเต็ม"),
                initial=part.max_points,
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0.01"),
                widget=forms.NumberInput(
                    attrs={"aria-label": _("คะแนนเต็ม: %(part)s") % {"part": part.name}}
                ),
            )
        self.part_keys = [p.key for p in parts]
        by_stars = {b.stars: b for b in bands}
        for stars in (5, 4, 3, 2, 1):
            band = by_stars.get(stars)
            for end, short in (("min", _("ต่ำสุด")), ("max", _("สูงสุด"))):
                value = getattr(band, f"{end}_score", None) if band else None
                full = (
                    _("%(stars)s ดาว: คะแนนต่ำสุด") if end == "min" else _("%(stars)s ดาว: คะแนนสูงสุด")
                ) % {"stars": stars}
                self.fields[f"band_{stars}_{end}"] = forms.IntegerField(
                    label=short,
                    initial=int(value) if value is not None else None,
                    widget=forms.NumberInput(attrs={"aria-label": full}),
                )
        for stage in stages:
            for end, short in (("start", _("วันเริ่ม")), ("end", _("วันสิ้นสุด"))):
                value = stage.starts_on if end == "start" else stage.ends_on
                # Typed in BE like the letter editor's dates. Not <input type="date">: it
                # takes only ISO values, so the localised "31/03/2022" it was given showed
                # empty, posted empty, and saving the page unchanged erased every date.
                self.fields[f"stage_{stage.key}_{end}"] = BEDateField(
                    label=short,
                    required=False,
                    initial=value,
                    help_text="",  # one note for all twelve, on the page
                    widget=BEDateInput(attrs={"aria-label": f"{stage.label}: {short}"}),
                )
        self.stages = [(s.key, s.label) for s in stages]
        self.stage_keys = [s.key for s in stages]

    def part_rows(self) -> list[tuple]:
        """(name field, maximum field) of each scoring part."""
        return [(self[f"part_{k}_name"], self[f"part_{k}_max"]) for k in self.part_keys]

    def band_rows(self) -> list[tuple]:
        """(stars, lowest score field, highest score field), five stars first."""
        return [(s, self[f"band_{s}_min"], self[f"band_{s}_max"]) for s in (5, 4, 3, 2, 1)]

    def stage_rows(self) -> list[tuple]:
        """(stage name, start date field, end date field) in the letter's order."""
        return [
            (label, self[f"stage_{key}_start"], self[f"stage_{key}_end"])
            for key, label in self.stages
        ]

    def bands(self) -> list[rules.Band]:
        data = self.cleaned_data
        return [
            rules.Band(s, Decimal(data[f"band_{s}_min"]), Decimal(data[f"band_{s}_max"]))
            for s in (5, 4, 3, 2, 1)
        ]

    def parts(self) -> list[rules.Part]:
        data = self.cleaned_data
        return [
            rules.Part(key, data[f"part_{key}_name"].strip(), data[f"part_{key}_max"])
            for key in self.part_keys
        ]

    def timeline(self) -> dict:
        data = self.cleaned_data
        timeline = {}
        for key in self.stage_keys:
            start, end = data.get(f"stage_{key}_start"), data.get(f"stage_{key}_end")
            if start or end:
                timeline[key] = {
                    "start": start.isoformat() if start else None,
                    "end": end.isoformat() if end else None,
                }
        return timeline


class PsoPickForm(forms.Form):
    product = forms.IntegerField(widget=forms.HiddenInput)
    remark = forms.CharField(
        label=gettext_lazy("เหตุผลที่เป็นผลิตภัณฑ์อัตลักษณ์ของจังหวัด"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
