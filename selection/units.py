"""What a program selects: producers (groups) or products.

Declared once, below both `selection.models` (Program.unit) and `selection.criteria`
(which must not import the models), and used by the documents and OPC apps above.
"""

from django.db import models


class Unit(models.TextChoices):
    PRODUCER = "producer", "ผู้ผลิต (กลุ่ม)"
    PRODUCT = "product", "ผลิตภัณฑ์"
