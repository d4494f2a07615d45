"""Demo employers (one not yet verified) and their vacancies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import Role, User
from demo.accounts import demo_user
from jobs.models import Employer, Vacancy
from jobs.services import employer_create, employer_set_verified, vacancy_create, vacancy_publish


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


def load_employers(*, officer: User) -> list[Employer]:
    employers = []
    for spec in EMPLOYERS:
        owner = demo_user(spec.email, spec.owner, Role.EMPLOYER)  # 0341...: a landline
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

    return employers


def load_vacancies(*, employers: list[Employer], today: datetime.date) -> list[Vacancy]:
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

    return vacancies
