"""Demo accounts: the labor-office officers, and how every demo account is registered."""

from __future__ import annotations

from accounts.models import User
from accounts.services import officer_create_or_update, user_register

DEMO_PASSWORD = "SiCaker-Demo-2026"
OFFICERS = [
    ("petugas.malang@sicaker.id", "Bambang Sutrisno (Disnaker Kota Malang)"),
    ("petugas.madiun@sicaker.id", "Retno Wulandari (Disnaker Kota Madiun)"),
]


def demo_user(email: str, name: str, role: str, phone: str | None = None) -> User:
    user = User.objects.filter(email=email).first() or user_register(
        email=email,
        password=DEMO_PASSWORD,
        full_name=name,
        role=role,
        phone=phone,
        send_welcome=False,
    )
    # None only if the email was registered between the lookup and the insert: take that one.
    return user or User.objects.get(email=email)


def load_officers() -> list[User]:
    return [
        officer_create_or_update(email=e, password=DEMO_PASSWORD, full_name=n)[0]
        for e, n in OFFICERS
    ]
