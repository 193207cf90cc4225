"""Thai source text of translatable choice labels.

Choice labels (ProducerType, Category, ...) are `gettext_lazy` with Thai msgids so the
English UI can show them in English. Official documents, exports, criterion texts and
importers must keep the Thai whatever the visitor's language: they read the label here.
"""

from django.utils import translation


def thai_label(label) -> str:
    """The Thai text of a (lazy) label, untranslated: Thai is the source language."""
    with translation.override(None):
        return str(label)
