from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "ผู้ใช้งาน"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import session_refreshed_at_login

        user_logged_in.connect(
            session_refreshed_at_login, dispatch_uid="session_refreshed_at_login"
        )
