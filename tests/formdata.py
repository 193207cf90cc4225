"""What a browser would post back for a page's form, read from the HTML: for tests that
save a settings form unchanged without a browser (the browser test does it for real)."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form = None
        self._select = None  # [name, chosen, first]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self._form.append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops one newline right after <textarea>.
            self._form.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_values(html: str, field: str) -> dict[str, str | list[str]]:
    """The values of the form holding `field`, as posted (repeated names as lists)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if any(name == field for name, _value in form):
            data: dict[str, str | list[str]] = {}
            for name, value in form:
                if name in data:
                    previous = data[name]
                    data[name] = (
                        [*previous, value] if isinstance(previous, list) else [previous, value]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a field named {field!r}")
