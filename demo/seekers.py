"""Demo trainings and the trained housewives who completed them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import Role, User
from demo.accounts import demo_user
from demo.skills import demo_skills
from seekers.models import SeekerProfile, TrainingCompletion, TrainingProgramme
from seekers.services import training_completion_record, training_programme_create
from seekers.services.profiles import SkillClaim, seeker_profile_update

TRAININGS = [
    (
        "Pelatihan Menjahit bagi Ibu Rumah Tangga",
        "Dinsos P3AP2KB Kota Malang",
        "Kota Malang",
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 6),
        ["menjahit", "obras", "potong-pola"],
    ),
    (
        "Pelatihan Membatik Tulis dan Lukis Jilbab",
        "Disnaker Kota Madiun",
        "Kota Madiun",
        datetime.date(2026, 5, 11),
        datetime.date(2026, 5, 15),
        ["membatik", "batik-tulis", "lukis-hijab"],
    ),
    (
        "Pelatihan Olahan Frozen Food",
        "TP PKK Kota Malang",
        "Kota Malang",
        datetime.date(2026, 6, 8),
        datetime.date(2026, 6, 10),
        ["frozen-food", "pengemasan-pangan"],
    ),
    (
        "Pelatihan Jamu dari Tanaman Obat Keluarga (TOGA)",
        "Dinsos P3AP2KB Kota Madiun",
        "Kota Madiun",
        datetime.date(2026, 7, 20),
        datetime.date(2026, 7, 22),
        ["jamu", "toga"],
    ),
]


@dataclass(frozen=True)
class DemoSeeker:
    email: str
    name: str
    nik: str
    city: str
    district: str
    subdistrict: str
    trainings: tuple[int, ...]
    declared: tuple[str, ...]
    work_types: tuple[str, ...]
    hours: tuple[int, int]
    phone: str


SEEKERS = [
    DemoSeeker(
        "siti.aminah@sicaker.id",
        "Siti Aminah",
        "3573045207880001",
        "Kota Malang",
        "Sukun",
        "Bandulan",
        (0,),
        ("bordir",),
        ("home_based", "piece_rate", "part_time"),
        (8, 12),
        "081234500001",
    ),
    DemoSeeker(
        "sri.wahyuni@sicaker.id",
        "Sri Wahyuni",
        "3573055903850002",
        "Kota Malang",
        "Lowokwaru",
        "Jatimulyo",
        (0, 2),
        (),
        ("part_time", "piece_rate"),
        (8, 14),
        "081234500002",
    ),
    DemoSeeker(
        "dewi.lestari@sicaker.id",
        "Dewi Lestari",
        "3573016611900003",
        "Kota Malang",
        "Klojen",
        "Kasin",
        (2,),
        ("katering",),
        ("part_time", "full_time"),
        (7, 15),
        "081234500003",
    ),
    DemoSeeker(
        "nur.hidayah@sicaker.id",
        "Nur Hidayah",
        "3573024404870004",
        "Kota Malang",
        "Blimbing",
        "Bunulrejo",
        (),
        ("menjahit", "pramuniaga"),
        ("full_time", "part_time"),
        (8, 16),
        "081234500004",
    ),
    DemoSeeker(
        "rina.marlina@sicaker.id",
        "Rina Marlina",
        "3573035012920005",
        "Kota Malang",
        "Kedungkandang",
        "Buring",
        (0,),
        ("jahit-hijab",),
        ("home_based", "piece_rate"),
        (9, 15),
        "081234500005",
    ),
    DemoSeeker(
        "yuli.astuti@sicaker.id",
        "Yuli Astuti",
        "3577014708890006",
        "Kota Madiun",
        "Taman",
        "Demangan",
        (1,),
        ("ecoprint",),
        ("piece_rate", "home_based"),
        (8, 12),
        "081234500006",
    ),
    DemoSeeker(
        "endang.purwati@sicaker.id",
        "Endang Purwati",
        "3577026102840007",
        "Kota Madiun",
        "Manguharjo",
        "Nambangan Lor",
        (3,),
        ("memasak",),
        ("part_time", "home_based"),
        (7, 11),
        "081234500007",
    ),
    DemoSeeker(
        "wati.suryani@sicaker.id",
        "Wati Suryani",
        "3577034309910008",
        "Kota Madiun",
        "Kartoharjo",
        "Kelun",
        (1,),
        ("kasir", "pramuniaga"),
        ("full_time", "part_time"),
        (8, 16),
        "081234500008",
    ),
    DemoSeeker(
        "lilis.handayani@sicaker.id",
        "Lilis Handayani",
        "3577015801930009",
        "Kota Madiun",
        "Taman",
        "Kejuron",
        (),
        ("housekeeping", "laundry"),
        ("full_time",),
        (7, 16),
        "081234500009",
    ),
    DemoSeeker(
        "umi.kalsum@sicaker.id",
        "Umi Kalsum",
        "3573046906860010",
        "Kota Malang",
        "Sukun",
        "Ciptomulyo",
        (2,),
        ("kue-basah",),
        ("home_based", "part_time"),
        (9, 13),
        "081234500010",
    ),
]


def load_trainings(*, officer: User) -> list[TrainingProgramme]:
    programmes = []
    for title, organiser, city, starts, ends, slugs in TRAININGS:
        programme = TrainingProgramme.objects.filter(
            title=title
        ).first() or training_programme_create(
            actor=officer,
            title=title,
            organiser=organiser,
            city=city,
            starts_on=starts,
            ends_on=ends,
            skills=demo_skills(slugs),
        )
        programmes.append(programme)

    return programmes


def load_seekers(*, officer: User, programmes: list[TrainingProgramme]) -> list[SeekerProfile]:
    seekers = []
    for number, spec in enumerate(SEEKERS):
        user = demo_user(spec.email, spec.name, Role.SEEKER, spec.phone)
        profile = SeekerProfile.objects.get(user=user)
        if not profile.district:
            profile = seeker_profile_update(
                profile=profile,
                actor=user,
                nik=spec.nik,
                changes={
                    "gender": "female",
                    "city": spec.city,
                    "district": spec.district,
                    "subdistrict": spec.subdistrict,
                    "education_level": "sma" if number % 3 else "smp",
                    "wanted_work_types": list(spec.work_types),
                    "max_distance_km": 8 + number % 4 * 3,
                    "available_days": ["mon", "tue", "wed", "thu", "fri"],
                    "available_from": datetime.time(spec.hours[0]),
                    "available_until": datetime.time(spec.hours[1]),
                    "about": "Ibu rumah tangga, lulus pelatihan kota.",
                    "ak1_number": f"AK1/{spec.nik[:4]}/{2026}/{number + 1:04d}",
                },
                skills=[SkillClaim(skill=skill) for skill in demo_skills(spec.declared)],
            )
        for index in spec.trainings:
            programme = programmes[index]
            if not TrainingCompletion.objects.filter(programme=programme, seeker=profile).exists():
                training_completion_record(
                    programme=programme,
                    seeker=profile,
                    actor=officer,
                    certificate_number=f"SERT/{programme.pk:03d}/{number + 1:04d}",
                    completed_on=programme.ends_on,
                )
        seekers.append(profile)

    return seekers
