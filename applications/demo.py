"""Demo data in the spirit of the seed articles: Malang and Madiun, trained housewives, UMKM.

Everything goes through the services (so it obeys the same rules as the API) and is idempotent:
each object is looked up by its natural key first, so running the loader twice adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import officer_create_or_update, user_register
from applications.models import Application
from applications.services import application_submit, application_transition
from jobs.models import Employer, Skill, Vacancy
from jobs.services import employer_create, employer_set_verified, vacancy_create, vacancy_publish
from search.models import JobAlert
from search.services import alert_create
from seekers.models import SeekerProfile, TrainingCompletion, TrainingProgramme
from seekers.services import training_completion_record, training_programme_create
from seekers.services.profiles import SkillClaim, seeker_profile_update

DEMO_PASSWORD = "SiCaker-Demo-2026"
OFFICERS = [
    ("petugas.malang@sicaker.id", "Bambang Sutrisno (Disnaker Kota Malang)"),
    ("petugas.madiun@sicaker.id", "Retno Wulandari (Disnaker Kota Madiun)"),
]


@dataclass(frozen=True)
class DemoEmployer:
    email: str
    owner: str
    name: str
    kind: str
    city: str
    district: str
    subdistrict: str
    description: str
    is_verified: bool = True


EMPLOYERS = [
    DemoEmployer(
        "konveksi.sri@sicaker.id",
        "Sri Rahayu",
        "Konveksi Bu Sri",
        "home_industry",
        "Kota Malang",
        "Sukun",
        "Bandungrejosari",
        "Konveksi rumahan: seragam sekolah, masker kain, baju anak.",
    ),
    DemoEmployer(
        "batik.asri@sicaker.id",
        "Hadi Purnomo",
        "Batik Madiun Asri",
        "umkm",
        "Kota Madiun",
        "Taman",
        "Josenan",
        "Batik tulis dan cap motif pecel dan porang.",
    ),
    DemoEmployer(
        "frozen.ani@sicaker.id",
        "Ani Wijayanti",
        "Dapur Frozen Bu Ani",
        "home_industry",
        "Kota Malang",
        "Lowokwaru",
        "Dinoyo",
        "Nugget, risoles dan dimsum beku untuk warung dan katering.",
    ),
    DemoEmployer(
        "oleholeh.pecel@sicaker.id",
        "Agus Santoso",
        "Toko Oleh-Oleh Pecel Madiun",
        "shop",
        "Kota Madiun",
        "Kartoharjo",
        "Kartoharjo",
        "Toko oleh-oleh: sambal pecel, brem, batik.",
    ),
    DemoEmployer(
        "hotel.kartika@sicaker.id",
        "Dian Prasetyo",
        "Hotel Kartika Malang",
        "hotel",
        "Kota Malang",
        "Klojen",
        "Kauman",
        "Hotel bintang tiga di pusat kota.",
    ),
    DemoEmployer(
        "jamu.lestari@sicaker.id",
        "Wahyu Lestari",
        "Jamu Sehat Lestari",
        "umkm",
        "Kota Madiun",
        "Manguharjo",
        "Manguharjo",
        "Jamu gendong dan jamu kemasan dari tanaman TOGA.",
        is_verified=False,
    ),
]

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


@dataclass(frozen=True)
class DemoVacancy:
    employer: int
    title: str
    description: str
    work_type: str
    required: tuple[str, ...]
    preferred: tuple[str, ...]
    positions: int
    pay: tuple[int, int, str]
    hours: tuple[int, int]
    days_valid: int
    publish: bool = True


VACANCIES = [
    DemoVacancy(
        0,
        "Penjahit Borongan Seragam Sekolah",
        "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin.",
        "piece_rate",
        ("menjahit",),
        ("obras",),
        6,
        (5_000, 8_000, "piece"),
        (8, 12),
        45,
    ),
    DemoVacancy(
        0,
        "Operator Obras Paruh Waktu",
        "Obras baju anak di workshop Bandungrejosari, pagi hari.",
        "part_time",
        ("obras",),
        ("menjahit",),
        2,
        (60_000, 75_000, "day"),
        (8, 12),
        30,
    ),
    DemoVacancy(
        0,
        "Penjahit Masker Kain (Kerja dari Rumah)",
        "Pesanan masker kain untuk sekolah dan kantor.",
        "home_based",
        ("menjahit",),
        (),
        10,
        (1_500, 2_500, "piece"),
        (8, 16),
        20,
    ),
    DemoVacancy(
        1,
        "Pembatik Tulis Motif Pecel",
        "Membatik tulis kain katun motif pecel; dibayar per lembar.",
        "piece_rate",
        ("batik-tulis",),
        ("membatik",),
        4,
        (75_000, 120_000, "piece"),
        (8, 15),
        40,
    ),
    DemoVacancy(
        1,
        "Pelukis Jilbab Batik",
        "Melukis motif batik di jilbab untuk koleksi oleh-oleh.",
        "home_based",
        ("lukis-hijab",),
        ("membatik",),
        3,
        (15_000, 25_000, "piece"),
        (8, 12),
        25,
    ),
    DemoVacancy(
        2,
        "Produksi Frozen Food Rumahan",
        "Membuat nugget dan risoles beku; dapur di Dinoyo.",
        "part_time",
        ("frozen-food",),
        ("pengemasan-pangan",),
        3,
        (70_000, 90_000, "day"),
        (7, 12),
        35,
    ),
    DemoVacancy(
        3,
        "Pramuniaga Toko Oleh-Oleh",
        "Melayani pembeli dan menata produk; shift pagi.",
        "full_time",
        ("pramuniaga",),
        ("kasir",),
        2,
        (2_000_000, 2_400_000, "month"),
        (8, 16),
        30,
    ),
    DemoVacancy(
        3,
        "Kasir Paruh Waktu",
        "Kasir akhir pekan di toko oleh-oleh.",
        "part_time",
        ("kasir",),
        (),
        1,
        (70_000, 80_000, "day"),
        (8, 14),
        15,
    ),
    DemoVacancy(
        4,
        "Housekeeping Hotel",
        "Menjaga kebersihan kamar tamu; ada pelatihan kerja.",
        "full_time",
        ("housekeeping",),
        ("laundry",),
        4,
        (2_700_000, 3_000_000, "month"),
        (7, 15),
        30,
    ),
    DemoVacancy(
        5,
        "Peracik Jamu Kemasan",
        "Meracik jamu kunyit asam dan beras kencur.",
        "part_time",
        ("jamu",),
        ("toga",),
        2,
        (60_000, 70_000, "day"),
        (7, 11),
        30,
        publish=False,
    ),
    DemoVacancy(
        0,
        "Penjahit Kebaya (draf)",
        "Masih disusun.",
        "full_time",
        ("menjahit",),
        (),
        1,
        (2_500_000, 3_000_000, "month"),
        (8, 16),
        60,
        publish=False,
    ),
]

# (seeker index, vacancy index, statuses to move through after submitting)
APPLICATIONS = [
    (0, 0, ["reviewed", "shortlisted", "interview", "accepted"]),
    (4, 0, ["reviewed", "shortlisted"]),
    (1, 1, ["reviewed"]),
    (3, 2, []),
    (0, 2, ["rejected"]),
    (5, 3, ["reviewed", "shortlisted", "interview"]),
    (7, 6, ["reviewed", "shortlisted", "interview", "accepted"]),
    (8, 8, ["reviewed", "rejected"]),
    (2, 5, ["withdrawn"]),
    (9, 5, []),
]


def _user(email: str, name: str, role: str, phone: str = "") -> User:
    user = User.objects.filter(email=email).first()
    return user or user_register(
        email=email,
        password=DEMO_PASSWORD,
        full_name=name,
        role=role,
        phone=phone,
        send_welcome=False,
    )


def _skills(slugs) -> list[Skill]:
    found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise RuntimeError(
            f"load the skill taxonomy first (manage.py load_skills); missing: {missing}"
        )
    return [found[slug] for slug in slugs]


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    officers = [
        officer_create_or_update(email=e, password=DEMO_PASSWORD, full_name=n)[0]
        for e, n in OFFICERS
    ]
    officer = officers[0]
    today = timezone.localdate()

    employers = []
    for spec in EMPLOYERS:
        owner = _user(spec.email, spec.owner, Role.EMPLOYER, "0341000000")
        employer = Employer.objects.filter(owner=owner).first() or employer_create(
            owner=owner,
            data={
                "name": spec.name,
                "kind": spec.kind,
                "city": spec.city,
                "district": spec.district,
                "subdistrict": spec.subdistrict,
                "description": spec.description,
                "phone": "0341000000",
                "email": spec.email,
            },
        )
        if spec.is_verified and not employer.is_verified:
            employer = employer_set_verified(employer=employer, is_verified=True, actor=officer)
        employers.append(employer)

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
            skills=_skills(slugs),
        )
        programmes.append(programme)

    seekers = []
    for number, spec in enumerate(SEEKERS):
        user = _user(spec.email, spec.name, Role.SEEKER, spec.phone)
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
                skills=[SkillClaim(skill=skill) for skill in _skills(spec.declared)],
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

    vacancies = []
    for spec in VACANCIES:
        employer = employers[spec.employer]
        vacancy = Vacancy.objects.filter(employer=employer, title=spec.title).first()
        if vacancy is None:
            vacancy = vacancy_create(
                employer=employer,
                actor=employer.owner,
                data={
                    "title": spec.title,
                    "description": spec.description,
                    "work_type": spec.work_type,
                    "required_skills": list(spec.required),
                    "preferred_skills": list(spec.preferred),
                    "positions": spec.positions,
                    "pay_min": spec.pay[0],
                    "pay_max": spec.pay[1],
                    "pay_unit": spec.pay[2],
                    "work_days": ["mon", "tue", "wed", "thu", "fri"],
                    "hours_start": datetime.time(spec.hours[0]),
                    "hours_end": datetime.time(spec.hours[1]),
                    "valid_through": today + datetime.timedelta(days=spec.days_valid),
                },
            )
            if spec.publish and employer.is_verified:
                vacancy = vacancy_publish(vacancy=vacancy, actor=employer.owner)
        vacancies.append(vacancy)

    for seeker_index, vacancy_index, steps in APPLICATIONS:
        seeker, vacancy = seekers[seeker_index], vacancies[vacancy_index]
        if Application.objects.filter(seeker=seeker, vacancy=vacancy).exists():
            continue
        application = application_submit(
            vacancy=vacancy,
            seeker=seeker,
            cover_note=("Saya sudah mengikuti pelatihan dan bisa mulai minggu depan."),
        )
        for status in steps:
            actor = seeker.user if status == "withdrawn" else vacancy.employer.owner
            application = application_transition(
                application=application,
                to_status=status,
                actor=actor,
                note="Terima kasih." if status != "withdrawn" else "",
            )

    for seeker, (name, text, slugs) in zip(
        seekers[:2],
        [("Jahit dekat rumah", "penjahit", ["menjahit"]), ("Frozen food", "frozen food", [])],
        strict=True,
    ):
        if not JobAlert.objects.filter(user=seeker.user, name=name).exists():
            alert_create(user=seeker.user, name=name, text=text, skill_slugs=slugs)

    return {
        "officers": len(officers),
        "employers": len(employers),
        "trainings": len(programmes),
        "seekers": len(seekers),
        "vacancies": Vacancy.objects.count(),
        "applications": Application.objects.count(),
    }
