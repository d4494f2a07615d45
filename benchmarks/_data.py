"""Realistic bench data, written with bulk_create (never through the API).

The real skill taxonomy (jobs/data/skills.json) and regions (sicaker/data/regions.json: the
kelurahan of Malang, Madiun and Balikpapan, each point jittered by up to about 1 km); Indonesian
vacancy titles and descriptions built from templates per skill category; verified employers;
seekers with skills (some verified by a training), locations and availability; job alerts.
Call only after ``_common.bootstrap()``.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from benchmarks._common import log

BATCH = 5_000
WORK_TYPES = ("full_time", "part_time", "home_based", "piece_rate", "freelance")
WORK_TYPE_WORDS = {
    "full_time": "penuh waktu",
    "part_time": "paruh waktu",
    "home_based": "kerja dari rumah",
    "piece_rate": "borongan",
    "freelance": "lepas",
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Where the trained seekers of the labor offices mostly work: sewing, crafts and food first.
CATEGORY_WEIGHTS = {
    "garment": 18,
    "craft": 14,
    "culinary": 16,
    "herbal": 5,
    "beauty": 6,
    "retail": 8,
    "hospitality": 7,
    "care": 5,
    "office": 4,
    "digital": 5,
    "cleaning": 4,
    "agriculture": 3,
    "logistics": 3,
    "trade": 2,
}
WORKPLACES = {
    "garment": [
        "konveksi seragam",
        "butik kebaya",
        "konveksi rumahan",
        "usaha jahit rumahan",
        "konveksi hijab",
        "penjahit kampung",
    ],
    "craft": [
        "sanggar batik",
        "galeri kerajinan",
        "UMKM kerajinan tangan",
        "rumah batik",
        "usaha suvenir pernikahan",
    ],
    "culinary": [
        "usaha katering",
        "toko kue",
        "rumah produksi frozen food",
        "warung makan",
        "usaha keripik rumahan",
    ],
    "herbal": ["usaha jamu gendong", "UMKM herbal", "rumah produksi jamu", "toko herbal"],
    "beauty": ["salon kecantikan", "MUA pengantin", "rumah spa", "salon muslimah"],
    "retail": ["minimarket", "toko kelontong", "toko baju", "toko oleh-oleh"],
    "hospitality": ["hotel melati", "rumah makan", "kafe", "restoran keluarga"],
    "care": ["keluarga muda", "panti wreda", "daycare", "keluarga di perumahan"],
    "office": ["kantor koperasi", "UMKM", "CV distributor", "kantor notaris"],
    "digital": ["online shop", "UMKM fashion", "toko online", "brand hijab lokal"],
    "cleaning": ["gedung perkantoran", "laundry kiloan", "jasa kebersihan", "kos-kosan"],
    "agriculture": ["kelompok tani", "kebun hidroponik", "kolam lele", "kebun jamur tiram"],
    "logistics": ["gudang ekspedisi", "toko online", "distributor sembako", "agen paket"],
    "trade": ["distributor", "UMKM", "koperasi wanita", "agen produk rumah tangga"],
}
EMPLOYER_KIND = {
    "garment": "home_industry",
    "craft": "umkm",
    "culinary": "umkm",
    "herbal": "home_industry",
    "beauty": "shop",
    "retail": "shop",
    "hospitality": "restaurant",
    "care": "household",
    "office": "company",
    "digital": "umkm",
    "cleaning": "company",
    "agriculture": "cooperative",
    "logistics": "company",
    "trade": "umkm",
}
TITLES = [
    "Dicari {role} {wt} untuk {place}", "Lowongan {role} {wt}",
    "Butuh segera {role} di {district}", "Loker {role} {district} ({wt})",
    "{role_cap} untuk {place}", "Dibutuhkan {n} orang {role} {wt}",
]  # fmt: skip
EMPLOYER_WORDS = [
    "Sri Rejeki", "Makmur Jaya", "Sumber Rezeki", "Berkah Abadi", "Mitra Usaha", "Sejahtera",
    "Karya Mandiri", "Ibu Tini", "Bu Siti", "Sekar Arum", "Lestari", "Arjuna", "Cahaya", "Melati",
    "Dewi Sri", "Kembang Joyo", "Tunas Harapan",
]  # fmt: skip
FIRST_NAMES = [
    "Siti", "Sri", "Dewi", "Nur", "Ani", "Rina", "Wati", "Yuli", "Endang", "Tri", "Sulastri",
    "Ratna", "Lilik", "Indah", "Fitri", "Ayu", "Eka", "Rahma", "Umi", "Budi", "Agus", "Eko",
    "Joko", "Heru", "Wahyu",
]  # fmt: skip
LAST_NAMES = [
    "Rahayu", "Wulandari", "Lestari", "Handayani", "Susanti", "Purwanti", "Sari", "Kurniawati",
    "Puspita", "Ningsih", "Hidayati", "Setiawan", "Santoso", "Prasetyo",
]  # fmt: skip
PAY = {  # unit: (low, high, step)
    "month": (1_500_000, 5_000_000, 100_000),
    "week": (300_000, 1_000_000, 50_000),
    "day": (60_000, 150_000, 5_000),
    "hour": (10_000, 25_000, 1_000),
    "piece": (500, 15_000, 500),
}


@dataclass(frozen=True)
class Place:
    city: str
    district: str
    subdistrict: str
    latitude: float
    longitude: float


def places() -> list[Place]:
    from sicaker.regions import regions

    return [
        Place(city["city"], district["name"], sub["name"], sub["lat"], sub["lon"])
        for city in regions()
        for district in city["districts"]
        for sub in district["subdistricts"]
    ]


def jitter(rng: random.Random, lat: float, lon: float, km: float = 1.0) -> tuple[float, float]:
    dlat = km / 111.0
    dlon = km / (111.0 * math.cos(math.radians(lat)))
    return round(lat + rng.uniform(-dlat, dlat), 6), round(lon + rng.uniform(-dlon, dlon), 6)


def load_taxonomy():
    """Load the real taxonomy (as ``manage.py load_skills`` does); returns skills by category."""
    from jobs.models import Skill
    from jobs.skills import read_taxonomy_file, skill_taxonomy_load

    skill_taxonomy_load(entries=read_taxonomy_file())
    by_category: dict[str, list] = {}
    for skill in Skill.objects.filter(is_active=True).order_by("pk"):
        by_category.setdefault(skill.category, []).append(skill)
    return by_category


def _bulk(model, rows: list, label: str) -> list:
    created = []
    for start in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[start : start + BATCH])
    log(f"  {len(created):>7} {label}")
    return created


def create_users(*, role: str, count: int, prefix: str, rng: random.Random) -> list:
    from accounts.models import User

    password = make_password("Rahasia-123")  # hashed once, shared by every bench user
    users = [
        User(
            email=f"{prefix}{number}@bench.sicaker.id",
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            role=role,
            password=password,
            # E.164 and unique: the role's operator digit, then the running number.
            phone=f"+628{'1' if role == 'employer' else '2'}{number:09d}"
            if rng.random() < 0.6
            else None,
        )
        for number in range(count)
    ]
    return _bulk(User, users, f"{role} users")


def _pick_category(rng: random.Random) -> str:
    names = list(CATEGORY_WEIGHTS)
    return rng.choices(names, weights=[CATEGORY_WEIGHTS[n] for n in names])[0]


def create_employers(*, count: int, rng: random.Random, place_list: list[Place]) -> list:
    from jobs.models import Employer

    users = create_users(role="employer", count=count, prefix="employer", rng=rng)
    now = timezone.now()
    employers = []
    for user in users:
        category = _pick_category(rng)
        place = rng.choice(place_list)
        lat, lon = jitter(rng, place.latitude, place.longitude)
        workplace = rng.choice(WORKPLACES[category])
        employer = Employer(
            owner=user,
            name=f"{workplace.title()} {rng.choice(EMPLOYER_WORDS)}",
            kind=EMPLOYER_KIND[category],
            description=f"{workplace} di {place.subdistrict}, {place.district}",
            city=place.city,
            district=place.district,
            subdistrict=place.subdistrict,
            address=f"Jl. {rng.choice(EMPLOYER_WORDS)} No. {rng.randint(1, 200)}",
            latitude=lat,
            longitude=lon,
            is_verified=True,
            verified_at=now,
        )
        employer.bench_category = category  # type: ignore[attr-defined]  # remembered for its vacancies; not a model field
        employers.append(employer)
    return _bulk(Employer, employers, "employers (verified)")


def _role(rng: random.Random, skill) -> str:
    return rng.choice([skill.name_id.lower(), *skill.synonyms[:4]])


def _pay(rng: random.Random, work_type: str) -> tuple[int | None, int | None, str]:
    if rng.random() < 0.15:
        return None, None, ""
    unit = (
        "piece"
        if work_type == "piece_rate"
        else rng.choice(["month", "month", "day", "week", "hour"])
    )
    low, high, step = PAY[unit]
    pay_min = rng.randrange(low, high, step)
    pay_max = min(high, pay_min + step * rng.randint(0, 10))
    return pay_min, pay_max, unit


def create_vacancies(
    *, employers: list, count: int, rng: random.Random, by_category: dict, status: str = "published"
) -> list:
    """Published (or draft) vacancies with 1-3 required and 0-2 preferred skills each."""
    from jobs.models import Vacancy, VacancySkill

    today = timezone.localdate()
    now = timezone.now()
    everything = [skill for skills in by_category.values() for skill in skills]
    vacancies, skill_rows = [], []
    for number in range(count):
        employer = employers[number % len(employers)]
        category = employer.bench_category if rng.random() < 0.8 else _pick_category(rng)
        pool = by_category[category]
        required = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        preferred = [
            skill for skill in rng.sample(everything, rng.randint(0, 2)) if skill not in required
        ]
        work_type = rng.choice(WORK_TYPES)
        role = _role(rng, required[0])
        place_word = rng.choice(WORKPLACES[category])
        title = rng.choice(TITLES).format(
            role=role,
            role_cap=role.capitalize(),
            wt=WORK_TYPE_WORDS[work_type],
            place=place_word,
            district=employer.district,
            n=rng.randint(2, 10),
        )[:200]
        pay_min, pay_max, unit = _pay(rng, work_type)
        start = rng.choice([7, 8, 8, 9, 13])
        description = (
            f"{employer.name} membutuhkan {role} untuk {place_word} "
            f"({WORK_TYPE_WORDS[work_type]}). "
            f"Syarat: bisa {', '.join(s.name_id.lower() for s in required)}"
            + (
                f", diutamakan {', '.join(s.name_id.lower() for s in preferred)}"
                if preferred
                else ""
            )
            + f". Lokasi kerja di {employer.subdistrict}, Kecamatan {employer.district}, "
            f"{employer.city}. Lamaran diterima sampai tanggal penutupan. "
            + rng.choice(
                [
                    "Terbuka untuk ibu rumah tangga.",
                    "Bisa sambil mengurus anak.",
                    "Pelatihan diberikan.",
                    "Mes tersedia.",
                    "",
                ]
            )
        )
        if rng.random() < 0.2:  # some work elsewhere in the city than the employer's address
            lat, lon = jitter(rng, employer.latitude, employer.longitude, km=3.0)
        else:
            lat, lon = employer.latitude, employer.longitude
        vacancies.append(
            Vacancy(
                employer=employer,
                title=title,
                description=description,
                work_type=work_type,
                work_days=sorted(rng.sample(DAYS[:6], rng.randint(3, 6)), key=DAYS.index),
                hours_start=datetime.time(start, 0),
                hours_end=datetime.time(min(start + rng.randint(4, 9), 21), 0),
                positions=rng.randint(1, 10),
                pay_min=pay_min,
                pay_max=pay_max,
                pay_unit=unit,
                min_education=rng.choice(["none", "sd", "smp", "sma"]),
                valid_through=today + datetime.timedelta(days=rng.randint(1, 60)),
                status=status,
                published_at=now - datetime.timedelta(minutes=rng.randint(0, 45 * 24 * 60))
                if status == "published"
                else None,
                city=employer.city,
                district=employer.district,
                subdistrict=employer.subdistrict,
                latitude=lat,
                longitude=lon,
            )
        )
        skill_rows.append((required, preferred))
    created = _bulk(Vacancy, vacancies, f"{status} vacancies")
    links = [
        VacancySkill(vacancy=vacancy, skill=skill, is_required=is_required)
        for vacancy, (required, preferred) in zip(created, skill_rows, strict=True)
        for is_required, skills in ((True, required), (False, preferred))
        for skill in skills
    ]
    _bulk(VacancySkill, links, "vacancy skills")
    return created


def create_seekers(
    *,
    count: int,
    rng: random.Random,
    by_category: dict,
    place_list: list[Place],
    prefix: str = "seeker",
    skill_of_all=None,
) -> list:
    """Seekers with users, 1-5 skills (about a third verified by a training), location, hours.

    ``skill_of_all``: a skill every seeker holds (the notifications benchmark)."""
    from seekers.models import SeekerProfile, SeekerSkill

    users = create_users(role="seeker", count=count, prefix=prefix, rng=rng)
    profiles, skill_sets = [], []
    for user in users:
        place = rng.choice(place_list)
        lat, lon = jitter(rng, place.latitude, place.longitude)
        categories = {_pick_category(rng) for _ in range(rng.randint(1, 2))}
        pool = [skill for category in categories for skill in by_category[category]]
        skills = rng.sample(pool, min(len(pool), rng.randint(1, 5)))
        if skill_of_all is not None and skill_of_all not in skills:
            skills[0] = skill_of_all
        start = rng.choice([7, 8, 9, 13])
        profile = SeekerProfile(
            user=user,
            full_name=user.full_name,
            gender="female" if rng.random() < 0.8 else "male",
            phone=user.phone or "",
            education_level=rng.choice(["sd", "smp", "sma", "smk", "d3"]),
            wanted_work_types=rng.sample(WORK_TYPES, rng.randint(0, 3)),
            max_distance_km=rng.choice([3, 5, 10, 10, 15, 20]),
            available_days=sorted(rng.sample(DAYS, rng.randint(3, 7)), key=DAYS.index),
            available_from=datetime.time(start, 0),
            available_until=datetime.time(min(start + rng.randint(3, 9), 22), 0),
            is_open_to_work=rng.random() < 0.9,
            city=place.city,
            district=place.district,
            subdistrict=place.subdistrict,
            latitude=lat,
            longitude=lon,
        )
        profile.bench_skills = skills  # type: ignore[attr-defined]  # remembered for her alerts; not a model field
        profiles.append(profile)
        skill_sets.append(skills)
    created = _bulk(SeekerProfile, profiles, "seeker profiles")
    links = [
        SeekerSkill(
            seeker=profile,
            skill=skill,
            level=rng.choice(["basic", "intermediate", "advanced"]),
            source=rng.choices(["training", "experience", "self"], weights=[3, 3, 4])[0],
        )
        for profile, skills in zip(created, skill_sets, strict=True)
        for skill in skills
    ]
    _bulk(SeekerSkill, links, "seeker skills")
    return created


ALERT_WORDS = [
    "penjahit", "jahit borongan", "overlock", "jamu", "jamu gendong", "kue basah", "batik tulis",
    "pembatik", "kasir", "pramuniaga", "bordir", "katering", "admin online shop", "laundry",
    "rias pengantin", "pengasuh anak", "keripik", "frozen food", "sablon kaos", "penjaga toko",
]  # fmt: skip


def create_alerts(*, seekers: list, count: int, rng: random.Random, by_category: dict) -> list:
    """Job alerts of sampled seekers: words, skills, work types, a district or a radius."""
    from search.models import JobAlert

    alerts = []
    owners = rng.sample(seekers, min(count, len(seekers)))
    while len(owners) < count:
        owners.append(rng.choice(seekers))
    for seeker in owners:
        kind = rng.random()
        fields: dict = {}
        if kind < 0.35:  # her own skill, in her district
            skill = rng.choice(seeker.bench_skills)
            fields.update(skill_slugs=[skill.slug], city=seeker.city, district=seeker.district)
        elif kind < 0.6:  # words, in her city
            fields.update(text=rng.choice(ALERT_WORDS), city=seeker.city)
        elif kind < 0.8:  # near home
            fields.update(
                skill_slugs=[rng.choice(by_category[_pick_category(rng)]).slug],
                latitude=seeker.latitude,
                longitude=seeker.longitude,
                radius_km=rng.choice([2, 3, 5, 10, 15]),
            )
        else:  # kind of work and a minimum pay
            fields.update(
                work_types=rng.sample(WORK_TYPES, rng.randint(1, 2)),
                city=seeker.city,
                text=rng.choice(["", "", "borongan", "rumahan"]),
                pay_min=rng.choice([None, 50_000, 1_500_000]),
            )
        name = fields.get("text") or ", ".join(fields.get("skill_slugs", [])) or "Lowongan baru"
        alerts.append(JobAlert(user_id=seeker.user_id, name=name[:100], **fields))
    return _bulk(JobAlert, alerts, "job alerts")
