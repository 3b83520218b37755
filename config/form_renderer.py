"""The project's form renderer (settings.FORM_RENDERER): Django's, except for a plain select.

Django renders a <select> as one template, which includes a template per option, and each
option includes the attributes template. The case list's filters (about 80 options: states,
categories, khu dân cư, mentors) took about 8 ms of a 50 ms page that way. A plain select, one
whose options all use Django's own option template, is written here with format_html: the same
markup, each value, label and attribute escaped as the templates escape them (the test compares
both renderings). Every other widget, and a select whose option template was changed, goes to
Django's templates as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


def _options(options: list[dict]) -> SafeString:
    return format_html_join(
        "", '\n  <option value="{}"{}>{}</option>\n', ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options)
    )


def render_select(widget: dict) -> SafeString:
    """The markup of django/forms/widgets/select.html for a select whose options use the plain
    option template."""
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.append(_options(options))
        if group_name:
            parts.append(mark_safe("\n  </optgroup>"))
    parts.append(mark_safe("\n</select>"))
    return mark_safe("".join(parts))


def plain_select(template_name: str, context: dict) -> bool:
    widget = context.get("widget")
    return (
        template_name == SELECT
        and widget is not None
        and all(option.get("template_name") == OPTION for _name, options, _index in widget["optgroups"] for option in options)
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if plain_select(template_name, context):
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)
