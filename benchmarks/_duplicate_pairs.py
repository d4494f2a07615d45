"""Writes tests/data/duplicate_pairs.json: labelled pairs of Indonesian vacancy texts.

Run once (``python benchmarks/_duplicate_pairs.py``); the file it writes is what ships and what
``benchmarks/duplicates.py`` and the tests read. Three kinds of pair, in the style of the demo
data (``demo/jobs.py``) and of the ads small employers post:

- ``duplicate``: one vacancy and a near-copy of it: reposted by the same employer with small
  edits (a number, a word, a sentence moved or dropped, a typo), or copied by another "employer"
  (the scam ad);
- ``template``: one employer's template used for two different jobs (same intro, terms and how
  to apply; another title and other duties): *not* duplicates;
- ``unrelated``: different jobs from different employers.

Each job and each employer template is used in one pair only, so that a pair's text never meets
another pair's copy by construction.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "duplicate_pairs.json"

# (title, duties sentence) — trades from the articles and the demo data.
JOBS = [
    (
        "Penjahit Borongan Seragam Sekolah",
        "Menjahit seragam sekolah di rumah; bahan dan pola disediakan, diambil tiap Senin.",
    ),
    ("Operator Obras Paruh Waktu", "Obras baju anak di workshop, pagi hari, mesin disediakan."),
    ("Penjahit Masker Kain", "Pesanan masker kain tiga lapis untuk sekolah dan kantor."),
    (
        "Pembatik Tulis Motif Pecel",
        "Membatik tulis kain katun motif pecel; dibayar per lembar kain.",
    ),
    ("Pelukis Jilbab Batik", "Melukis motif batik di jilbab untuk koleksi oleh-oleh."),
    ("Produksi Frozen Food Rumahan", "Membuat nugget dan risoles beku di dapur produksi."),
    (
        "Pramuniaga Toko Oleh-Oleh",
        "Melayani pembeli, menata produk di rak dan menjaga kebersihan toko.",
    ),
    (
        "Kasir Akhir Pekan",
        "Menjadi kasir pada hari Sabtu dan Minggu, menghitung uang dan membuat laporan harian.",
    ),
    (
        "Peracik Jamu Tanaman Obat Keluarga",
        "Meracik jamu kunyit asam dan beras kencur dari tanaman TOGA.",
    ),
    ("Pembuat Tas Ramah Lingkungan", "Menjahit tas belanja dari kain perca dan karung goni bekas."),
    ("Pengrajin Dompet Kecil", "Membuat dompet kecil dari kain tenun untuk toko suvenir."),
    ("Penyablon Kaos", "Menyablon kaos pesanan komunitas dengan tinta plastisol."),
    ("Pelukis Kaos Custom", "Melukis gambar pesanan di kaos polos dengan cat tekstil."),
    ("Juru Masak Katering", "Memasak menu harian katering kantor untuk seratus porsi."),
    ("Pembuat Kue Kering Lebaran", "Membuat nastar dan kastengel untuk pesanan lebaran."),
    ("Pengemas Keripik Tempe", "Menimbang dan mengemas keripik tempe dalam plastik bersegel."),
    ("Housekeeping Hotel", "Membersihkan kamar tamu, mengganti seprai dan handuk setiap hari."),
    ("Pelayan Rumah Makan", "Mencatat pesanan tamu dan mengantar makanan ke meja."),
    ("Pengasuh Anak Harian", "Menjaga dan menemani anak usia dua tahun selama orang tua bekerja."),
    ("Perawat Lansia", "Mendampingi ibu lansia, menyiapkan makan dan obat sesuai jadwal."),
    ("Admin Toko Online", "Membalas chat pembeli dan mengunggah foto produk ke marketplace."),
    ("Penjaga Laundry Kiloan", "Menimbang cucian, mencuci dan menyetrika pakaian pelanggan."),
    ("Perangkai Bunga Kering", "Merangkai bunga kering untuk hantaran dan dekorasi pernikahan."),
    ("Penganyam Keranjang Bambu", "Menganyam keranjang dan tempat buah dari bambu."),
    ("Pembuat Sabun Herbal", "Membuat sabun batang dari minyak kelapa dan daun sirih."),
    ("Penjual Sayur Keliling", "Menjual sayur dan bumbu dapur keliling kampung dengan motor."),
    ("Tukang Bordir Kerudung", "Membordir nama dan motif bunga di kerudung dengan mesin bordir."),
    ("Pembuat Boneka Flanel", "Menjahit boneka dan gantungan kunci dari kain flanel."),
    ("Pengolah Susu Kedelai", "Membuat susu kedelai dan tahu segar setiap pagi."),
    ("Penjahit Permak Pakaian", "Memperbaiki dan mengecilkan pakaian pelanggan di kios jahit."),
    ("Pembuat Keset Kain Perca", "Membuat keset dari kain perca sisa konveksi."),
    ("Pembuat Sambal Kemasan", "Mengulek dan memasak sambal bawang untuk dijual dalam botol."),
    ("Penenun Kain Tradisional", "Menenun kain lurik dengan alat tenun bukan mesin."),
    ("Pengemas Kopi Bubuk", "Menyangrai, menggiling dan mengemas kopi bubuk robusta."),
    ("Pembuat Lilin Aromaterapi", "Menuang lilin aromaterapi ke gelas kaca dan memberi label."),
    ("Penjahit Mukena", "Menjahit mukena katun dan renda untuk toko busana muslim."),
    ("Penata Rias Pengantin", "Merias pengantin dan keluarga untuk acara pernikahan."),
    ("Tukang Cuci Piring Restoran", "Mencuci piring dan peralatan dapur pada jam makan siang."),
    ("Pembuat Rempeyek", "Menggoreng rempeyek kacang dan teri untuk pesanan warung."),
    ("Pengrajin Anyaman Eceng Gondok", "Menganyam tas dan tikar dari eceng gondok kering."),
    ("Pembuat Gantungan Kunci Resin", "Mencetak gantungan kunci resin dengan bunga kering."),
    ("Pengantar Katering", "Mengantar rantang katering ke rumah pelanggan dengan motor."),
    ("Pembuat Kerupuk Ikan", "Membuat adonan dan menjemur kerupuk ikan tenggiri."),
    ("Penjahit Gorden", "Menjahit gorden dan taplak meja sesuai ukuran pesanan."),
    (
        "Pembuat Jajanan Pasar",
        "Membuat kue lapis, klepon dan dadar gulung untuk dititipkan di pasar.",
    ),
    ("Penjaga Warung Kelontong", "Menjaga warung, mencatat stok dan melayani pembeli."),
    ("Pengrajin Batik Cap", "Mengecap motif batik di kain mori dengan canting cap tembaga."),
    ("Pembuat Minuman Herbal Instan", "Membuat jahe merah dan temulawak instan dalam sachet."),
    ("Pengupas Bawang", "Mengupas bawang merah dan putih untuk dapur rumah makan."),
    ("Resepsionis Penginapan", "Menerima tamu, mencatat pemesanan kamar dan menjawab telepon."),
    ("Pembuat Tempe", "Merebus, meragi dan membungkus tempe dengan daun pisang."),
    ("Pengrajin Sandal Hotel", "Menjahit sandal kain untuk hotel dan penginapan."),
    ("Penjual Pulsa dan Token", "Melayani penjualan pulsa, paket data dan token listrik."),
    ("Pembuat Roti Manis", "Membuat roti manis isi cokelat dan keju setiap dini hari."),
    ("Tukang Setrika Panggilan", "Menyetrika pakaian di rumah pelanggan dua kali seminggu."),
    ("Pengrajin Tas Rajut", "Merajut tas dan dompet dari benang nilon."),
    ("Pembuat Bakso Beku", "Menggiling daging dan membentuk bakso untuk dibekukan."),
    ("Penjahit Kebaya", "Menjahit kebaya brokat sesuai ukuran pelanggan."),
    (
        "Pemandu Wisata Kampung",
        "Memandu tamu berkeliling kampung batik dan menjelaskan sejarahnya.",
    ),
    ("Pembuat Abon Ikan", "Memasak dan menyuwir abon ikan tongkol untuk oleh-oleh."),
    ("Pengemas Madu", "Menyaring dan mengemas madu hutan ke dalam botol."),
    ("Penjahit Baju Anak", "Menjahit baju anak motif kartun untuk toko grosir."),
    ("Pembuat Pot Semen", "Mencetak pot bunga dari semen dan mengecatnya."),
    ("Tukang Kebun Sekolah", "Merawat taman sekolah, menyiram tanaman dan memangkas rumput."),
    ("Pengolah Keripik Pisang", "Mengiris dan menggoreng keripik pisang aneka rasa."),
    ("Penjahit Tas Sekolah", "Menjahit tas sekolah dari kain kanvas dengan resleting."),
    ("Pembuat Dodol", "Mengaduk dodol ketan dan mengemasnya dalam kertas minyak."),
    ("Operator Mesin Jahit High Speed", "Menjahit kemeja kerja di pabrik garmen, target harian."),
    ("Pengecat Kerajinan Kayu", "Mengecat dan memoles mainan kayu untuk ekspor."),
    ("Pembuat Pempek", "Membuat pempek kapal selam dan lenjer dari ikan tenggiri."),
    ("Staf Gudang Konveksi", "Menghitung, melipat dan mengemas pakaian jadi di gudang."),
    ("Pembuat Brownies Kukus", "Membuat brownies kukus untuk pesanan arisan dan ulang tahun."),
    ("Penjual Es Teh Booth", "Menjual es teh dan minuman dingin di booth depan sekolah."),
    ("Pembuat Masker Wajah Herbal", "Menumbuk dan mengemas masker bengkuang dan beras."),
    ("Penjahit Seprai", "Menjahit seprai dan sarung bantal ukuran king dan queen."),
    ("Tukang Pijat Refleksi", "Memijat refleksi kaki pelanggan di rumah pijat keluarga."),
    ("Pembuat Kaligrafi Kain", "Melukis kaligrafi di kain kanvas untuk hiasan dinding."),
    ("Pembuat Serundeng", "Menyangrai kelapa parut dan bumbu menjadi serundeng."),
    ("Perajut Sepatu Bayi", "Merajut sepatu dan topi bayi dari benang katun."),
    ("Penjahit Jas Almamater", "Menjahit jas almamater pesanan kampus."),
]

PLACES = [
    "Klojen",
    "Lowokwaru",
    "Blimbing",
    "Sukun",
    "Kedungkandang",
    "Taman",
    "Kartoharjo",
    "Manguharjo",
    "Balikpapan Kota",
    "Balikpapan Utara",
    "Dinoyo",
    "Sawojajar",
]
OWNERS = [
    "Bu Sri",
    "Bu Endang",
    "Bu Wati",
    "Bu Yuli",
    "Pak Hadi",
    "Bu Ratna",
    "Bu Ani",
    "Pak Joko",
    "Bu Lestari",
    "Bu Nur",
    "Bu Siti",
    "Bu Rini",
]
KINDS = ["UMKM", "industri rumahan", "usaha keluarga", "toko", "rumah produksi", "koperasi"]

# Employer templates: (intro, terms, how to apply), each with {place} and {owner} slots.
INTROS = [
    "Kami {kind} di Kecamatan {place} membuka lowongan untuk ibu rumah tangga.",
    "{kind} milik {owner} di {place} sedang mencari tenaga kerja baru.",
    "Dibutuhkan segera untuk {kind} kami yang sedang berkembang di {place}.",
    "Lowongan kerja dari {kind} binaan Disnaker di {place}.",
    "Halo ibu-ibu, {kind} kami di {place} butuh tambahan tenaga.",
    "Kesempatan kerja dekat rumah di {place} bersama {kind} {owner}.",
]
TERMS = [
    "Syarat: perempuan usia 20 sampai 45 tahun, jujur, teliti dan bisa bekerja sama.",
    "Diutamakan yang sudah ikut pelatihan dan punya sertifikat pelatihan dari dinas.",
    "Jam kerja fleksibel, bisa sambil mengurus anak, upah dibayar setiap Sabtu.",
    "Tidak perlu pengalaman, akan dilatih dulu selama satu minggu.",
    "Wajib domisili {place} dan sekitarnya, punya HP untuk koordinasi.",
    "Mendapat makan siang, THR dan bonus bila target tercapai.",
    "Bahan dan alat disediakan, hasil kerja diambil ke rumah.",
    "Pendidikan minimal SMP, sehat jasmani dan rohani.",
]
APPLY = [
    "Lamar lewat Si-Caker atau datang langsung ke rumah produksi kami di {place}.",
    "Hubungi {owner} lewat WhatsApp untuk wawancara, lamaran juga bisa lewat Si-Caker.",
    "Kirim lamaran melalui aplikasi Si-Caker paling lambat akhir bulan ini.",
    "Silakan datang membawa fotokopi KTP dan sertifikat pelatihan ke alamat kami di {place}.",
]
SLOGANS = ["Segera!", "Kuota terbatas.", "Ditunggu lamarannya.", "Terima kasih."]
SYNONYMS = {
    "Menjahit": "Jahit",
    "membuat": "bikin",
    "pesanan": "orderan",
    "kain": "bahan",
    "pelanggan": "pembeli",
    "setiap": "tiap",
    "untuk": "buat",
    "dengan": "pakai",
    "Syarat": "Persyaratan",
    "segera": "secepatnya",
    "rumah": "tempat tinggal",
    "usia": "umur",
    "sampai": "hingga",
    "jujur": "amanah",
    "Membuat": "Bikin",
}


def _employer(rng: random.Random, number: int) -> dict[str, str]:
    place, owner, kind = PLACES[number % len(PLACES)], rng.choice(OWNERS), rng.choice(KINDS)
    fill = {"place": place, "owner": owner, "kind": kind}
    intro = INTROS[number % len(INTROS)].format(**fill)
    terms = " ".join(term.format(**fill) for term in rng.sample(TERMS, rng.choice([1, 2, 3])))
    apply = rng.choice(APPLY).format(**fill)
    return {"intro": intro, "terms": terms, "apply": apply}


def _vacancy(
    rng: random.Random, job: tuple[str, str], employer: dict[str, str] | None, short: bool
) -> dict[str, str]:
    title, duties = job
    if short or employer is None:
        # The demo's style: a title and one sentence.
        return {"title": title, "description": duties}
    positions = rng.choice([2, 3, 4, 5, 6, 8, 10])
    return {
        "title": title,
        "description": " ".join(
            [
                employer["intro"],
                duties,
                f"Dibutuhkan {positions} orang.",
                employer["terms"],
                employer["apply"],
            ]
        ),
    }


def _small_edit(  # noqa: C901, PLR0912 - one branch per kind of edit, read as a list
    rng: random.Random, vacancy: dict[str, str], *, edits: int
) -> dict[str, str]:
    """A repost with small edits: what an employer changes when she posts the same job again."""
    title, description = vacancy["title"], vacancy["description"]
    kinds = rng.sample(
        ["number", "synonym", "slogan", "typo", "case", "reorder", "title", "drop", "add"], edits
    )
    for kind in kinds:
        words = description.split()
        if kind == "number":
            numbered = [i for i, word in enumerate(words) if word.isdigit()]
            if numbered:
                words[rng.choice(numbered)] = str(rng.choice([1, 7, 12, 15]))
            else:
                words.append(f"({rng.choice([2, 3, 5])} orang)")
        elif kind == "synonym":
            swappable = [i for i, word in enumerate(words) if word.strip(".,;") in SYNONYMS]
            if swappable:
                i = rng.choice(swappable)
                bare = words[i].strip(".,;")
                words[i] = words[i].replace(bare, SYNONYMS[bare])
        elif kind == "slogan":
            words.append(rng.choice(SLOGANS))
        elif kind == "typo":
            long_words = [i for i, word in enumerate(words) if len(word) > 6]
            if long_words:
                i = rng.choice(long_words)
                word = words[i]
                cut = rng.randrange(2, len(word) - 2)
                words[i] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
        elif kind == "case":
            words = [word.upper() if rng.random() < 0.2 else word for word in words]
        elif kind == "reorder":
            sentences = [s for s in " ".join(words).split(". ") if s]
            if len(sentences) > 2:
                i = rng.randrange(len(sentences) - 1)
                sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
            words = ". ".join(sentences).split()
        elif kind == "drop":
            sentences = [s for s in " ".join(words).split(". ") if s]
            if len(sentences) > 3:
                sentences.pop(rng.randrange(1, len(sentences)))
            words = ". ".join(sentences).split()
        elif kind == "add":
            words.extend(rng.choice(TERMS).format(place=rng.choice(PLACES), owner="").split())
        elif kind == "title":
            title = rng.choice(
                [f"{title} (Segera)", f"Dicari {title}", title.upper(), f"Lowongan {title}"]
            )
        description = " ".join(words)
    return {"title": title, "description": description}


def build(seed: int = 20261127) -> list[dict]:
    rng = random.Random(seed)
    jobs = JOBS[:]
    rng.shuffle(jobs)
    # Each job is used by one vacancy "a" and, in duplicate pairs, its copy only.
    pairs: list[dict] = []
    employer_number = 0

    def next_employer() -> dict[str, str]:
        nonlocal employer_number
        employer_number += 1
        return _employer(rng, employer_number)

    job_iter = iter(jobs * 5)  # each job appears in several pairs, under different employers
    seen: set[str] = set()

    def is_short(job: tuple[str, str], wanted: bool) -> bool:
        """The short style (title and duties only) for a job's first use only: two short texts
        of one job would be copies of each other across pairs."""
        short = wanted and job[0] not in seen
        seen.add(job[0])
        return short

    for number in range(100):
        job = next(job_iter)
        employer = next_employer()
        short = is_short(job, number % 4 == 0)
        original = _vacancy(rng, job, employer, short)
        edits = 1 if short else rng.choice([1, 2, 3, 4])
        copy = _small_edit(rng, original, edits=edits)
        pairs.append(
            {
                "label": "duplicate",
                "same_employer": number % 3 != 0,
                "edits": edits,
                "a": original,
                "b": copy,
            }
        )
    for number in range(60):
        first, second = next(job_iter), next(job_iter)
        employer = next_employer()
        short = is_short(first, number % 5 == 0) & is_short(second, number % 5 == 0)
        pairs.append(
            {
                "label": "template",
                "same_employer": True,
                "a": _vacancy(rng, first, employer, short),
                "b": _vacancy(rng, second, employer, short),
            }
        )
    for number in range(60):
        first, second = next(job_iter), next(job_iter)
        pairs.append(
            {
                "label": "unrelated",
                "same_employer": False,
                "a": _vacancy(rng, first, next_employer(), is_short(first, number % 4 == 0)),
                "b": _vacancy(rng, second, next_employer(), is_short(second, number % 4 == 1)),
            }
        )
    return pairs


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
