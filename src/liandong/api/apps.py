from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "liandong.api"
    label = "api"
    verbose_name = "API"
