"""Embedded demo data for `manage.py seed_demo`: the organisation of Pemerintah Kota
Bengkulu (pimpinan, dinas, badan, Setda bagian, the nine kecamatan, some kelurahan, RSUD,
PDAM, UPTD puskesmas), one row per agency in the agency import format
(`agencies.importing`).

Routing keywords cover each agency's whole remit as its communications officer would list
it, with the words and abbreviations citizens use; a kecamatan's places are its own name and
those of its kelurahan that are not agencies here (an ambiguous name — "Surabaya", "Berkas",
"Pasar Baru" — only with "kelurahan" before it); named markets, beaches and landmarks are
places of the agency that runs them, so that a topic keyword beats them.

The agencies are modelled on the real structure, but every person, handle, phone number,
e-mail address and web address here is FICTIONAL: heads carry "Fiktif" or "Contoh" in
their names, e-mails end in @demo.sigap.test, handles end in demo/_dm and websites in
.test. Parents come before their children.
"""

from __future__ import annotations

DEMO_AGENCIES: list[dict[str, str]] = [
    {
        "name": "Wali Kota Bengkulu",
        "short_name": "Wali Kota",
        "slug": "walikota",
        "kind": "pimpinan",
        "parent_slug": "",
        "head_name": "H. Rahmat Fiktif Hidayat, S.E., M.M.",
        "head_title": "Wali Kota",
        "head_email": "walikota@demo.sigap.test",
        "head_phone": "+6281200010001",
        "head_handles": "x:@rahmatf_bkl_dm;instagram:@rahmat.fiktif.bkl.demo",
        "accounts": (
            "x:@walikota_bkl_dm;instagram:@walikota.bkl.demo;facebook:walikota.bkl.demo;"
            "youtube:@walikota-bkl-demo;tiktok:@walikota.bkl.demo;whatsapp:+6281200000112"
        ),
        "account_ids": "",
        "keywords": "pak wali;walikota;wali kota;pak walkot;walkot;pak wako;wako",
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;youtube;whatsapp;tiktok",
        "phone": "+627360001001",
        "website": "https://walikota.bengkulukota.test",
    },
    {
        "name": "Wakil Wali Kota Bengkulu",
        "short_name": "Wakil Wali Kota",
        "slug": "wakil-walikota",
        "kind": "pimpinan",
        "parent_slug": "",
        "head_name": "Dr. Siti Contoh Aminah, S.H., M.H.",
        "head_title": "Wakil Wali Kota",
        "head_email": "wawali@demo.sigap.test",
        "head_phone": "+6281200010002",
        "head_handles": "x:@sitic_bkl_dm;instagram:@siti.contoh.bkl.demo",
        "accounts": "x:@wawali_bkl_dm;instagram:@wawali.bkl.demo;facebook:wawali.bkl.demo",
        "account_ids": "",
        "keywords": "wawali;bu wawali;pak wawali;wakil wali kota;wakil walikota;wakil wako",
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001002",
        "website": "",
    },
    {
        "name": "Pemerintah Kota Bengkulu",
        "short_name": "Pemkot Bengkulu",
        "slug": "pemkot",
        "kind": "pimpinan",
        "parent_slug": "",
        "head_name": "Drs. Ahmad Fiktif Saputra, M.Si.",
        "head_title": "Sekretaris Daerah",
        "head_email": "sekda@demo.sigap.test",
        "head_phone": "+6281200010003",
        "head_handles": "instagram:@ahmad.fiktif.bkl.demo",
        "accounts": (
            "x:@pemkot_bkl_dm;instagram:@pemkot.bkl.demo;facebook:pemkot.kotabkl.demo;"
            "youtube:@pemkot-bkl-demo;tiktok:@pemkot.bkl.demo;whatsapp:+6281200000110"
        ),
        "account_ids": "",
        "keywords": "pemkot;pemkot bengkulu;pemerintah kota;pemerintah kota bengkulu",
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;youtube;whatsapp;tiktok",
        "phone": "+627360001003",
        "website": "https://www.bengkulukota.test",
    },
    {
        "name": "Dinas Pendidikan dan Kebudayaan Kota Bengkulu",
        "short_name": "Dinas Dikbud",
        "slug": "dinas-dikbud",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Dra. Yuliana Contoh Sari, M.Pd.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dikbud@demo.sigap.test",
        "head_phone": "+6281200010004",
        "head_handles": "instagram:@yuliana.contoh.bkl.demo",
        "accounts": (
            "x:@dikbud_bkl_dm;instagram:@dikbud.bkl.demo;facebook:dikbud.kotabkl.demo;"
            "youtube:@dikbud-bkl-demo"
        ),
        "account_ids": "",
        "keywords": (
            "sekolah;ppdb;spmb;zonasi;guru;guru honorer;sd negeri;smp negeri;sdn;smpn;paud;"
            "tk negeri;dana bos;pungutan sekolah;uang komite;seragam sekolah;ijazah ditahan;"
            "cagar budaya;sekolahan;jalur zonasi;jalur afirmasi;jalur prestasi;daftar sekolah;"
            "pendaftaran sekolah;siswa baru;peserta didik baru;honor guru;gaji guru;tunjangan guru;"
            "sertifikasi guru;kepala sekolah;kepsek;wali kelas;wali murid;murid;siswa;sd;smp;"
            "sekolah dasar;sekolah menengah pertama;taman kanak kanak;komite sekolah;uang gedung;"
            "iuran sekolah;sumbangan sekolah;tarikan sekolah;beli seragam;buku paket;lks;ijazah;"
            "rapor;raport;pip;kip;beasiswa;putus sekolah;ruang kelas;kelas rusak;atap sekolah;"
            "gedung sekolah;toilet sekolah;wc sekolah;study tour;perpisahan sekolah;ujian sekolah;"
            "anbk;kurikulum;pindah sekolah;mutasi siswa;dinas pendidikan;disdik;dikbud;kebudayaan;"
            "sanggar seni;seni budaya"
            ";pelajar;orang tua murid;ortu murid;seragam;seragam gratis;buku pelajaran;"
            "les tambahan;daya tampung;wisuda;wisuda tk;karya wisata;dapodik;nisn;npsn;"
            "operator sekolah;pendidikan;sd swasta;smp swasta;tk swasta;guru les;ppdb online;"
            "sekolah negeri"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001004",
        "website": "https://dikbud.bengkulukota.test",
    },
    {
        "name": "Dinas Kesehatan Kota Bengkulu",
        "short_name": "Dinkes",
        "slug": "dinas-kesehatan",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "dr. Bambang Fiktif Wibowo, M.Kes.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dinkes@demo.sigap.test",
        "head_phone": "+6281200010005",
        "head_handles": "x:@bambangf_bkl_dm;instagram:@dr.bambang.fiktif.bkl.demo",
        "accounts": (
            "x:@dinkes_bkl_dm;instagram:@dinkes.bkl.demo;facebook:dinkes.kotabkl.demo;"
            "youtube:@dinkes-bkl-demo;tiktok:@dinkes.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "puskesmas;pustu;imunisasi;vaksin;dbd;demam berdarah;fogging;jentik nyamuk;posyandu;"
            "stunting;gizi buruk;obat puskesmas;nakes;psc 119;pkm;puskesmas pembantu;posbindu;"
            "kader posyandu;vaksinasi;pengasapan nyamuk;jentik;abate;nyamuk;malaria;diare;muntaber;"
            "keracunan;keracunan makanan;campak;tbc;tb paru;hiv;balita gizi buruk;pmt;"
            "makanan tambahan;ibu hamil;bidan;persalinan;obat habis;stok obat;tenaga kesehatan;"
            "ambulans puskesmas;cek kesehatan gratis;ckg;pemeriksaan kesehatan;klinik;dinkes;"
            "dinas kesehatan;kesehatan lingkungan;jamban"
            ";foging;fogging massal;pengasapan;psn;pemberantasan sarang nyamuk;kurang gizi;"
            "gizi kurang;busung lapar;balita kurus;tuberkulosis;kusta;hepatitis;cacar;"
            "cacar monyet;mpox;covid;corona;korona;ispa;wabah;kejadian luar biasa;klb;"
            "penyakit menular;polio;difteri;bumil;ibu menyusui;kelas ibu hamil;perawat puskesmas;"
            "dokter puskesmas;psc;depot air minum;air isi ulang;kawasan tanpa rokok;slhs;"
            "laik higiene;pirt;izin pirt;kesehatan ibu dan anak;puskesmas keliling;pusling;"
            "rapid test;tes kesehatan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001005",
        "website": "https://dinkes.bengkulukota.test",
    },
    {
        "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Bengkulu",
        "short_name": "Dinas PUPR",
        "slug": "dinas-pupr",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Ir. Hendra Fiktif, M.T.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.pupr@demo.sigap.test",
        "head_phone": "+6281200099001",
        "head_handles": "x:@hendraf_bkl_dm;instagram:@hendra.fiktif.bkl.demo",
        "accounts": (
            "x:@pupr_bkl_dm;instagram:@dinaspupr.bkl.demo;facebook:dinaspupr.kotabkl.demo;"
            "youtube:@dinaspupr-bkl-demo"
        ),
        "account_ids": "",
        "keywords": (
            "jalan rusak;jalan berlubang;jalan bolong;jalan lobang;jln rusak;jalan hancur;aspal;"
            "aspal rusak;drainase;siring;got mampet;saluran air;gorong-gorong;jembatan;"
            "jembatan rusak;trotoar;banjir;genangan air;tata ruang;lubang;lobang;jalan rusak parah;"
            "jalan amblas;amblas;ambles;jalan retak;aspal mengelupas;aspal ngelupas;"
            "aspal terkelupas;pengaspalan;ngaspal;diaspal;perbaikan jalan;tambal jalan;"
            "tambal sulam;jalan lingkungan;jalan setapak;jalan tanah;jalan becek;jalan berbatu;"
            "rabat beton;semenisasi;cor jalan;jalan cor;paving block;galian;galian jalan;"
            "bekas galian;proyek jalan;pelebaran jalan;saluran drainase;saluran pembuangan;parit;"
            "selokan;got;got tersumbat;siring mampet;siring rusak;siring jebol;"
            "gorong gorong tersumbat;box culvert;normalisasi sungai;pengerukan;dikeruk;sedimentasi;"
            "kebanjiran;genangan;tergenang;air tergenang;meluap;jembatan putus;jembatan gantung;"
            "jembatan lapuk;pagar jembatan;trotoar rusak;trotoar pecah;rtrw;sempadan sungai;"
            "irigasi;kubangan;berlubang;berlobang;jalan berlobang;jalan jelek;jalan banjir;gorong;"
            "jalanan rusak;jalanan berlubang;jalanan hancur;dinas pu;pupr;dinas pupr;"
            "dinas pekerjaan umum;jalan tergenang;jalan longsor;jalan aspal;gang banjir;gang becek"
            ";jalan ambruk;jalan putus;jalan bergelombang;bergelombang;jalanan jelek;"
            "jalanan becek;aspal berlubang;aspal retak;aspal tipis;hotmix;lubang jalan;"
            "jalan lubang;belubang;belobang;offroad;off road;kubangan kerbau;air menggenang;"
            "menggenang;terendam;luapan air;drainase tersumbat;drainase mampet;drainase rusak;"
            "saluran mampet;saluran tersumbat;saluran air mampet;selokan mampet;"
            "selokan tersumbat;parit mampet;siring tersumbat;mampet;tersumbat;tutup got;"
            "tutup selokan;tutup drainase;tutup siring;plat siring;duiker;gorong gorong ambrol;"
            "turap;talud;talut;tembok penahan tanah;bronjong;jembatan ambruk;jembatan roboh;"
            "jembatan rapuh;jembatan retak;lantai jembatan;papan jembatan;oprit jembatan;"
            "jembatan kayu;trotoar berlubang;pedestrian;jalur pedestrian;rdtr;tata kota;gsb;"
            "gang rusak;gang berlubang;pengerasan jalan;peningkatan jalan;pembangunan jalan;"
            "betonisasi;jalan beton;rabat;pengecoran;saluran irigasi;pintu air;kanal;"
            "sungai meluap;pendangkalan;sungai dangkal;normalisasi drainase;normalisasi;drainese;"
            "dranase;drenase;slokan;pekerjaan umum"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001006",
        "website": "https://pupr.bengkulukota.test",
    },
    {
        "name": "Dinas Perumahan Rakyat dan Kawasan Permukiman Kota Bengkulu",
        "short_name": "Dinas Perkim",
        "slug": "dinas-perkim",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Ir. Dedi Contoh Kurniawan, M.T.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.perkim@demo.sigap.test",
        "head_phone": "+6281200010006",
        "head_handles": "",
        "accounts": "x:@perkim_bkl_dm;instagram:@perkim.bkl.demo;facebook:perkim.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "lampu jalan;lampu jalan mati;pju;penerangan jalan;rumah tidak layak huni;rtlh;"
            "bedah rumah;taman kota;rth;ruang terbuka hijau;tpu;pemakaman umum;lampu taman;"
            "lampu penerangan;gelap gulita;pohon peneduh;dibedah;lampu jalanan;lampu jalan padam;"
            "lampu pju;pju mati;penerangan jalan umum;lampu penerangan jalan;tiang lampu;"
            "jalan gelap;gang gelap;gelap gelapan;kabel lampu;perumahan kumuh;kawasan kumuh;"
            "bantuan rumah;rumah layak huni;bsps;fasum;fasos;fasum perumahan;pengembang perumahan;"
            "developer perumahan;prasarana perumahan;taman;taman smart city;penebangan pohon;"
            "pohon ditebang;pangkas pohon;pemangkasan pohon;makam;pemakaman;kuburan;lahan makam;"
            "rusunawa;rumah susun;air mancur;perkim;disperkim;dinas perkim;lampu di jalan"
            ";penerangan;lampu gang;lampu lorong;lampu putus;pju tenaga surya;pjuts;"
            "lampu tenaga surya;solar cell;lampu solar cell;tiang pju;jalanan gelap;lorong gelap;"
            "lingkungan gelap;rumah reyot;bantuan perumahan;psu perumahan;serah terima psu;"
            "taman bermain;playground;bangku taman;taman rusak;taman kumuh;kuburan umum;"
            "lahan kuburan;makam penuh;penggali kubur;gali kubur;pekuburan;kubur;lahan pemakaman;"
            "dahan pohon;ranting pohon;pohon rimbun;potong pohon;tebang pohon;pemotongan pohon;"
            "rumah tak layak"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001007",
        "website": "https://perkim.bengkulukota.test",
    },
    {
        "name": "Satuan Polisi Pamong Praja Kota Bengkulu",
        "short_name": "Satpol PP",
        "slug": "satpol-pp",
        "kind": "other",
        "parent_slug": "",
        "head_name": "Syahril Fiktif Effendi, S.Sos., M.Si.",
        "head_title": "Kepala Satuan",
        "head_email": "kepala.satpolpp@demo.sigap.test",
        "head_phone": "+6281200010007",
        "head_handles": "x:@syahril_bkl_dm",
        "accounts": (
            "x:@satpolpp_bkl_dm;instagram:@satpolpp.bkl.demo;facebook:satpolpp.kotabkl.demo;"
            "tiktok:@satpolpp.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "pkl;pedagang kaki lima;lapak liar;gepeng;gelandangan;pengemis;anak punk;pengamen;"
            "miras;tuak;baliho liar;reklame liar;tempat hiburan malam;penertiban;razia pkl;"
            "warung remang;remang-remang;satpol;satpol pp;pedagang liar;lapak;lapak pedagang;"
            "gerobak;gerobak jualan;jualan di trotoar;jualan di bahu jalan;bangunan liar;bangli;"
            "penggusuran;digusur;gusur;pembongkaran bangunan;ketertiban;ketertiban umum;trantib;"
            "ditertibkan;penertiban pkl;meresahkan;berisik;musik keras;karaoke;tempat karaoke;"
            "kafe remang;hiburan malam;jam operasional;diskotik;tempat hiburan;minuman keras;mabuk;"
            "mabuk mabukan;anak jalanan;anjal;manusia silver;badut jalanan;prostitusi;psk;"
            "pasangan mesum;mesum;asusila;spanduk liar;poster liar;pamflet liar;baliho;pol pp;"
            "polisi pamong praja;razia satpol;pedagang di trotoar;pedagang di bahu jalan;"
            "jualan di pinggir jalan;organ tunggal;orgen tunggal"
            ";pkl liar;berjualan di trotoar;berjualan di bahu jalan;pedagang asongan;asongan;"
            "bangunan tanpa izin;bangunan tidak berizin;kios liar;warung liar;gubuk liar;"
            "kos bebas;kos campur;kumpul kebo;razia kos;arak;oplosan;miras oplosan;jual miras;"
            "orang mabuk;pemabuk;ngamen;ngemis;punk;reklame;spanduk;pelanggaran perda;"
            "penegakan perda;melanggar perda;bising;suara bising;musik kencang;sound system;"
            "warung tuak;tertibkan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001008",
        "website": "",
    },
    {
        "name": "Dinas Pemadam Kebakaran Kota Bengkulu",
        "short_name": "Damkar",
        "slug": "dinas-damkar",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Joni Contoh Hartono, S.E.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.damkar@demo.sigap.test",
        "head_phone": "+6281200010008",
        "head_handles": "instagram:@joni.contoh.bkl.demo",
        "accounts": (
            "x:@damkar_bkl_dm;instagram:@damkar.bkl.demo;facebook:damkar.kotabkl.demo;"
            "tiktok:@damkar.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "kebakaran;damkar;pemadam;rumah terbakar;kebakaran lahan;hidran;sarang tawon;"
            "sarang lebah;ular masuk rumah;evakuasi hewan;cincin tersangkut;ular;pemadam kebakaran;"
            "mobil damkar;mobil pemadam;api;kobaran api;terbakar;kebakaran rumah;toko terbakar;"
            "ruko terbakar;lahan terbakar;kebakaran hutan;karhutla;asap tebal;asap;korsleting;"
            "korsleting listrik;tabung gas bocor;gas bocor;hydrant;apar;alat pemadam;tawon;lebah;"
            "tawon vespa;ular piton;ular kobra;biawak;kucing nyangkut;kucing terjebak;"
            "hewan terjebak;cincin susah dilepas;penyelamatan;rescue;jatuh ke sumur;cincin;monyet;"
            "dinas pemadam"
            ";kebakar;kobaran;tabung gas meledak;ledakan;meledak;tersangkut;terjepit;kera;beruk;"
            "sarang ular;evakuasi ular;tangkap ular;si jago merah;jago merah;hangus;"
            "ludes terbakar"
        ),
        "places": "",
        "calendar": "24x7",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001009",
        "website": "",
    },
    {
        "name": "Dinas Sosial Kota Bengkulu",
        "short_name": "Dinsos",
        "slug": "dinas-sosial",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Hj. Nurhayati Fiktif, S.Sos., M.M.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dinsos@demo.sigap.test",
        "head_phone": "+6281200010009",
        "head_handles": "",
        "accounts": "x:@dinsos_bkl_dm;instagram:@dinsos.bkl.demo;facebook:dinsos.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "bansos;pkh;dtks;dtsen;blt;kis;pbi;bpnt;odgj;anak terlantar;lansia terlantar;"
            "disabilitas;panti sosial;korban kebakaran;bantuan beras;beras bantuan;bantuan sosial;"
            "cek bansos;cekbansos;program keluarga harapan;data terpadu;kis pbi;bpjs pbi;"
            "kartu sembako;bantuan sembako;bantuan pangan;gangguan jiwa;orang dengan gangguan jiwa;"
            "orang gila;lansia sebatang kara;sebatang kara;lansia miskin;bantuan lansia;"
            "fakir miskin;warga miskin;keluarga miskin;orang miskin;warga tidak mampu;"
            "penyandang disabilitas;kursi roda;panti asuhan;panti jompo;rehabilitasi sosial;"
            "bantuan korban;pendamping pkh;pendamping sosial;tagana;didata ulang;pendataan ulang;"
            "penerima bantuan;penerima bansos;salah sasaran;tidak tepat sasaran;dinsos;dinas sosial"
            ";bantuan langsung tunai;penerima manfaat;kpm;keluarga penerima manfaat;kks;"
            "kartu kks;bpjs nonaktif;bpjs dinonaktifkan;kis nonaktif;pbi nonaktif;kemiskinan;"
            "miskin ekstrem;rumah tangga miskin;jompo;difabel;tunanetra;tuna netra;tunarungu;"
            "tunadaksa;penyandang cacat;alat bantu;pasung;dipasung;pemasungan;sakit jiwa;panti;"
            "e warong;agen bansos;desil;data kemiskinan;yatim piatu;anak yatim;tksk;"
            "pekerja sosial;bantuan tunai;lansia hidup sendiri;orang terlantar;warga terlantar"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001010",
        "website": "",
    },
    {
        "name": "Dinas Tenaga Kerja Kota Bengkulu",
        "short_name": "Disnaker",
        "slug": "dinas-naker",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Agus Contoh Salim, S.H., M.H.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.disnaker@demo.sigap.test",
        "head_phone": "+6281200010010",
        "head_handles": "",
        "accounts": (
            "x:@disnaker_bkl_dm;instagram:@disnaker.bkl.demo;facebook:disnaker.kotabkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "phk;lowongan kerja;loker;upah;umk;gaji di bawah umk;thr;pesangon;kartu kuning;ak1;"
            "bpjs ketenagakerjaan;pelatihan kerja;lowongan;info loker;pencari kerja;pencaker;"
            "kartu ak1;ak 1;blk;balai latihan kerja;pelatihan keterampilan;di phk;dipecat;"
            "pemutusan hubungan kerja;upah minimum;ump;di bawah umk;gaji tidak dibayar;"
            "gaji belum dibayar;gaji telat;thr tidak dibayar;bpjstk;jamsostek;hubungan industrial;"
            "mediasi;serikat pekerja;buruh;tenaga kerja asing;tka;lembur;kontrak kerja;outsourcing;"
            "magang;job fair;bursa kerja;lapangan kerja;lapangan pekerjaan;disnaker;"
            "dinas tenaga kerja;belum bayar gaji;tidak bayar gaji;gaji karyawan;hak karyawan;"
            "hak pekerja"
            ";pengangguran;nganggur;cari kerja;mencari kerja;cari pekerjaan;kartu pencari kerja;"
            "gaji buruh;gaji pekerja;upah lembur;upah murah;karyawan kontrak;pekerja kontrak;"
            "tenaga kerja;ketenagakerjaan;kecelakaan kerja;bpjs tk;jht;jaminan hari tua;pkwt;"
            "pekerja migran;tki;tkw;calo kerja;penipuan lowongan;lowongan palsu;"
            "tenaga kerja lokal;pekerja lokal;mogok kerja;cuti melahirkan;hak cuti;dirumahkan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001011",
        "website": "",
    },
    {
        "name": (
            "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga "
            "Berencana Kota Bengkulu"
        ),
        "short_name": "DP3AP2KB",
        "slug": "dinas-p3ap2kb",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Dewi Fiktif Marlina, S.Psi., M.Si.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dp3ap2kb@demo.sigap.test",
        "head_phone": "+6281200010011",
        "head_handles": "",
        "accounts": (
            "x:@dp3ap2kb_bkl_dm;instagram:@dp3ap2kb.bkl.demo;facebook:dp3ap2kb.kotabkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "kdrt;kekerasan anak;kekerasan perempuan;kekerasan seksual;pelecehan;perundungan;"
            "bullying;pernikahan dini;kb;alat kontrasepsi;kota layak anak;puspaga;memukuli;"
            "kekerasan dalam rumah tangga;pelecehan seksual;pencabulan;bully;dibully;nikah dini;"
            "perkawinan anak;perdagangan orang;trafficking;keluarga berencana;kontrasepsi;"
            "kb gratis;implan;iud;spiral;vasektomi;akseptor;penyuluh kb;kla;uptd ppa;upt ppa;"
            "perlindungan anak;perlindungan perempuan;korban kekerasan;pendampingan korban;"
            "dipukuli;dianiaya;pemberdayaan perempuan;hak anak;forum anak;dp3ap2kb;dinas kb;"
            "dinas pemberdayaan perempuan"
            ";kekerasan;dipukul;memukul;dilecehkan;pemerkosaan;perkosaan;diperkosa;cabul;"
            "dicabuli;eksploitasi anak;pil kb;suntik kb;kb suntik;tppo;sapa 129;bkkbn;kampung kb;"
            "anak korban;perempuan korban;penelantaran istri"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001012",
        "website": "",
    },
    {
        "name": "Dinas Ketahanan Pangan Kota Bengkulu",
        "short_name": "Dinas Ketahanan Pangan",
        "slug": "dinas-ketapang",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Ir. Suryadi Contoh Putra, M.P.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.ketapang@demo.sigap.test",
        "head_phone": "+6281200010012",
        "head_handles": "",
        "accounts": "instagram:@ketapang.bkl.demo;facebook:ketapang.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "pangan murah;gerakan pangan murah;cadangan beras;keamanan pangan;formalin;boraks;"
            "rawan pangan;ketahanan pangan;toko pangan murah;mitra pangan;gpm;cadangan pangan;"
            "stok beras;stok pangan;pewarna berbahaya;rhodamin;bahan berbahaya;berformalin;"
            "uji pangan;pangan segar;kerawanan pangan;lumbung pangan;pekarangan pangan;"
            "diversifikasi pangan;ketapang;dinas ketahanan pangan;dinas pangan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001013",
        "website": "",
    },
    {
        "name": "Dinas Lingkungan Hidup Kota Bengkulu",
        "short_name": "DLH",
        "slug": "dinas-lh",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Ir. Erwin Fiktif Rasyid, M.Si.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dlh@demo.sigap.test",
        "head_phone": "+6281200010013",
        "head_handles": "x:@erwinf_bkl_dm;instagram:@erwin.fiktif.bkl.demo",
        "accounts": (
            "x:@dlh_bkl_dm;instagram:@dlh.bkl.demo;facebook:dlh.kotabkl.demo;tiktok:@dlh.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "sampah;sampah menumpuk;sampah numpuk;bau sampah;tps;tps liar;truk sampah;"
            "retribusi sampah;bank sampah;bakar sampah;pencemaran;pencemaran sungai;limbah;"
            "bau limbah;bau busuk;sampah pasar;sampah berserakan;tumpukan sampah;sampah liar;"
            "buang sampah;buang sampah sembarangan;pembuangan sampah;tempat sampah;bak sampah;"
            "kontainer;kontainer sampah;tps3r;tpa sampah;mobil sampah;angkutan sampah;"
            "pengangkutan sampah;petugas kebersihan;tukang sampah;petugas sampah;penyapu jalan;"
            "dinas kebersihan;asap kendaraan;asap knalpot;kebersihan kota;iuran sampah;"
            "pembakaran sampah;asap bakar sampah;pencemaran udara;pencemaran lingkungan;tercemar;"
            "limbah pabrik;limbah cair;limbah b3;limbah medis;oli bekas;air lindi;lindi;"
            "bau menyengat;bau bangkai;bangkai;bangkai hewan;bau tidak sedap;polusi;polusi udara;"
            "amdal;izin lingkungan;ukl upl;kualitas udara;pencemaran air;air sungai;"
            "sungai tercemar;sungai kotor;sampah sungai;puing;puing bangunan;sampah organik;"
            "pilah sampah;adipura;dlh;dinas lingkungan hidup;gerobak sampah"
            ";sampah menggunung;gunungan sampah;sampah bertumpuk;sampah tidak diangkut;"
            "sampah belum diangkut;angkut sampah;sampah rumah tangga;sampah plastik;depo sampah;"
            "armada sampah;jadwal angkut sampah;pengangkut sampah;pemungut sampah;sampah dibakar;"
            "membakar sampah;asap sampah;limbah rumah tangga;limbah domestik;limbah restoran;"
            "limbah tahu;limbah sawit;limbah peternakan;mencemari;dicemari;sungai keruh;"
            "air sungai keruh;pasukan kuning;pasukan oranye;tukang sapu;penyapuan jalan;"
            "sampah medis;retribusi kebersihan;uang sampah;iuran kebersihan;pengelolaan sampah;"
            "lingkungan hidup;kerusakan lingkungan;perusakan lingkungan;mangrove;hutan mangrove;"
            "hutan kota;asap pabrik;cerobong asap;asap hitam;smph;sampa"
        ),
        "places": "tpa air sebakul",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001014",
        "website": "https://dlh.bengkulukota.test",
    },
    {
        "name": "Dinas Kependudukan dan Pencatatan Sipil Kota Bengkulu",
        "short_name": "Disdukcapil",
        "slug": "dinas-dukcapil",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Hendri Contoh Gunawan, S.STP., M.Si.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dukcapil@demo.sigap.test",
        "head_phone": "+6281200010014",
        "head_handles": "instagram:@hendri.contoh.bkl.demo",
        "accounts": (
            "x:@dukcapil_bkl_dm;instagram:@dukcapil.bkl.demo;facebook:dukcapil.kotabkl.demo;"
            "whatsapp:+6281200000131"
        ),
        "account_ids": "",
        "keywords": (
            "ktp;e-ktp;ektp;blanko ktp;kk;kartu keluarga;akta kelahiran;akta kematian;akte;kia;"
            "adminduk;nik;pindah domisili;surat pindah;ikd;dukcapil;disdukcapil;ktp el;"
            "ktp elektronik;ktp hilang;ktp rusak;cetak ktp;rekam ktp;perekaman ktp;perekaman;"
            "rekam data;blanko;blangko;blanko kosong;blangko kosong;cetak kk;akta;akte kelahiran;"
            "akte lahir;akta lahir;akte kematian;akta perkawinan;akta cerai;kartu identitas anak;"
            "nik tidak terdaftar;nik ganda;data kependudukan;administrasi kependudukan;skpwni;"
            "pindah datang;perubahan data;ganti status;ubah status;biodata;"
            "identitas kependudukan digital;ktp digital;capil;catatan sipil;jemput bola;"
            "kependudukan"
            ";kartu tanda penduduk;surat keterangan pindah;nomor induk kependudukan;data ganda;"
            "sidik jari;catpil;disduk"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;whatsapp",
        "phone": "+627360001015",
        "website": "https://dukcapil.bengkulukota.test",
    },
    {
        "name": "Dinas Perhubungan Kota Bengkulu",
        "short_name": "Dishub",
        "slug": "dinas-perhubungan",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Zulkarnain Fiktif, S.T., M.T.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dishub@demo.sigap.test",
        "head_phone": "+6281200010015",
        "head_handles": "x:@zulfkt_bkl_dm",
        "accounts": "x:@dishub_bkl_dm;instagram:@dishub.bkl.demo;facebook:dishub.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "lampu merah;traffic light;apill;parkir;parkir liar;tukang parkir;jukir;jukir liar;"
            "retribusi parkir;angkot;terminal;uji kir;halte;marka jalan;rambu lalu lintas;dishub;"
            "lalu lintas;lampu lalu lintas;lampu apill;kedip kuning;tiang lampu lalu lintas;"
            "juru parkir;tarif parkir;karcis parkir;parkir berlangganan;parkir sembarangan;"
            "lahan parkir;angkutan kota;angkutan umum;trayek;sopir angkot;bus;bus trans;trans kota;"
            "trans bengkulu;kir;pengujian kendaraan;marka;zebra cross;penyeberangan;"
            "jembatan penyeberangan;rambu;rambu rusak;cermin cembung;kaca cembung;polisi tidur;"
            "speed bump;pita kejut;lalin;macet;kemacetan;pengaturan lalu lintas;"
            "rekayasa lalu lintas;satu arah;putar balik;truk odol;over dimensi;kendaraan berat;"
            "truk besar;perhubungan;jalan macet;lampu lalin;dinas perhubungan"
            ";parkiran;pungutan parkir;parkir mahal;parkir ilegal;parkir di bahu jalan;"
            "parkir di trotoar;parkir badan jalan;becak motor;bentor;travel gelap;travel ilegal;"
            "bus kota;bus sekolah;halte rusak;supir angkot;ngetem;angkot ngetem;lampu setopan;"
            "setopan;stopan;lampu stop;lampu merah rusak;rambu dilarang parkir;garis marka;jpo;"
            "macet total;padat merayap;antrean kendaraan;antrian kendaraan;arus lalu lintas;odol;"
            "truk kelebihan muatan;kelebihan muatan;truk batu bara;angkutan batu bara;"
            "truk tronton;tronton;mobil derek;gembok roda;jalur sepeda"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001016",
        "website": "https://dishub.bengkulukota.test",
    },
    {
        "name": "Dinas Komunikasi dan Informatika Kota Bengkulu",
        "short_name": "Diskominfo",
        "slug": "dinas-kominfo",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Eko Contoh Prasetyo, S.Kom., M.T.I.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.kominfo@demo.sigap.test",
        "head_phone": "+6281200010016",
        "head_handles": "x:@ekoc_bkl_dm;instagram:@eko.contoh.bkl.demo",
        "accounts": (
            "x:@kominfo_bkl_dm;instagram:@kominfo.bkl.demo;facebook:kominfo.kotabkl.demo;"
            "youtube:@kominfo-bkl-demo;tiktok:@kominfo.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "wifi gratis;wifi publik;website pemkot;situs pemkot;hoaks;hoax;ppid;informasi publik;"
            "sinyal hilang;menara telekomunikasi;cctv kota;akun palsu;mengatasnamakan pemkot;wifi;"
            "internet gratis;web pemkot;berita bohong;kabar bohong;keterbukaan informasi;"
            "permohonan informasi;tower;bts;menara;cctv;kamera cctv;videotron;live streaming;"
            "siaran langsung;streaming;akun resmi;mengatasnamakan pemerintah kota;"
            "penipuan mengatasnamakan;kominfo;diskominfo;command center;blank spot"
            ";sinyal;susah sinyal;sinyal lemah;sinyal jelek;jaringan internet;berita palsu;"
            "info palsu;disinformasi;akun bodong;akun abal abal;akun fake;akun tiruan;mencatut;"
            "mencatut nama;catut nama;satu data;open data"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;youtube;tiktok",
        "phone": "+627360001017",
        "website": "https://kominfo.bengkulukota.test",
    },
    {
        "name": "Dinas Koperasi dan Usaha Kecil Menengah Kota Bengkulu",
        "short_name": "Dinas Koperasi dan UKM",
        "slug": "dinas-kukm",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Hj. Marlina Contoh Dewi, S.E., M.Si.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.kukm@demo.sigap.test",
        "head_phone": "+6281200010017",
        "head_handles": "",
        "accounts": (
            "x:@kopukm_bkl_dm;instagram:@diskopukm.bkl.demo;facebook:diskopukm.kotabkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "koperasi;koperasi simpan pinjam;umkm;ukm;kur;pinjaman umkm;pelatihan umkm;rentenir;"
            "bank keliling;ksp;koperasi bermasalah;koperasi bodong;usaha mikro;pelaku usaha;"
            "kredit usaha rakyat;pinjaman modal;modal usaha;bantuan modal;lintah darat;bank emok;"
            "bazar umkm;produk lokal;kemasan produk;pemasaran produk;diskop;dinas koperasi"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001018",
        "website": "",
    },
    {
        "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Bengkulu",
        "short_name": "DPMPTSP",
        "slug": "dinas-dpmptsp",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Fajar Fiktif Ramadhan, S.H., M.H.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dpmptsp@demo.sigap.test",
        "head_phone": "+6281200010018",
        "head_handles": "",
        "accounts": "x:@dpmptsp_bkl_dm;instagram:@dpmptsp.bkl.demo;facebook:dpmptsp.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "izin usaha;perizinan;pbg;imb;oss;nib;slf;sertifikat laik fungsi;izin reklame;mpp;"
            "mal pelayanan publik;investasi;izin mendirikan bangunan;persetujuan bangunan gedung;"
            "oss rba;siup;tdp;izin operasional;izin klinik;izin apotek;izin praktik;izin lokasi;"
            "kkpr;pkkpr;izin gangguan;investor;penanaman modal;pelayanan terpadu;ptsp;dpmptsp"
            ";izin bangunan;mall pelayanan publik;pelayanan perizinan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001019",
        "website": "https://dpmptsp.bengkulukota.test",
    },
    {
        "name": "Dinas Pemuda dan Olahraga Kota Bengkulu",
        "short_name": "Dispora",
        "slug": "dinas-pora",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Rudi Contoh Hermawan, S.Pd., M.Pd.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dispora@demo.sigap.test",
        "head_phone": "+6281200010019",
        "head_handles": "",
        "accounts": (
            "x:@dispora_bkl_dm;instagram:@dispora.bkl.demo;facebook:dispora.kotabkl.demo;"
            "tiktok:@dispora.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "stadion;stadion semarak;gor;olahraga;lapangan bola;lapangan futsal;car free day;cfd;"
            "kepemudaan;gelanggang olahraga;sport center;lapangan olahraga;lapangan sepak bola;"
            "lapangan voli;lapangan basket;lapangan tenis;senam;turnamen;turnamen futsal;liga;"
            "atlet;paskibra;paskibraka;kejuaraan;dispora;dinas pemuda dan olahraga"
            ";jogging track;bulutangkis;badminton;sepak bola;porprov;pelatih olahraga;"
            "fasilitas olahraga;lapangan voli pantai"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001020",
        "website": "",
    },
    {
        "name": "Dinas Perpustakaan dan Kearsipan Kota Bengkulu",
        "short_name": "Dinas Perpustakaan dan Kearsipan",
        "slug": "dinas-arpus",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Dra. Sri Fiktif Wahyuni, M.Hum.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.arpus@demo.sigap.test",
        "head_phone": "+6281200010020",
        "head_handles": "",
        "accounts": "instagram:@arpus.bkl.demo;facebook:arpus.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "perpustakaan;perpus;perpus keliling;pinjam buku;taman baca;arsip;kearsipan;"
            "perpustakaan keliling;mobil perpustakaan;peminjaman buku;buku perpustakaan;"
            "taman bacaan;pojok baca;literasi;minat baca;arsip daerah;pengarsipan;"
            "kartu anggota perpustakaan;dinas perpustakaan;dinas arsip"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001021",
        "website": "",
    },
    {
        "name": "Dinas Pariwisata Kota Bengkulu",
        "short_name": "Dispar",
        "slug": "dinas-pariwisata",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Andi Contoh Firmansyah, S.Par., M.M.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dispar@demo.sigap.test",
        "head_phone": "+6281200010021",
        "head_handles": "instagram:@andi.contoh.bkl.demo",
        "accounts": (
            "x:@dispar_bkl_dm;instagram:@dispar.bkl.demo;facebook:dispar.kotabkl.demo;"
            "youtube:@dispar-bkl-demo;tiktok:@dispar.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "wisata;objek wisata;tiket masuk pantai;toilet pantai;festival tabot;tabot;"
            "tempat wisata;destinasi wisata;wisatawan;turis;dinas pariwisata;paket wisata;"
            "tiket masuk;retribusi wisata;pantai;festival;homestay;penginapan;pemandu wisata;"
            "gazebo;lampu hias;dispar"
            ";destinasi;ekonomi kreatif;ekraf;spot foto;pengunjung wisata;kawasan wisata;"
            "fasilitas wisata"
        ),
        "places": (
            "pantai panjang;pantai jakat;pantai zakat;pantai tapak paderi;danau dendam tak sudah;"
            "tapak paderi;benteng marlborough;benteng malborough;fort marlborough;tugu thomas parr;"
            "rumah pengasingan bung karno;rumah bung karno;rumah fatmawati;pantai berkas;"
            "pantai malabero;pulau tikus"
        ),
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;youtube;tiktok",
        "phone": "+627360001022",
        "website": "https://pariwisata.bengkulukota.test",
    },
    {
        "name": "Dinas Pertanian Kota Bengkulu",
        "short_name": "Dinas Pertanian",
        "slug": "dinas-pertanian",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Ir. Supriadi Fiktif, M.P.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.pertanian@demo.sigap.test",
        "head_phone": "+6281200010022",
        "head_handles": "",
        "accounts": "instagram:@distan.bkl.demo;facebook:distan.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "pertanian;petani;pupuk;pupuk subsidi;penyuluh pertanian;hama;kelompok tani;alsintan;"
            "ternak lepas;sapi berkeliaran;anjing liar;rabies;vaksin rabies;pupuk langka;"
            "kartu tani;penyuluh;ppl;hama tikus;gagal panen;poktan;gapoktan;traktor;bibit;benih;"
            "bantuan bibit;peternak;ternak;kambing berkeliaran;sapi lepas;kambing lepas;"
            "hewan ternak berkeliaran;kerbau;anjing gila;digigit anjing;kesehatan hewan;puskeswan;"
            "dokter hewan;hewan kurban;rumah potong hewan;rph;flu burung;ayam mati mendadak;"
            "urban farming;hortikultura;distan;dinas pertanian"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001023",
        "website": "",
    },
    {
        "name": "Dinas Perikanan Kota Bengkulu",
        "short_name": "Dinas Perikanan",
        "slug": "dinas-perikanan",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Yusuf Contoh Harahap, S.Pi., M.Si.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.perikanan@demo.sigap.test",
        "head_phone": "+6281200010023",
        "head_handles": "",
        "accounts": "instagram:@diskan.bkl.demo;facebook:diskan.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "perikanan;nelayan;bantuan nelayan;kapal nelayan;tpi;tempat pelelangan ikan;"
            "budidaya ikan;pelelangan ikan;lelang ikan;perahu nelayan;mesin kapal;"
            "bantuan mesin kapal;alat tangkap;pukat;trawl;bibit ikan;benih ikan;pakan ikan;"
            "kartu nelayan;kusuka;asuransi nelayan;solar nelayan;bbm nelayan;pengolahan ikan;ppi;"
            "diskan;dinas perikanan"
        ),
        "places": "pulau baai;kampung nelayan",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001024",
        "website": "",
    },
    {
        "name": "Dinas Perdagangan dan Perindustrian Kota Bengkulu",
        "short_name": "Disperindag",
        "slug": "dinas-perdagangan",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Taufik Fiktif Hidayatullah, S.E., M.Ak.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.disperindag@demo.sigap.test",
        "head_phone": "+6281200010024",
        "head_handles": "",
        "accounts": (
            "x:@dag_bkl_dm;instagram:@disperindag.bkl.demo;facebook:disperindag.kotabkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "pasar;pasar tradisional;los pasar;retribusi pasar;harga sembako;sembako mahal;"
            "harga beras;minyak goreng;minyakita;gas elpiji;elpiji;lpg;gas 3 kg;gas melon;"
            "pangkalan gas;operasi pasar;timbangan;tera ulang;ikm;lapak pasar;kios pasar;"
            "pengelola pasar;pasar becek;harga naik;kenaikan harga;harga cabai;harga cabe;"
            "harga bawang;harga minyak;het;tabung gas;gas tiga kilo;gas langka;pangkalan elpiji;"
            "pangkalan lpg;agen gas;pengecer gas;pasar murah;timbangan curang;metrologi;"
            "industri kecil;perindustrian;disperindag;kedaluwarsa;kadaluarsa;expired;disdag;"
            "dinas perdagangan"
            ";harga melonjak;harga meroket;harga melambung;harga telur;harga daging;harga gula;"
            "harga ayam;stok minyak;minyak langka;gas subsidi;gas 3kg;pangkalan;sewa kios;"
            "sewa lapak;atap pasar;penimbunan;ditimbun;menimbun;harga kebutuhan pokok;"
            "bahan pokok;kebutuhan pokok;sembilan bahan pokok"
        ),
        "places": (
            "pasar minggu;pasar panorama;pasar barukoto;pasar baru koto;pasar kutilang;"
            "pasar suprapto;pasar purwodadi;pasar tradisional modern;ptm"
        ),
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001025",
        "website": "",
    },
    {
        "name": "Dinas Pemberdayaan Masyarakat dan Kelurahan Kota Bengkulu",
        "short_name": "DPMK",
        "slug": "dinas-pmk",
        "kind": "dinas",
        "parent_slug": "",
        "head_name": "Darmawan Contoh Saputra, S.IP., M.Si.",
        "head_title": "Kepala Dinas",
        "head_email": "kepala.dpmk@demo.sigap.test",
        "head_phone": "+6281200010025",
        "head_handles": "",
        "accounts": "instagram:@dpmk.bkl.demo;facebook:dpmk.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "ketua rt;insentif rt;honor rt;dana kelurahan;lpm;pkk;gotong royong;"
            "musrenbang kelurahan;padat karya;ketua rw;insentif rw;honor rw;kader pkk;"
            "pemberdayaan masyarakat;pemilihan ketua rt;pemilihan rt;dpmk;dinas pmk"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001026",
        "website": "",
    },
    {
        "name": "Badan Perencanaan Pembangunan Daerah Kota Bengkulu",
        "short_name": "Bappeda",
        "slug": "bappeda",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Dr. Ir. Arif Fiktif Budiman, M.Si.",
        "head_title": "Kepala Badan",
        "head_email": "kepala.bappeda@demo.sigap.test",
        "head_phone": "+6281200010026",
        "head_handles": "",
        "accounts": "x:@bappeda_bkl_dm;instagram:@bappeda.bkl.demo;facebook:bappeda.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "musrenbang;rpjmd;rkpd;perencanaan pembangunan;usulan pembangunan;inovasi daerah;"
            "usulan musrenbang;perencanaan;aspirasi pembangunan;bappeda"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001027",
        "website": "https://bappeda.bengkulukota.test",
    },
    {
        "name": "Badan Pengelolaan Keuangan Daerah Kota Bengkulu",
        "short_name": "BPKD",
        "slug": "bpkd",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Herlina Contoh Susanti, S.E., M.Ak., Ak.",
        "head_title": "Kepala Badan",
        "head_email": "kepala.bpkd@demo.sigap.test",
        "head_phone": "+6281200010027",
        "head_handles": "",
        "accounts": "x:@bpkd_bkl_dm;instagram:@bpkd.bkl.demo;facebook:bpkd.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "apbd;aset daerah;aset pemkot;tanah pemkot;sp2d;pencairan anggaran;dana hibah;"
            "keuangan daerah;lahan pemkot;lahan milik pemkot;tanah milik pemkot;sewa aset;"
            "pencairan dana;hibah;utang pemkot;tpp;bpkd"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001028",
        "website": "",
    },
    {
        "name": "Badan Pendapatan Daerah Kota Bengkulu",
        "short_name": "Bapenda",
        "slug": "bapenda",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Hendrik Fiktif Pratama, S.E., M.M.",
        "head_title": "Kepala Badan",
        "head_email": "kepala.bapenda@demo.sigap.test",
        "head_phone": "+6281200010028",
        "head_handles": "",
        "accounts": (
            "x:@bapenda_bkl_dm;instagram:@bapenda.bkl.demo;facebook:bapenda.kotabkl.demo;"
            "whatsapp:+6281200000141"
        ),
        "account_ids": "",
        "keywords": (
            "pbb;pbb-p2;pajak bumi dan bangunan;sppt;tagihan pbb;pajak daerah;pajak restoran;"
            "pajak hotel;pajak hiburan;pajak reklame;pajak parkir;pajak air tanah;bphtb;sppt pbb;"
            "bayar pbb;denda pbb;njop;pajak sarang walet;bapenda;pajak rumah;pajak tanah"
            ";pajak;pajak kos;pajak kost;pajak warung;pajak resto;tunggakan pbb;e pbb"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;whatsapp",
        "phone": "+627360001029",
        "website": "https://bapenda.bengkulukota.test",
    },
    {
        "name": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bengkulu",
        "short_name": "BKPSDM",
        "slug": "bkpsdm",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Sulastri Contoh Ningsih, S.Sos., M.AP.",
        "head_title": "Kepala Badan",
        "head_email": "kepala.bkpsdm@demo.sigap.test",
        "head_phone": "+6281200010029",
        "head_handles": "",
        "accounts": "x:@bkpsdm_bkl_dm;instagram:@bkpsdm.bkl.demo;facebook:bkpsdm.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "asn;pns;pppk;cpns;seleksi pppk;tenaga honorer;kenaikan pangkat;mutasi pegawai;"
            "disiplin asn;asn bolos;pensiun pns;p3k;seleksi cpns;honorer;honorer pemkot;"
            "pegawai honorer;non asn;naik pangkat;mutasi asn;disiplin pegawai;pegawai bolos;"
            "pegawai nongkrong;pegawai berseragam;berseragam dinas;jam kantor pemkot;jam kantor;"
            "pensiun;tpp asn;netralitas asn;kepegawaian;pegawai pemkot;bkpsdm;badan kepegawaian"
            ";aparatur sipil negara;tkk;tenaga kontrak pemkot;pppk paruh waktu"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001030",
        "website": "",
    },
    {
        "name": "Badan Penanggulangan Bencana Daerah Kota Bengkulu",
        "short_name": "BPBD",
        "slug": "bpbd",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Ahmad Contoh Fauzi, S.T., M.Si.",
        "head_title": "Kepala Pelaksana",
        "head_email": "kalak.bpbd@demo.sigap.test",
        "head_phone": "+6281200010030",
        "head_handles": "x:@ahmadc_bkl_dm",
        "accounts": (
            "x:@bpbd_bkl_dm;instagram:@bpbd.bkl.demo;facebook:bpbd.kotabkl.demo;"
            "tiktok:@bpbd.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "bencana;bencana alam;abrasi;longsor;tanah longsor;pohon tumbang;gempa;tsunami;"
            "puting beliung;angin kencang;banjir rob;pengungsi;tanggul jebol;korban bencana;"
            "abrasi pantai;pohon roboh;pohon mau tumbang;gempa bumi;jalur evakuasi;"
            "evakuasi tsunami;shelter tsunami;angin puting beliung;angin ribut;rob;air laut pasang;"
            "banjir bandang;korban banjir;pengungsian;posko bencana;tanggul;tanggul pantai;"
            "siaga bencana;bpbd"
            ";tebing longsor;tebing runtuh;longsoran;gelombang tinggi;gelombang pasang;"
            "ombak besar;air pasang;badai;hujan angin;pohon rubuh;pohon ambruk;atap terbang;"
            "rumah roboh;rumah ambruk;tertimpa pohon;tertimpa;evakuasi korban;logistik bencana;"
            "bantuan bencana;mitigasi;kesiapsiagaan;peringatan dini;sirene tsunami;titik kumpul;"
            "likuifaksi;kekeringan;kemarau panjang;mengungsi;banjir besar;rawan bencana;"
            "rawan longsor;rawan banjir"
        ),
        "places": "",
        "calendar": "24x7",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001031",
        "website": "https://bpbd.bengkulukota.test",
    },
    {
        "name": "Badan Kesatuan Bangsa dan Politik Kota Bengkulu",
        "short_name": "Kesbangpol",
        "slug": "kesbangpol",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Iskandar Fiktif Zulkifli, S.Sos., M.Si.",
        "head_title": "Kepala Badan",
        "head_email": "kepala.kesbangpol@demo.sigap.test",
        "head_phone": "+6281200010031",
        "head_handles": "",
        "accounts": "instagram:@kesbangpol.bkl.demo;facebook:kesbangpol.kotabkl.demo",
        "account_ids": "",
        "keywords": (
            "ormas;konflik sosial;bentrok antarwarga;radikalisme;terorisme;intoleransi;fkub;"
            "wawasan kebangsaan;bentrok;tawuran;ormas meresahkan;bentrokan;tawuran pelajar;"
            "perkelahian antar kampung;kerukunan umat beragama;izin penelitian;"
            "surat izin penelitian;rekomendasi penelitian;aliran sesat;kesbangpol"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001032",
        "website": "",
    },
    {
        "name": "Inspektorat Kota Bengkulu",
        "short_name": "Inspektorat",
        "slug": "inspektorat",
        "kind": "badan",
        "parent_slug": "",
        "head_name": "Dr. Rahmawati Fiktif, S.E., M.Si., Ak.",
        "head_title": "Inspektur",
        "head_email": "inspektur@demo.sigap.test",
        "head_phone": "+6281200010032",
        "head_handles": "",
        "accounts": (
            "x:@itda_bkl_dm;instagram:@inspektorat.bkl.demo;facebook:inspektorat.kotabkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "pungli;pungutan liar;saber pungli;korupsi;gratifikasi;suap;mark up;"
            "penyalahgunaan wewenang;wbs;whistleblowing;dugaan korupsi;sogok;uang pelicin;markup;"
            "penyelewengan;penyelewengan dana;whistleblower;inspektorat"
            ";nyogok;menyogok;disogok;nepotisme;kolusi;korup;dikorupsi;penggelapan dana;"
            "pungutan tidak resmi;uang pungli"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook",
        "phone": "+627360001033",
        "website": "https://inspektorat.bengkulukota.test",
    },
    {
        "name": "Bagian Pemerintahan Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Pemerintahan",
        "slug": "bagian-pemerintahan",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Mulyadi Contoh, S.H., M.Si.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.pemerintahan@demo.sigap.test",
        "head_phone": "+6281200010033",
        "head_handles": "",
        "accounts": "instagram:@tapem.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "batas wilayah;tapal batas;sengketa batas;pemekaran kelurahan;kerja sama daerah;"
            "nama jalan;batas kelurahan;batas kecamatan;pemekaran;penamaan jalan;tata pemerintahan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "",
    },
    {
        "name": "Bagian Hukum Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Hukum",
        "slug": "bagian-hukum",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Yudi Fiktif Permana, S.H., M.H.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.hukum@demo.sigap.test",
        "head_phone": "+6281200010034",
        "head_handles": "",
        "accounts": "instagram:@hukum.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "perda;peraturan daerah;perwal;peraturan wali kota;jdih;produk hukum;bantuan hukum;"
            "peraturan walikota;rancangan perda;raperda;sosialisasi perda;dasar hukum"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "https://jdih.bengkulukota.test",
    },
    {
        "name": "Bagian Organisasi Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Organisasi",
        "slug": "bagian-organisasi",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Lina Contoh Maryani, S.Sos., M.AP.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.organisasi@demo.sigap.test",
        "head_phone": "+6281200010035",
        "head_handles": "",
        "accounts": "instagram:@ortala.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "reformasi birokrasi;zona integritas;standar pelayanan;maklumat pelayanan;"
            "survei kepuasan masyarakat;kelembagaan;wbk;survei kepuasan;skm;sop pelayanan"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "",
    },
    {
        "name": "Bagian Protokol dan Komunikasi Pimpinan Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Prokopim",
        "slug": "bagian-prokopim",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Reza Fiktif Akbar, S.I.Kom., M.Si.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.prokopim@demo.sigap.test",
        "head_phone": "+6281200010036",
        "head_handles": "",
        "accounts": (
            "x:@prokopim_bkl_dm;instagram:@prokopim.bkl.demo;facebook:prokopim.kotabkl.demo;"
            "youtube:@prokopim-bkl-demo;tiktok:@prokopim.bkl.demo"
        ),
        "account_ids": "",
        "keywords": (
            "jadwal wali kota;audiensi;undangan wali kota;kunjungan wali kota;siaran pers;"
            "dokumentasi pimpinan;audiensi wali kota;undang wali kota;mengundang wali kota;"
            "kunjungan kerja;protokol;protokoler;sambutan wali kota;ketemu wali kota;"
            "bertemu wali kota;ketemu pak wali;open house"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "x;instagram;facebook;youtube;tiktok",
        "phone": "",
        "website": "",
    },
    {
        "name": "Bagian Umum Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Umum",
        "slug": "bagian-umum",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Nasrul Contoh Hakim, S.E.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.umum@demo.sigap.test",
        "head_phone": "+6281200010037",
        "head_handles": "",
        "accounts": "instagram:@umum.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "kendaraan dinas;mobil dinas;plat merah;rumah dinas;balai kota;motor dinas;pelat merah;"
            "mobil plat merah;gedung balai kota;aula pemkot;sewa aula"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "",
    },
    {
        "name": "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian PBJ",
        "slug": "bagian-pbj",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Wahyu Fiktif Nugroho, S.T., M.T.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.pbj@demo.sigap.test",
        "head_phone": "+6281200010038",
        "head_handles": "",
        "accounts": "instagram:@pbj.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "tender;lelang proyek;lpse;spse;e-katalog;ekatalog;pengadaan barang;"
            "pengadaan barang dan jasa;penyedia jasa;lelang;lelang tender;pengadaan;"
            "katalog elektronik;kontraktor;pemenang tender;pokja;ukpbj"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "https://lpse.bengkulukota.test",
    },
    {
        "name": "Bagian Kesejahteraan Rakyat Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Kesra",
        "slug": "bagian-kesra",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "H. Abdul Contoh Rahman, S.Ag., M.H.I.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.kesra@demo.sigap.test",
        "head_phone": "+6281200010039",
        "head_handles": "",
        "accounts": "instagram:@kesra.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "rumah ibadah;bantuan rumah ibadah;bantuan masjid;mtq;guru ngaji;insentif guru ngaji;"
            "marbot;insentif marbot;hibah keagamaan;renovasi masjid;tempat ibadah;bantuan musala;"
            "bantuan mushola;bantuan gereja;renovasi musala;pembangunan masjid;stq;imam masjid;"
            "insentif imam;tpq;phbi;kafilah mtq;hibah masjid"
            ";guru tpa;guru tpq;insentif ustadz;honor guru ngaji;takmir"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "",
    },
    {
        "name": "Bagian Perekonomian dan Sumber Daya Alam Sekretariat Daerah Kota Bengkulu",
        "short_name": "Bagian Perekonomian dan SDA",
        "slug": "bagian-perekonomian",
        "kind": "bagian",
        "parent_slug": "",
        "head_name": "Fitriani Fiktif Lubis, S.E., M.E.",
        "head_title": "Kepala Bagian",
        "head_email": "kabag.perekonomian@demo.sigap.test",
        "head_phone": "+6281200010040",
        "head_handles": "",
        "accounts": "instagram:@ekosda.setda.bkl.demo",
        "account_ids": "",
        "keywords": (
            "inflasi;tpid;bumd;bbm subsidi;antrean bbm;spbu;solar langka;galian c;bbm;bbm langka;"
            "antrian bbm;antrean solar;antrian solar;pertalite;pertalite langka;pom bensin;"
            "tambang pasir;pertamini;bensin eceran"
            ";solar;bensin;pertamax;antre bensin;antrean bensin;antrian bensin;barcode bbm;"
            "qr code bbm;kuota bbm;mypertamina;my pertamina;harga bbm"
        ),
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kecamatan Gading Cempaka",
        "short_name": "Kec. Gading Cempaka",
        "slug": "kec-gading-cempaka",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Rizal Fiktif Anwar, S.STP., M.Si.",
        "head_title": "Camat",
        "head_email": "camat.gadingcempaka@demo.sigap.test",
        "head_phone": "+6281200010041",
        "head_handles": "instagram:@camat.gadingcempaka.bkl.demo",
        "accounts": (
            "instagram:@kec.gadingcempaka.bkl.demo;facebook:kecamatan.gadingcempaka.bkl.demo"
        ),
        "account_ids": "",
        "keywords": "",
        "places": "gading cempaka;cempaka permai;jalan gedang;sidomulyo;sido mulyo",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001034",
        "website": "",
    },
    {
        "name": "Kecamatan Kampung Melayu",
        "short_name": "Kec. Kampung Melayu",
        "slug": "kec-kampung-melayu",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Budi Contoh Santoso, S.Sos.",
        "head_title": "Camat",
        "head_email": "camat.kampungmelayu@demo.sigap.test",
        "head_phone": "+6281200010042",
        "head_handles": "",
        "accounts": (
            "instagram:@kec.kampungmelayu.bkl.demo;facebook:kecamatan.kampungmelayu.bkl.demo"
        ),
        "account_ids": "",
        "keywords": "",
        "places": "kampung melayu;kelurahan kandang;kandang mas;muara dua;sumber jaya;teluk sepang",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001035",
        "website": "",
    },
    {
        "name": "Kecamatan Muara Bangkahulu",
        "short_name": "Kec. Muara Bangkahulu",
        "slug": "kec-muara-bangkahulu",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Herman Fiktif Syah, S.IP., M.M.",
        "head_title": "Camat",
        "head_email": "camat.muarabangkahulu@demo.sigap.test",
        "head_phone": "+6281200010043",
        "head_handles": "",
        "accounts": (
            "instagram:@kec.muarabangkahulu.bkl.demo;facebook:kecamatan.muarabangkahulu.bkl.demo"
        ),
        "account_ids": "",
        "keywords": "",
        "places": (
            "muara bangkahulu;bentiring;bentiring permai;beringin raya;pematang gubernur;"
            "rawa makmur;rawa makmur permai"
            ";muara bangka hulu"
        ),
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001036",
        "website": "",
    },
    {
        "name": "Kecamatan Ratu Agung",
        "short_name": "Kec. Ratu Agung",
        "slug": "kec-ratu-agung",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Desi Contoh Anggraini, S.STP., M.AP.",
        "head_title": "Camat",
        "head_email": "camat.ratuagung@demo.sigap.test",
        "head_phone": "+6281200010044",
        "head_handles": "instagram:@camat.ratuagung.bkl.demo",
        "accounts": "instagram:@kec.ratuagung.bkl.demo;facebook:kecamatan.ratuagung.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "ratu agung;kebun beler;kebun kenanga;kebun tebeng;lempuing;sawah lebar baru",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001037",
        "website": "",
    },
    {
        "name": "Kecamatan Ratu Samban",
        "short_name": "Kec. Ratu Samban",
        "slug": "kec-ratu-samban",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Irwan Fiktif Maulana, S.Sos., M.Si.",
        "head_title": "Camat",
        "head_email": "camat.ratusamban@demo.sigap.test",
        "head_phone": "+6281200010045",
        "head_handles": "",
        "accounts": "instagram:@kec.ratusamban.bkl.demo;facebook:kecamatan.ratusamban.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": (
            "ratu samban;anggut atas;anggut bawah;anggut dalam;belakang pondok;kebun dahri;"
            "kebun geran;pengantungan;kelurahan penurunan"
        ),
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001038",
        "website": "",
    },
    {
        "name": "Kecamatan Selebar",
        "short_name": "Kec. Selebar",
        "slug": "kec-selebar",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Safrudin Contoh, S.E., M.M.",
        "head_title": "Camat",
        "head_email": "camat.selebar@demo.sigap.test",
        "head_phone": "+6281200010046",
        "head_handles": "",
        "accounts": "instagram:@kec.selebar.bkl.demo;facebook:kecamatan.selebar.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "selebar;betungan;bumi ayu;pekan sabtu;sukarami;suka rami",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001039",
        "website": "",
    },
    {
        "name": "Kecamatan Singaran Pati",
        "short_name": "Kec. Singaran Pati",
        "slug": "kec-singaran-pati",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Novi Fiktif Yanti, S.STP.",
        "head_title": "Camat",
        "head_email": "camat.singaranpati@demo.sigap.test",
        "head_phone": "+6281200010047",
        "head_handles": "",
        "accounts": "instagram:@kec.singaranpati.bkl.demo;facebook:kecamatan.singaranpati.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": (
            "singaran pati;dusun besar;kelurahan jembatan kecil;padang nangka;kelurahan panorama;"
            "timur indah"
        ),
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001040",
        "website": "",
    },
    {
        "name": "Kecamatan Sungai Serut",
        "short_name": "Kec. Sungai Serut",
        "slug": "kec-sungai-serut",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Jamaludin Contoh Arifin, S.H.",
        "head_title": "Camat",
        "head_email": "camat.sungaiserut@demo.sigap.test",
        "head_phone": "+6281200010048",
        "head_handles": "",
        "accounts": "instagram:@kec.sungaiserut.bkl.demo;facebook:kecamatan.sungaiserut.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": (
            "sungai serut;kampung kelawi;kelurahan pasar bengkulu;kelurahan semarang;"
            "kelurahan surabaya;tanjung agung;tanjung jaya"
        ),
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001041",
        "website": "",
    },
    {
        "name": "Kecamatan Teluk Segara",
        "short_name": "Kec. Teluk Segara",
        "slug": "kec-teluk-segara",
        "kind": "kecamatan",
        "parent_slug": "",
        "head_name": "Firdaus Fiktif Ramli, S.IP., M.Si.",
        "head_title": "Camat",
        "head_email": "camat.teluksegara@demo.sigap.test",
        "head_phone": "+6281200010049",
        "head_handles": "instagram:@camat.teluksegara.bkl.demo",
        "accounts": "instagram:@kec.teluksegara.bkl.demo;facebook:kecamatan.teluksegara.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": (
            "teluk segara;kelurahan bajak;kelurahan berkas;jitra;kampung bali;kebun keling;"
            "kebun ros;kelurahan pasar baru;pasar melintang;pintu batu;pondok besi;sumur meleleh;"
            "tengah padang"
        ),
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001042",
        "website": "",
    },
    {
        "name": "Kelurahan Lingkar Barat",
        "short_name": "Kel. Lingkar Barat",
        "slug": "kel-lingkar-barat",
        "kind": "kelurahan",
        "parent_slug": "kec-gading-cempaka",
        "head_name": "Susi Contoh Rahayu, S.Sos.",
        "head_title": "Lurah",
        "head_email": "lurah.lingkarbarat@demo.sigap.test",
        "head_phone": "+6281200010050",
        "head_handles": "instagram:@lurah.lingkarbarat.bkl.demo",
        "accounts": "instagram:@kel.lingkarbarat.bkl.demo;facebook:kelurahan.lingkarbarat.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "lingkar barat",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Padang Harapan",
        "short_name": "Kel. Padang Harapan",
        "slug": "kel-padang-harapan",
        "kind": "kelurahan",
        "parent_slug": "kec-gading-cempaka",
        "head_name": "Ferry Fiktif Gunadi, S.E.",
        "head_title": "Lurah",
        "head_email": "lurah.padangharapan@demo.sigap.test",
        "head_phone": "+6281200010051",
        "head_handles": "",
        "accounts": "instagram:@kel.padangharapan.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "padang harapan",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Padang Serai",
        "short_name": "Kel. Padang Serai",
        "slug": "kel-padang-serai",
        "kind": "kelurahan",
        "parent_slug": "kec-kampung-melayu",
        "head_name": "Rosita Contoh Wati, S.AP.",
        "head_title": "Lurah",
        "head_email": "lurah.padangserai@demo.sigap.test",
        "head_phone": "+6281200010052",
        "head_handles": "",
        "accounts": "instagram:@kel.padangserai.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "padang serai",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Kandang Limun",
        "short_name": "Kel. Kandang Limun",
        "slug": "kel-kandang-limun",
        "kind": "kelurahan",
        "parent_slug": "kec-muara-bangkahulu",
        "head_name": "Hasan Fiktif Basri, S.Sos.",
        "head_title": "Lurah",
        "head_email": "lurah.kandanglimun@demo.sigap.test",
        "head_phone": "+6281200010053",
        "head_handles": "",
        "accounts": "instagram:@kel.kandanglimun.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "kandang limun",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Nusa Indah",
        "short_name": "Kel. Nusa Indah",
        "slug": "kel-nusa-indah",
        "kind": "kelurahan",
        "parent_slug": "kec-ratu-agung",
        "head_name": "Yeni Contoh Puspita, S.STP.",
        "head_title": "Lurah",
        "head_email": "lurah.nusaindah@demo.sigap.test",
        "head_phone": "+6281200010054",
        "head_handles": "instagram:@lurah.nusaindah.bkl.demo",
        "accounts": "instagram:@kel.nusaindah.bkl.demo;facebook:kelurahan.nusaindah.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "nusa indah",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Sawah Lebar",
        "short_name": "Kel. Sawah Lebar",
        "slug": "kel-sawah-lebar",
        "kind": "kelurahan",
        "parent_slug": "kec-ratu-agung",
        "head_name": "Doni Fiktif Kusuma, S.IP.",
        "head_title": "Lurah",
        "head_email": "lurah.sawahlebar@demo.sigap.test",
        "head_phone": "+6281200010055",
        "head_handles": "",
        "accounts": "instagram:@kel.sawahlebar.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "sawah lebar",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Tanah Patah",
        "short_name": "Kel. Tanah Patah",
        "slug": "kel-tanah-patah",
        "kind": "kelurahan",
        "parent_slug": "kec-ratu-agung",
        "head_name": "Mardiana Contoh, S.E.",
        "head_title": "Lurah",
        "head_email": "lurah.tanahpatah@demo.sigap.test",
        "head_phone": "+6281200010056",
        "head_handles": "",
        "accounts": "instagram:@kel.tanahpatah.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "tanah patah",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Padang Jati",
        "short_name": "Kel. Padang Jati",
        "slug": "kel-padang-jati",
        "kind": "kelurahan",
        "parent_slug": "kec-ratu-samban",
        "head_name": "Ilham Fiktif Saputra, S.H.",
        "head_title": "Lurah",
        "head_email": "lurah.padangjati@demo.sigap.test",
        "head_phone": "+6281200010057",
        "head_handles": "",
        "accounts": "instagram:@kel.padangjati.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "padang jati",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Pagar Dewa",
        "short_name": "Kel. Pagar Dewa",
        "slug": "kel-pagar-dewa",
        "kind": "kelurahan",
        "parent_slug": "kec-selebar",
        "head_name": "Evi Contoh Susilawati, S.Sos.",
        "head_title": "Lurah",
        "head_email": "lurah.pagardewa@demo.sigap.test",
        "head_phone": "+6281200010058",
        "head_handles": "instagram:@lurah.pagardewa.bkl.demo",
        "accounts": "instagram:@kel.pagardewa.bkl.demo;facebook:kelurahan.pagardewa.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "pagar dewa",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Sumur Dewa",
        "short_name": "Kel. Sumur Dewa",
        "slug": "kel-sumur-dewa",
        "kind": "kelurahan",
        "parent_slug": "kec-selebar",
        "head_name": "Rahmad Fiktif Hidayat, S.Kom.",
        "head_title": "Lurah",
        "head_email": "lurah.sumurdewa@demo.sigap.test",
        "head_phone": "+6281200010059",
        "head_handles": "",
        "accounts": "instagram:@kel.sumurdewa.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "sumur dewa",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Lingkar Timur",
        "short_name": "Kel. Lingkar Timur",
        "slug": "kel-lingkar-timur",
        "kind": "kelurahan",
        "parent_slug": "kec-singaran-pati",
        "head_name": "Sari Contoh Wulandari, S.AP.",
        "head_title": "Lurah",
        "head_email": "lurah.lingkartimur@demo.sigap.test",
        "head_phone": "+6281200010060",
        "head_handles": "",
        "accounts": "instagram:@kel.lingkartimur.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "lingkar timur",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Sukamerindu",
        "short_name": "Kel. Sukamerindu",
        "slug": "kel-sukamerindu",
        "kind": "kelurahan",
        "parent_slug": "kec-sungai-serut",
        "head_name": "Anton Fiktif Wijaya, S.Sos.",
        "head_title": "Lurah",
        "head_email": "lurah.sukamerindu@demo.sigap.test",
        "head_phone": "+6281200010061",
        "head_handles": "",
        "accounts": "instagram:@kel.sukamerindu.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "sukamerindu;suka merindu",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "Kelurahan Malabero",
        "short_name": "Kel. Malabero",
        "slug": "kel-malabero",
        "kind": "kelurahan",
        "parent_slug": "kec-teluk-segara",
        "head_name": "Nurul Contoh Hidayah, S.IP.",
        "head_title": "Lurah",
        "head_email": "lurah.malabero@demo.sigap.test",
        "head_phone": "+6281200010062",
        "head_handles": "instagram:@lurah.malabero.bkl.demo",
        "accounts": "instagram:@kel.malabero.bkl.demo",
        "account_ids": "",
        "keywords": "",
        "places": "malabero",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "",
        "website": "",
    },
    {
        "name": "RSUD Harapan dan Doa Kota Bengkulu",
        "short_name": "RSHD",
        "slug": "rsud-hd",
        "kind": "rsud",
        "parent_slug": "",
        "head_name": "dr. Lestari Contoh Handayani, Sp.PD., M.A.R.S.",
        "head_title": "Direktur",
        "head_email": "direktur.rshd@demo.sigap.test",
        "head_phone": "+6281200010063",
        "head_handles": "instagram:@dr.lestari.contoh.bkl.demo",
        "accounts": (
            "x:@rshd_bkl_dm;instagram:@rshd.bkl.demo;facebook:rshd.kotabkl.demo;"
            "whatsapp:+6281200000151"
        ),
        "account_ids": "",
        "keywords": (
            "rsud;rshd;rs harapan dan doa;rumah sakit;igd;ugd;rawat inap;bpjs rs;kamar penuh;"
            "antrean poli;dokter jaga;ambulans;rsud harapan dan doa;rumah sakit harapan dan doa;"
            "rs hd;rumah sakit kota;rs kota;instalasi gawat darurat;rawat jalan;poli;poliklinik;"
            "antrian poli;pendaftaran pasien;kamar rawat;ruang rawat;dokter spesialis;ambulance;"
            "jam besuk;besuk pasien;rujukan;surat rujukan;farmasi rs;apotek rs;hemodialisa;"
            "cuci darah;icu;nicu;rsud kota"
            ";rumah sakit umum daerah;pasien rawat inap;pasien bpjs;pasien rujukan;ruang igd;"
            "kamar operasi;bangsal;kamar inap;opname;diopname;ruang isolasi;ruang bersalin;"
            "caesar;sesar;dokter anak;dokter kandungan;ambulan;rs daerah;rs pemkot;perawat rs;"
            "perawat jutek;perawat judes;rs harapan doa;biaya rs;kasir rs"
        ),
        "places": "",
        "calendar": "24x7",
        "expected_platforms": "x;instagram;facebook;whatsapp",
        "phone": "+627360001043",
        "website": "https://rshd.bengkulukota.test",
    },
    {
        "name": "Perumda Air Minum Tirta Hidayah Kota Bengkulu",
        "short_name": "PDAM Tirta Hidayah",
        "slug": "pdam-tirta-hidayah",
        "kind": "bumd",
        "parent_slug": "",
        "head_name": "Ir. Syaiful Fiktif Bahri, M.M.",
        "head_title": "Direktur Utama",
        "head_email": "dirut.pdam@demo.sigap.test",
        "head_phone": "+6281200010064",
        "head_handles": "x:@syaiful_bkl_dm",
        "accounts": (
            "x:@pdam_bkl_dm;instagram:@pdam.tirtahidayah.bkl.demo;"
            "facebook:pdamtirtahidayah.bkl.demo;whatsapp:+6281200000161"
        ),
        "account_ids": "",
        "keywords": (
            "air mati;air pdam;pdam;tirta hidayah;air keruh;air idak ngalir;air tidak mengalir;"
            "air kecil;pipa bocor;pipa pecah;meteran air;tagihan air;sambungan baru air;pam;"
            "air pam;air ledeng;ledeng;perumda air minum;air pdam mati;air tidak ngalir;"
            "air tidak keluar;air macet;air kotor;air bau;air berbau;air kuning;air coklat;"
            "air berwarna;pipa patah;pipa air;pipa pdam;kebocoran pipa;meter air;water meter;"
            "rekening air;tagihan pdam;pemutusan air;sambungan baru;pasang baru pdam;"
            "pelanggan pdam;gangguan air;distribusi air;air bersih;krisis air bersih;tidak ada air;"
            "air tidak ada;air belum ngalir;air belum keluar;air belum mengalir;air tidak hidup;"
            "mobil tangki air;tandon;reservoir;air sering mati;keran air;kran air;air kering"
            ";air ngadat;air tersendat;air mampet;debit air;debit air kecil;tekanan air;"
            "air lemah;air netes;air menetes;air tidak lancar;air hidup mati;air berlumpur;"
            "air berpasir;air berlumut;kaporit;air bau kaporit;meteran pdam;denda pdam;"
            "sambungan rumah;pasang pdam;pemasangan pdam;pasang air;pasang baru air;pipa induk;"
            "pipa;keran;kran;perumda air;perumda;jadwal air;giliran air;air bergilir;tampung air;"
            "nampung air;menampung air;pdam mati;air leding;tagihan membengkak"
        ),
        "places": "",
        "calendar": "24x7",
        "expected_platforms": "x;instagram;facebook;whatsapp",
        "phone": "+627360001044",
        "website": "https://tirtahidayah.bengkulukota.test",
    },
    {
        "name": "UPTD Puskesmas Jalan Gedang",
        "short_name": "Puskesmas Jalan Gedang",
        "slug": "pkm-jalan-gedang",
        "kind": "upt",
        "parent_slug": "dinas-kesehatan",
        "head_name": "dr. Nia Contoh Oktaviani",
        "head_title": "Kepala Puskesmas",
        "head_email": "kapus.jalangedang@demo.sigap.test",
        "head_phone": "+6281200010065",
        "head_handles": "",
        "accounts": "instagram:@pkm.jalangedang.bkl.demo",
        "account_ids": "",
        "keywords": "puskesmas jalan gedang;pkm jalan gedang",
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram",
        "phone": "+627360001045",
        "website": "",
    },
    {
        "name": "UPTD Puskesmas Sawah Lebar",
        "short_name": "Puskesmas Sawah Lebar",
        "slug": "pkm-sawah-lebar",
        "kind": "upt",
        "parent_slug": "dinas-kesehatan",
        "head_name": "Yanti Fiktif Rahayu, S.K.M.",
        "head_title": "Kepala Puskesmas",
        "head_email": "kapus.sawahlebar@demo.sigap.test",
        "head_phone": "+6281200010066",
        "head_handles": "",
        "accounts": "instagram:@pkm.sawahlebar.bkl.demo;facebook:pkm.sawahlebar.bkl.demo",
        "account_ids": "",
        "keywords": "puskesmas sawah lebar;pkm sawah lebar",
        "places": "",
        "calendar": "default",
        "expected_platforms": "instagram;facebook",
        "phone": "+627360001046",
        "website": "",
    },
]
