"""Demo app: the demo data and its ``load_demo_data`` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
