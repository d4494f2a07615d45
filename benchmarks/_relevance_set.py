# ruff: noqa: E501 - the query table keeps one query a line, however long its intent
"""Writes the graded relevance set of free-text vacancy search into tests/data/.

    python -m benchmarks._relevance_set      # rewrites tests/data/relevance_*.json

- ``relevance_corpus.json``: a fixed corpus of vacancies as employers in Malang and Madiun post
  them (title, description, skills of the taxonomy, work type, pay, district), built from the
  templates below with a fixed seed, so the file never drifts;
- ``relevance_queries.json``: queries typed the way the job seekers of docs/DOMAIN write them
  (colloquial spellings, typos, multi-word skills, intent phrases, places, pay), each with what
  it means (``intent``) and its graded judgments over the corpus (3 = exactly what she wants,
  2 = clearly useful, 1 = related, absent = not relevant).

The judgments are derived from each query's written intent by one rule (``grade`` below), not
from what any search engine returns: the set measures the engines, it is not fitted to them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SEED = 20261127

MALANG = ["Klojen", "Lowokwaru", "Sukun", "Blimbing", "Kedungkandang"]
MADIUN = ["Taman", "Kartoharjo", "Manguharjo"]

# (skill slugs, [titles], [descriptions], preferred work types, pay unit, pay range)
TEMPLATES: list[tuple[list[str], list[str], list[str], list[str], str, tuple[int, int]]] = [
    (
        ["menjahit"],
        [
            "Dicari penjahit",
            "Penjahit baju wanita",
            "Tukang jahit seragam sekolah",
            "Penjahit rumahan",
            "Lowongan penjahit",
            "Penjahit masker kain",
            "Karyawan jahit",
        ],
        [
            "Menjahit baju dan seragam sesuai ukuran.",
            "Bisa menjahit pakaian, mesin disediakan.",
            "Jahitan rapi, pengalaman minimal 1 tahun.",
            "Menerima pesanan jahitan dari pelanggan.",
        ],
        ["full_time", "home_based", "piece_rate"],
        "month",
        (1_800_000, 3_000_000),
    ),
    (
        ["konveksi", "menjahit"],
        ["Operator jahit konveksi", "Penjahit konveksi kaos", "Operator jahit garmen"],
        ["Konveksi kaos dan seragam, target harian.", "Garmen ekspor, lembur dibayar."],
        ["full_time", "piece_rate"],
        "month",
        (2_000_000, 3_200_000),
    ),
    (
        ["jahit-hijab"],
        ["Penjahit jilbab", "Jahit kerudung dan mukena", "Penjahit hijab instan"],
        ["Produksi jilbab untuk toko online.", "Menjahit kerudung segi empat dan mukena."],
        ["home_based", "piece_rate"],
        "piece",
        (3_000, 8_000),
    ),
    (
        ["obras"],
        ["Operator obras", "Tukang obras baju", "Operator mesin overlock"],
        ["Mengobras kain potongan konveksi.", "Mesin obras benang empat."],
        ["full_time", "piece_rate"],
        "month",
        (1_800_000, 2_600_000),
    ),
    (
        ["bordir"],
        ["Tukang bordir komputer", "Operator bordir", "Pembordir kerudung"],
        ["Bordir nama dan logo seragam.", "Membordir motif kerudung dan kebaya."],
        ["full_time", "piece_rate"],
        "month",
        (1_900_000, 2_800_000),
    ),
    (
        ["payet"],
        ["Pemasang payet kebaya", "Tenaga payet gaun pengantin"],
        ["Memasang payet dan manik pada kebaya.", "Payet tangan untuk gaun pesta."],
        ["home_based", "piece_rate"],
        "piece",
        (10_000, 40_000),
    ),
    (
        ["alterasi-pakaian"],
        ["Tukang vermak jeans", "Penjahit permak pakaian"],
        ["Vermak celana dan potong baju di kios.", "Permak levis dan pasang resleting."],
        ["full_time", "part_time"],
        "day",
        (60_000, 100_000),
    ),
    (
        ["sablon"],
        ["Tukang sablon kaos", "Operator sablon manual"],
        ["Sablon kaos plastisol dan rubber.", "Menyablon kaos pesanan komunitas."],
        ["full_time", "piece_rate"],
        "month",
        (1_800_000, 2_500_000),
    ),
    (
        ["membatik", "batik-tulis"],
        ["Pembatik tulis", "Pengrajin batik tulis", "Tenaga batik tulis motif pecel"],
        ["Membatik kain dengan canting.", "Batik tulis untuk galeri oleh-oleh Madiun."],
        ["piece_rate", "home_based", "full_time"],
        "piece",
        (50_000, 150_000),
    ),
    (
        ["membatik", "batik-cap"],
        ["Pembatik cap", "Tenaga batik cap"],
        ["Batik cap untuk seragam kantor.", "Mengecap batik di workshop."],
        ["full_time", "piece_rate"],
        "month",
        (1_700_000, 2_400_000),
    ),
    (
        ["ecoprint"],
        ["Pengrajin ecoprint", "Tenaga eco print kain"],
        ["Cetak daun di kain dan kaos.", "Ecoprint syal dan tas kain."],
        ["part_time", "freelance"],
        "day",
        (70_000, 120_000),
    ),
    (
        ["lukis-hijab"],
        ["Pelukis jilbab", "Tenaga lukis kerudung"],
        ["Melukis motif bunga di jilbab.", "Lukis hijab pesanan toko online."],
        ["home_based", "freelance"],
        "piece",
        (15_000, 35_000),
    ),
    (
        ["tas-ramah-lingkungan"],
        ["Penjahit tas kain", "Pembuat tas belanja ramah lingkungan"],
        ["Tas spunbond dan tas kain untuk minimarket.", "Goodie bag pesanan acara."],
        ["piece_rate", "home_based"],
        "piece",
        (2_000, 6_000),
    ),
    (
        ["dompet-kecil"],
        ["Pembuat dompet kain", "Perajin dompet kecil"],
        ["Dompet kecil dan tempat behel.", "Membuat dompet kain untuk oleh-oleh."],
        ["home_based", "piece_rate"],
        "piece",
        (3_000, 7_000),
    ),
    (
        ["rajut"],
        ["Perajut tas dan topi", "Pengrajin rajut"],
        ["Merajut tas, topi, dan boneka.", "Rajutan benang katun pesanan online."],
        ["home_based", "freelance"],
        "piece",
        (20_000, 60_000),
    ),
    (
        ["anyaman"],
        ["Penganyam tas pandan", "Perajin anyaman"],
        ["Anyaman pandan dan rotan.", "Menganyam tas dan tikar."],
        ["home_based", "piece_rate"],
        "piece",
        (10_000, 30_000),
    ),
    (
        ["souvenir"],
        ["Pembuat suvenir pernikahan", "Tenaga produksi cendera mata"],
        ["Suvenir pernikahan dan gantungan kunci.", "Cendera mata untuk toko oleh-oleh."],
        ["piece_rate", "part_time"],
        "piece",
        (1_000, 5_000),
    ),
    (
        ["frozen-food"],
        ["Produksi frozen food", "Karyawan produksi nugget", "Tenaga produksi makanan beku"],
        ["Membuat nugget, dimsum, dan makanan beku.", "Olahan frozen food UMKM rumahan."],
        ["full_time", "part_time"],
        "month",
        (1_600_000, 2_400_000),
    ),
    (
        ["kue-basah"],
        ["Pembuat kue basah", "Tenaga produksi jajan pasar"],
        ["Membuat klepon, lemper, dan kue kukus.", "Jajanan pasar untuk pesanan hajatan."],
        ["part_time", "piece_rate"],
        "day",
        (50_000, 90_000),
    ),
    (
        ["kue-kering"],
        ["Pembuat kue kering", "Tenaga produksi kue lebaran"],
        ["Nastar, kastengel, dan putri salju.", "Kue toples untuk pesanan lebaran."],
        ["part_time", "piece_rate"],
        "day",
        (60_000, 100_000),
    ),
    (
        ["roti"],
        ["Tukang roti", "Karyawan bakery"],
        ["Membuat roti manis dan roti tawar.", "Produksi roti untuk toko roti."],
        ["full_time"],
        "month",
        (1_900_000, 2_700_000),
    ),
    (
        ["cake-dekorasi"],
        ["Pembuat kue ulang tahun", "Dekorator kue tart"],
        ["Menghias kue tart dan bolu.", "Brownies dan kue ulang tahun pesanan."],
        ["full_time", "part_time"],
        "month",
        (1_800_000, 2_600_000),
    ),
    (
        ["katering"],
        ["Juru masak katering", "Tenaga katering rumahan", "Karyawan catering nasi kotak"],
        ["Memasak untuk katering harian.", "Menyiapkan nasi kotak dan prasmanan."],
        ["full_time", "part_time"],
        "day",
        (70_000, 110_000),
    ),
    (
        ["memasak"],
        ["Tukang masak rumahan", "Tenaga masak warung"],
        ["Masakan rumahan dan lauk pauk.", "Memasak menu harian warung makan."],
        ["full_time", "part_time"],
        "day",
        (60_000, 100_000),
    ),
    (
        ["keripik"],
        ["Produksi keripik singkong", "Tenaga produksi kripik tempe"],
        ["Menggoreng dan membumbui keripik.", "Camilan untuk toko oleh-oleh Malang."],
        ["piece_rate", "full_time"],
        "day",
        (50_000, 80_000),
    ),
    (
        ["sambal"],
        ["Produksi sambal kemasan", "Tenaga produksi bumbu pecel"],
        ["Meracik sambal dan bumbu pecel Madiun.", "Sambal botol untuk reseller."],
        ["full_time", "part_time"],
        "day",
        (55_000, 85_000),
    ),
    (
        ["pengemasan-pangan"],
        ["Tenaga pengemasan makanan", "Bagian pengemasan produk pangan", "Pengemas keripik"],
        ["Pengemasan dan pelabelan produk UMKM.", "Mengemas makanan ringan ke dalam kemasan."],
        ["part_time", "piece_rate"],
        "day",
        (50_000, 80_000),
    ),
    (
        ["jamu"],
        ["Peracik jamu", "Penjual jamu gendong", "Tenaga produksi jamu tradisional"],
        ["Meracik jamu kunyit asam dan beras kencur.", "Jamu tradisional dari tanaman obat."],
        ["part_time", "freelance"],
        "day",
        (50_000, 90_000),
    ),
    (
        ["simplisia"],
        ["Produksi jahe instan", "Tenaga serbuk herbal"],
        ["Membuat jahe dan temulawak instan.", "Pengeringan rempah untuk serbuk herbal."],
        ["full_time", "part_time"],
        "month",
        (1_500_000, 2_200_000),
    ),
    (
        ["sabun-aromaterapi"],
        ["Pembuat sabun herbal", "Produksi lilin aromaterapi"],
        ["Sabun batang dan sabun cair herbal.", "Lilin aromaterapi untuk hotel."],
        ["part_time", "home_based"],
        "piece",
        (2_000, 5_000),
    ),
    (
        ["tata-rias"],
        ["Perias wajah", "Make up artist"],
        ["Merias wisuda dan acara keluarga.", "Rias wajah untuk pesanan panggilan."],
        ["freelance"],
        "piece",
        (150_000, 400_000),
    ),
    (
        ["rias-pengantin"],
        ["Perias pengantin", "Asisten rias manten"],
        ["Rias pengantin adat Jawa dan paes.", "Membantu perias pengantin di salon."],
        ["freelance", "part_time"],
        "piece",
        (300_000, 900_000),
    ),
    (
        ["tata-rambut"],
        ["Kapster salon", "Penata rambut"],
        ["Potong rambut, creambath, dan sanggul.", "Salon wanita, melayani pelanggan."],
        ["full_time"],
        "month",
        (1_700_000, 2_500_000),
    ),
    (
        ["spa-pijat"],
        ["Terapis pijat", "Terapis spa"],
        ["Pijat tradisional dan refleksi.", "Terapis spa hotel, shift."],
        ["full_time", "freelance"],
        "month",
        (1_800_000, 3_000_000),
    ),
    (
        ["pramuniaga"],
        ["Pramuniaga toko", "Penjaga toko oleh-oleh", "SPG toko baju", "Pelayan toko emas"],
        ["Melayani pembeli dan merapikan barang.", "Jaga toko, menata barang di rak."],
        ["full_time", "part_time"],
        "month",
        (1_600_000, 2_400_000),
    ),
    (
        ["kasir"],
        ["Kasir minimarket", "Kasir toko oleh-oleh", "Kasir rumah makan"],
        ["Melayani pembayaran di mesin kasir.", "Kasir shift pagi dan sore."],
        ["full_time", "part_time"],
        "month",
        (1_800_000, 2_600_000),
    ),
    (
        ["housekeeping"],
        ["Room attendant hotel", "Tenaga tata graha"],
        ["Membersihkan kamar hotel.", "Tata graha hotel bintang tiga."],
        ["full_time"],
        "month",
        (2_000_000, 2_800_000),
    ),
    (
        ["pramusaji"],
        ["Pramusaji restoran", "Pelayan rumah makan", "Waiter kafe"],
        ["Melayani tamu restoran.", "Mengantar pesanan ke meja."],
        ["full_time", "part_time"],
        "month",
        (1_700_000, 2_400_000),
    ),
    (
        ["steward"],
        ["Pencuci piring restoran", "Tukang cuci piring"],
        ["Mencuci piring dan peralatan dapur.", "Kitchen steward hotel."],
        ["full_time", "part_time"],
        "day",
        (60_000, 90_000),
    ),
    (
        ["barista"],
        ["Barista kedai kopi", "Peracik kopi"],
        ["Meracik kopi manual brew dan latte.", "Barista kafe, shift malam."],
        ["full_time", "part_time"],
        "month",
        (1_800_000, 2_600_000),
    ),
    (
        ["pengasuh-anak"],
        ["Pengasuh anak", "Baby sitter"],
        ["Mengasuh balita di rumah keluarga.", "Menjaga anak saat orang tua bekerja."],
        ["full_time", "part_time"],
        "month",
        (1_800_000, 2_800_000),
    ),
    (
        ["pendamping-lansia"],
        ["Pendamping lansia", "Perawat lansia"],
        ["Merawat dan menemani lansia.", "Caregiver untuk nenek di rumah."],
        ["full_time"],
        "month",
        (2_000_000, 3_000_000),
    ),
    (
        ["asisten-rumah-tangga"],
        ["Asisten rumah tangga", "Pembantu rumah tangga pulang hari"],
        ["Bersih rumah, cuci, dan setrika.", "ART pulang hari, tidak menginap."],
        ["full_time", "part_time"],
        "month",
        (1_500_000, 2_200_000),
    ),
    (
        ["administrasi-kantor"],
        ["Staf admin kantor", "Admin administrasi UMKM"],
        ["Surat menyurat dan arsip.", "Administrasi dan ms office."],
        ["full_time"],
        "month",
        (2_000_000, 3_000_000),
    ),
    (
        ["entri-data"],
        ["Operator input data", "Tenaga entri data"],
        ["Mengetik dan input data ke komputer.", "Entry data dari rumah, laptop sendiri."],
        ["home_based", "part_time", "freelance"],
        "month",
        (1_200_000, 2_000_000),
    ),
    (
        ["customer-service"],
        ["Customer service online", "Admin chat pelanggan"],
        ["Membalas chat pelanggan toko online.", "Layanan pelanggan lewat WhatsApp."],
        ["home_based", "full_time"],
        "month",
        (1_800_000, 2_600_000),
    ),
    (
        ["penjualan-online"],
        ["Admin online shop", "Admin olshop hijab"],
        ["Mengelola toko online di marketplace.", "Upload produk dan membalas pesanan."],
        ["home_based", "part_time"],
        "month",
        (1_500_000, 2_300_000),
    ),
    (
        ["admin-media-sosial"],
        ["Admin media sosial", "Admin sosmed UMKM"],
        ["Mengelola Instagram dan TikTok usaha.", "Membuat jadwal posting media sosial."],
        ["home_based", "freelance"],
        "month",
        (1_500_000, 2_500_000),
    ),
    (
        ["host-live"],
        ["Host live jualan", "Host live streaming TikTok"],
        ["Live jualan baju di TikTok Shop.", "Host live shopping, shift malam."],
        ["part_time", "freelance"],
        "day",
        (80_000, 150_000),
    ),
    (
        ["laundry"],
        ["Karyawan laundry", "Tukang setrika"],
        ["Cuci setrika kiloan.", "Menyetrika dan melipat pakaian pelanggan."],
        ["full_time", "part_time"],
        "day",
        (50_000, 80_000),
    ),
    (
        ["cleaning-service"],
        ["Cleaning service kantor", "Petugas kebersihan"],
        ["Kebersihan kantor dan toilet.", "Cleaning service gedung, shift pagi."],
        ["full_time"],
        "month",
        (1_800_000, 2_500_000),
    ),
    (
        ["packer"],
        ["Tenaga packing online shop", "Packer gudang"],
        ["Packing paket pesanan marketplace.", "Bungkus paket dan cek pesanan."],
        ["full_time", "part_time", "piece_rate"],
        "day",
        (50_000, 80_000),
    ),
    (
        ["kurir"],
        ["Kurir paket", "Kurir makanan"],
        ["Mengantar paket dengan motor sendiri.", "Antar pesanan makanan di kota."],
        ["full_time", "freelance"],
        "day",
        (70_000, 120_000),
    ),
    (
        ["pengemudi"],
        ["Sopir pribadi", "Driver mobil box"],
        ["Menyetir mobil keluarga.", "Sopir antar barang, SIM B1."],
        ["full_time"],
        "month",
        (2_200_000, 3_200_000),
    ),
    (
        ["penjualan-langsung"],
        ["Sales lapangan", "Tenaga penjualan produk UMKM"],
        ["Menawarkan produk ke toko-toko.", "Sales canvasser dengan motor."],
        ["full_time", "freelance"],
        "month",
        (1_800_000, 3_000_000),
    ),
    (
        ["budidaya-lele"],
        ["Tenaga budidaya lele", "Perawat kolam ikan"],
        ["Memberi pakan dan merawat kolam lele.", "Budidaya lele bioflok."],
        ["full_time", "part_time"],
        "month",
        (1_500_000, 2_200_000),
    ),
    (
        ["budidaya-sayur"],
        ["Tenaga kebun hidroponik", "Petani sayur organik"],
        ["Merawat tanaman hidroponik.", "Menanam dan panen sayur."],
        ["full_time", "part_time"],
        "day",
        (50_000, 80_000),
    ),
    (
        ["les-privat"],
        ["Guru les privat SD", "Guru ngaji anak"],
        ["Les privat ke rumah murid.", "Mengajar mengaji anak-anak sore hari."],
        ["part_time", "freelance"],
        "hour",
        (30_000, 60_000),
    ),
]

# Vacancies that share words with others but mean something else (the traps of the issue).
DISTRACTORS: list[tuple[str, str, list[str], str, str, tuple[int, int]]] = [
    (
        "Pelayan toko perhiasan emas",
        "Menjaga etalase perhiasan emas dan perak.",
        ["pramuniaga"],
        "full_time",
        "month",
        (2_000_000, 2_800_000),
    ),
    (
        "Perajin perhiasan emas",
        "Membuat cincin dan kalung emas di bengkel.",
        [],
        "full_time",
        "month",
        (2_200_000, 3_200_000),
    ),
    (
        "Staf pemasaran produk",
        "Pemasaran produk UMKM ke pasar modern.",
        ["pemasaran"],
        "full_time",
        "month",
        (2_000_000, 3_000_000),
    ),
    (
        "Penjaga kios pasar",
        "Jaga kios sayur di pasar tradisional.",
        ["pramuniaga"],
        "part_time",
        "day",
        (50_000, 70_000),
    ),
    (
        "Tukang kebun rumah",
        "Merawat taman dan tanaman di rumah.",
        [],
        "part_time",
        "day",
        (60_000, 90_000),
    ),
    (
        "Admin gudang",
        "Stok barang dan surat jalan.",
        ["stok-gudang"],
        "full_time",
        "month",
        (2_000_000, 2_800_000),
    ),
]

# Employers by the category of the skill they hire for (a catering firm does not post batik work).
EMPLOYERS = {
    "garment": ["Konveksi Ayu", "Butik Sekar", "CV Sumber Rejeki"],
    "craft": ["Galeri Kriya Madiun", "Rumah Batik Pecel", "Toko Oleh-oleh Arema"],
    "culinary": ["Dapur Mama Rini", "Katering Bu Sri", "UMKM Berkah Jaya"],
    "herbal": ["Jamu Sehat Bu Tin", "UMKM Berkah Jaya"],
    "beauty": ["Salon Cantik Sari", "Griya Rias Ayu"],
    "retail": ["Toko Sembako Makmur", "Toko Oleh-oleh Arema", "Minimarket Sejahtera"],
    "hospitality": ["Hotel Tugu Asri", "Kedai Kopi Tenggilis", "Rumah Makan Sederhana"],
}
OTHER_EMPLOYERS = ["CV Sumber Rejeki", "UMKM Berkah Jaya", "Keluarga Bapak Hadi"]
CATEGORY = {
    entry["slug"]: entry["category"]
    for entry in json.loads(
        (Path(__file__).resolve().parent.parent / "jobs" / "data" / "skills.json").read_text(
            encoding="utf-8"
        )
    )
}


def _employers(skills: list[str]) -> list[str]:
    return EMPLOYERS.get(CATEGORY.get(skills[0], "") if skills else "", OTHER_EMPLOYERS)


WORK_TYPE_WORDS = {
    "home_based": "Bisa dikerjakan di rumah.",
    "part_time": "Kerja paruh waktu.",
    "piece_rate": "Dibayar borongan per potong.",
    "freelance": "Lepas, sesuai pesanan.",
    "full_time": "",
}


def build_corpus() -> list[dict]:
    rng = random.Random(SEED)
    corpus: list[dict] = []
    for skills, titles, descriptions, work_types, pay_unit, (low, high) in TEMPLATES:
        count = max(5, len(titles) + 2)
        for number in range(count):
            title = titles[number % len(titles)]
            work_type = work_types[number % len(work_types)]
            # About a third say their work type in words; the rest only in the field, as many
            # employers do (the issue: "borongan" must find piece-rate work without the word).
            said = WORK_TYPE_WORDS[work_type] if rng.random() < 0.35 else ""
            city, districts = (
                ("Kota Madiun", MADIUN) if rng.random() < 0.3 else ("Kota Malang", MALANG)
            )
            pay_max = rng.randrange(low, high + 1, max(1, (high - low) // 8 or 1))
            corpus.append(
                {
                    "key": f"v{len(corpus) + 1:03d}",
                    "title": title,
                    "description": " ".join(
                        part for part in (rng.choice(descriptions), said) if part
                    ),
                    "skills": list(skills),
                    "work_type": work_type,
                    "pay_unit": pay_unit,
                    "pay_min": int(pay_max * 0.8),
                    "pay_max": pay_max,
                    "city": city,
                    "district": rng.choice(districts),
                    "employer": rng.choice(_employers(skills)),
                }
            )
    for title, description, skills, work_type, pay_unit, (low, high) in DISTRACTORS:
        for _copy in range(2):
            pay_max = rng.randrange(low, high + 1, max(1, (high - low) // 8))
            corpus.append(
                {
                    "key": f"v{len(corpus) + 1:03d}",
                    "title": title,
                    "description": description,
                    "skills": skills,
                    "work_type": work_type,
                    "pay_unit": pay_unit,
                    "pay_min": int(pay_max * 0.8),
                    "pay_max": pay_max,
                    "city": "Kota Malang",
                    "district": rng.choice(MALANG),
                    "employer": rng.choice(_employers(skills)),
                }
            )
    return corpus


# A query: what she types, the kind of difficulty, and what she means. ``skills`` grades the
# vacancies asking for a skill (the first skill of a vacancy counts fully, a later one one grade
# less); ``titles`` grades vacancies whose title holds a word; ``work_type`` / ``pay_unit`` /
# ``district`` / ``pay_min`` are wishes: a vacancy that fits keeps its grade, one that does not
# loses one; a query of wishes only (``only``) grades by them alone.
Q = dict
QUERIES: list[dict] = [
    # colloquial and regional spellings
    Q(q="jait", kind="variant", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="penjait", kind="variant", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="tukang jait", kind="variant", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="jaitan baju", kind="variant", skills={"menjahit": 3, "konveksi": 2}),
    Q(q="penjait rumahan", kind="variant", skills={"menjahit": 3, "jahit-hijab": 2}, work_type="home_based"),
    Q(q="jait jilbab", kind="variant", skills={"jahit-hijab": 3, "menjahit": 1}),
    Q(q="kripik", kind="variant", skills={"keripik": 3, "pengemasan-pangan": 1}),
    Q(q="sambel pecel", kind="variant", skills={"sambal": 3}),
    Q(q="supir", kind="variant", skills={"pengemudi": 3, "kurir": 1}),
    Q(q="permak celana", kind="variant", skills={"alterasi-pakaian": 3}),
    Q(q="olshop", kind="variant", skills={"penjualan-online": 3, "customer-service": 1}),
    Q(q="admin sosmed", kind="variant", skills={"admin-media-sosial": 3}),
    Q(q="cemilan", kind="variant", skills={"keripik": 3}),
    Q(q="pijet", kind="variant", skills={"spa-pijat": 3}),
    Q(q="rias manten", kind="variant", skills={"rias-pengantin": 3, "tata-rias": 1}),
    Q(q="kue lebaran", kind="variant", skills={"kue-kering": 3}),
    Q(q="bikin kue", kind="variant", skills={"cake-dekorasi": 3, "kue-kering": 2, "kue-basah": 2, "roti": 1}),
    Q(q="masak", kind="variant", skills={"memasak": 3, "katering": 2}),
    Q(q="nyanting", kind="variant", skills={"batik-tulis": 3, "membatik": 2}),
    Q(q="catering", kind="variant", skills={"katering": 3}),
    # typos
    Q(q="penjahir", kind="typo", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="pnjahit", kind="typo", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="menjahti", kind="typo", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="pembatk", kind="typo", skills={"membatik": 3}),
    Q(q="bordr komputer", kind="typo", skills={"bordir": 3}),
    Q(q="overlok", kind="typo", skills={"obras": 3}),
    Q(q="kasi minimarket", kind="typo", skills={"kasir": 3}),
    Q(q="pramuniga", kind="typo", skills={"pramuniaga": 3}),
    Q(q="frozzen food", kind="typo", skills={"frozen-food": 3}),
    Q(q="ketering", kind="typo", skills={"katering": 3}),
    Q(q="barrista", kind="typo", skills={"barista": 3}),
    Q(q="pengasu anak", kind="typo", skills={"pengasuh-anak": 3}),
    Q(q="laundri", kind="typo", skills={"laundry": 3}),
    Q(q="sablom kaos", kind="typo", skills={"sablon": 3}),
    Q(q="ecoprin", kind="typo", skills={"ecoprint": 3}),
    Q(q="hidroponk", kind="typo", skills={"budidaya-sayur": 3}),
    Q(q="room attendant hotle", kind="typo", skills={"housekeeping": 3}),
    Q(q="perias pengatin", kind="typo", skills={"rias-pengantin": 3, "tata-rias": 1}),
    Q(q="packing onlien shop", kind="typo", skills={"packer": 3, "penjualan-online": 1}),
    Q(q="jamu gendongg", kind="typo", skills={"jamu": 3}),
    # multi-word skills
    Q(q="batik tulis", kind="multiword", skills={"batik-tulis": 3, "membatik": 1}),
    Q(q="batik cap", kind="multiword", skills={"batik-cap": 3, "membatik": 1}),
    Q(q="jamu gendong", kind="multiword", skills={"jamu": 3}),
    Q(q="kue basah", kind="multiword", skills={"kue-basah": 3}),
    Q(q="frozen food", kind="multiword", skills={"frozen-food": 3}),
    Q(q="makanan beku", kind="multiword", skills={"frozen-food": 3}),
    Q(q="cuci piring", kind="multiword", skills={"steward": 3}),
    Q(q="tas kain", kind="multiword", skills={"tas-ramah-lingkungan": 3}),
    Q(q="jahe instan", kind="multiword", skills={"simplisia": 3}),
    Q(q="input data", kind="multiword", skills={"entri-data": 3}),
    Q(q="live jualan", kind="multiword", skills={"host-live": 3}),
    Q(q="asisten rumah tangga", kind="multiword", skills={"asisten-rumah-tangga": 3}),
    Q(q="pendamping lansia", kind="multiword", skills={"pendamping-lansia": 3}),
    Q(q="guru les", kind="multiword", skills={"les-privat": 3}),
    Q(q="budidaya lele", kind="multiword", skills={"budidaya-lele": 3}),
    Q(q="sabun herbal", kind="multiword", skills={"sabun-aromaterapi": 3}),
    # stemming that must not change the meaning
    Q(q="emas", kind="stemming", titles={"emas": 3}),
    Q(q="perhiasan emas", kind="stemming", titles={"emas": 3}),
    Q(q="pengemasan", kind="stemming", skills={"pengemasan-pangan": 3}),
    Q(q="kemasan makanan", kind="stemming", skills={"pengemasan-pangan": 3}),
    Q(q="pemasaran", kind="stemming", skills={"pemasaran": 3}),
    Q(q="toko emas", kind="stemming", titles={"emas": 3}),
    # intent phrases: work type, pay unit
    Q(q="kerja dari rumah", kind="intent", work_type="home_based", only=True),
    Q(q="borongan", kind="intent", work_type="piece_rate", only=True),
    Q(q="paruh waktu", kind="intent", work_type="part_time", only=True),
    Q(q="gaji harian", kind="intent", pay_unit="day", only=True),
    Q(q="penjahit borongan", kind="intent", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}, work_type="piece_rate"),
    Q(q="jahit dari rumah", kind="intent", skills={"menjahit": 3, "jahit-hijab": 3, "konveksi": 2}, work_type="home_based"),
    Q(q="kasir paruh waktu", kind="intent", skills={"kasir": 3}, work_type="part_time"),
    Q(q="batik borongan", kind="intent", skills={"membatik": 3}, work_type="piece_rate"),
    Q(q="admin kerja dari rumah", kind="intent", skills={"penjualan-online": 3, "customer-service": 3, "entri-data": 3, "admin-media-sosial": 3, "administrasi-kantor": 2}, work_type="home_based"),
    Q(q="kue basah gaji harian", kind="intent", skills={"kue-basah": 3}, pay_unit="day"),
    Q(q="pramusaji part time", kind="intent", skills={"pramusaji": 3}, work_type="part_time"),
    Q(q="lepas rias", kind="intent", skills={"tata-rias": 3, "rias-pengantin": 2}, work_type="freelance"),
    # places
    Q(q="penjahit di sukun", kind="place", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}, district="Sukun"),
    Q(q="kasir klojen", kind="place", skills={"kasir": 3}, district="Klojen"),
    Q(q="batik madiun", kind="place", skills={"membatik": 3}, city="Kota Madiun"),
    Q(q="kerja di lowokwaru", kind="place", district="Lowokwaru", only=True),
    Q(q="katering di blimbing", kind="place", skills={"katering": 3, "memasak": 1}, district="Blimbing"),
    Q(q="pramusaji kartoharjo", kind="place", skills={"pramusaji": 3}, district="Kartoharjo"),
    Q(q="laundry di kedungkandang", kind="place", skills={"laundry": 3}, district="Kedungkandang"),
    Q(q="jamu di taman", kind="place", skills={"jamu": 3}, district="Taman"),
    # pay
    Q(q="penjahit 2jt", kind="pay", skills={"menjahit": 3, "konveksi": 2}, pay_min=2_000_000),
    Q(q="kasir gaji 2 juta", kind="pay", skills={"kasir": 3}, pay_min=2_000_000),
    Q(q="kurir 100rb sehari", kind="pay", skills={"kurir": 3}, pay_min=100_000, pay_unit="day"),
    Q(q="sopir 3jt", kind="pay", skills={"pengemudi": 3}, pay_min=3_000_000),
    # plain words, as typed
    Q(q="penjahit", kind="plain", skills={"menjahit": 3, "konveksi": 2, "jahit-hijab": 2}),
    Q(q="obras", kind="plain", skills={"obras": 3}),
    Q(q="barista", kind="plain", skills={"barista": 3}),
    Q(q="pengasuh anak", kind="plain", skills={"pengasuh-anak": 3}),
    Q(q="keripik singkong", kind="plain", skills={"keripik": 3}),
    Q(q="kapster salon", kind="plain", skills={"tata-rambut": 3}),
    Q(q="sales", kind="plain", skills={"penjualan-langsung": 3}),
    Q(q="cleaning service", kind="plain", skills={"cleaning-service": 3}),
]  # fmt: skip


def grade(query: dict, vacancy: dict) -> int:
    """The one rule turning a query's written intent into a grade for a vacancy (0 = none)."""
    base = 0
    for position, slug in enumerate(vacancy["skills"]):
        if slug in query.get("skills", {}):
            base = max(base, query["skills"][slug] - (1 if position else 0))
    title = vacancy["title"].lower()
    for word, value in query.get("titles", {}).items():
        if word in title.split():
            base = max(base, value)
    wishes = [
        ("work_type", lambda v, w: v["work_type"] == w),
        ("pay_unit", lambda v, w: v["pay_unit"] == w),
        ("district", lambda v, w: v["district"] == w),
        ("city", lambda v, w: v["city"] == w),
        ("pay_min", lambda v, w: v["pay_max"] >= w),
    ]
    asked = [(name, test) for name, test in wishes if name in query]
    if query.get("only"):
        return 2 if all(test(vacancy, query[name]) for name, test in asked) else 0
    for name, test in asked:
        if base and not test(vacancy, query[name]):
            base -= 1
    return base


def main() -> None:
    corpus = build_corpus()
    queries = []
    for number, query in enumerate(QUERIES, start=1):
        judgments = {v["key"]: g for v in corpus if (g := grade(query, v)) > 0}
        intent = {key: value for key, value in query.items() if key not in ("q", "kind")}
        queries.append(
            {"id": f"q{number:03d}", "q": query["q"], "kind": query["kind"], "intent": intent,
             "judgments": judgments}
        )  # fmt: skip
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "relevance_corpus.json").write_text(
        json.dumps(corpus, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (DATA / "relevance_queries.json").write_text(
        json.dumps(queries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    empty = [q["q"] for q in queries if not q["judgments"]]
    print(f"{len(corpus)} vacancies, {len(queries)} queries; without judgments: {empty}")


if __name__ == "__main__":
    main()
