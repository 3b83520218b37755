from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data only; at the top of the dependency graph so it may import every app."""

    name = "demo"
