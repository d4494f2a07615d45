# ruff: noqa: E501 - one paragraph a line: the page shows each line as a paragraph
"""The texts of the privacy notice, per version. A published version never changes: a new text
is a new version (a new entry here and a data migration publishing it), and people are asked
again for what the new text changes."""

TEXT_ID = """\
Pemberitahuan Privasi Si-Caker (versi 1)

Si-Caker dijalankan oleh Dinas Tenaga Kerja (Disnaker) kota Anda. Disnaker adalah pengendali data pribadi Anda menurut Undang-Undang Pelindungan Data Pribadi (UU PDP) No. 27 Tahun 2022.

Data yang kami simpan: nama, NIK, nomor HP, email, alamat sampai kecamatan/kelurahan dan titik lokasi rumah (jika Anda isi), pendidikan, keahlian, pelatihan yang Anda ikuti, dan lamaran Anda.

Untuk apa, masing-masing dengan persetujuan Anda sendiri:
(a) Mengolah profil Anda untuk mencocokkan Anda dengan lowongan. Ini wajib untuk memakai Si-Caker.
(b) Menampilkan Anda kepada pemberi kerja sebagai kandidat tanpa nama: mereka melihat keahlian, pendidikan, dan jarak kira-kira, bukan nama, NIK, nomor HP, atau alamat Anda. Nama dan kontak Anda baru terlihat oleh pemberi kerja yang lowongannya Anda lamar.
(c) Menghubungi Anda lewat SMS atau WhatsApp. Tanpa ini, kabar tetap masuk ke kotak masuk dan email Anda.

NIK Anda disimpan terenkripsi dan tidak pernah ditampilkan kepada pemberi kerja. Petugas Disnaker hanya melihat NIK tersamar; jika perlu melihatnya utuh, alasannya dicatat dan Anda dapat membacanya.

Hak Anda: melihat dan mengunduh semua data Anda, memperbaikinya, menarik setiap persetujuan kapan saja (di halaman Saya > Privasi), dan menghapus akun Anda. Menarik persetujuan tidak membatalkan pengolahan yang sudah terjadi sebelumnya.

Lamaran yang sudah selesai lebih dari 2 tahun dan akun yang lama tidak aktif dianonimkan. Jika terjadi kebocoran data, kami memberi tahu Anda paling lambat 3 x 24 jam.

Pertanyaan atau keluhan: datang ke kantor Disnaker atau hubungi petugas yang mendaftarkan Anda.
"""

TEXT_EN = """\
Si-Caker Privacy Notice (version 1)

Si-Caker is run by your city's labor office (Disnaker). Disnaker is the controller of your personal data under Indonesia's Personal Data Protection Law (UU PDP), No. 27 of 2022.

What we keep: your name, NIK, mobile number, email, address down to district/sub-district and your home location (if you give it), education, skills, the trainings you completed, and your applications.

What for, each with its own consent:
(a) Processing your profile to match you with vacancies. This is needed to use Si-Caker.
(b) Showing you to employers as a candidate without your name: they see your skills, education and a rough distance, not your name, NIK, phone or address. Your name and contact are seen only by an employer whose vacancy you apply to.
(c) Contacting you by SMS or WhatsApp. Without it, news still reaches your inbox and email.

Your NIK is stored encrypted and never shown to employers. Labor-office officers see it masked; if one needs to see it in full, the reason is recorded and you can read it.

Your rights: to see and download all your data, to correct it, to withdraw any consent at any time (on the page Me > Privacy), and to delete your account. Withdrawing does not undo processing done before.

Applications closed for more than 2 years and accounts inactive for a long time are anonymised. If a data breach happens, we tell you within 3 x 24 hours.

Questions or complaints: visit the Disnaker office or contact the officer who registered you.
"""

NOTICE_V1 = {"version": 1, "text_id": TEXT_ID, "text_en": TEXT_EN}
