"""Running Si-Caker for years: figures read at check or scrape time, `manage.py doctor`,
Prometheus metrics and database backups (top layer: it reads every app)."""
