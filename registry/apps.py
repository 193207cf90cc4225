from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "ทะเบียน OTOP"

    def ready(self):
        # How pages show the star rating rows of the change log (changelog.display).
        from registry.history import register_change_actions

        register_change_actions()
