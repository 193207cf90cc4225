from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and seed data (the top layer: it may import every app, and no app imports it).

    `seed_demo`, `load_seed_rounds` and `seed_national` load the files of `fixtures/`
    (and the national synthetic data) through the apps' own importers and services.
    """

    name = "demo"
    verbose_name = "ข้อมูลสาธิต"
