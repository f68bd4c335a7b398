"""Methodology text, equations, limits, disclaimer and changelog, in both languages.

The methodology page renders these sections in order; the parameter and lever tables beside them are generated
from the registry (:mod:`simulator.report.tables`), so numbers are never copied into prose here.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator import observation_model
from simulator import uncertainty as mc
from simulator.parameters import Text
from simulator.report import formatting


@dataclass(frozen=True, kw_only=True)
class Section:
    """A titled block of markdown, optionally followed by LaTeX equations."""

    title: Text
    body: Text
    equations: tuple[str, ...] = ()


EQUATIONS = (
    r"N(t) = N_{2019}\,(1+g)^t,\qquad c(t) = c_{max} - (c_{max}-c_{2020})\,e^{-k t}",
    r"r(t) = \min\!\bigl(1,\; r_{2020} + r'\,t + r_F\,(1 - e^{-K(t)/(\kappa\, r_F N(t))})\bigr)",
    r"M(t) = r(t)\,\bigl(N c + \phi \min(u V,\; N(1-c))\bigr)",
    r"g(t) = \min\!\Bigl(1, \frac{(t-t_c)^+}{R}\Bigr)\, e^{-\lambda (t-t_f)^+}",
    r"\frac{dO}{dt} = \Bigl(p + q\frac{O}{M} + \frac{C\,g(t)}{M}\Bigr)(M-O)^+"
    r" + eT\,\frac{(M-O)^+}{(M-O)^+ + eT\cdot 1\,\mathrm{yr}}",
    r"\frac{dA}{dt} = \frac{dO}{dt} - \delta\bigl(1 - h\min(1, S/A)\bigr)A",
    r"\frac{dB}{dt} = b(t) - \frac{B}{\tau},\quad \frac{dV}{dt} = \frac{B}{\tau},\quad \frac{dK}{dt} = F(t),"
    r"\quad \frac{dS}{dt} = T(t)",
    r"\ln y_i = \ln O(t_i) + \beta_{d_i} + \varepsilon_i,\quad \varepsilon_i \sim N(0, \sigma^2),\quad "
    r"\sigma^2 \sim \mathrm{IG}(a, b)",
)

SECTIONS: tuple[Section, ...] = (
    Section(
        title=Text(en="The question", id="Pertanyaan"),
        body=Text(
            en="In June 2021 the government set a target of 30 million UMKM using e-commerce by 2024, when about "
               "13.7 million of roughly 65 million were online. The deadline has passed; the simulator now answers "
               "three questions: what the forecast made with the data of June 2021 said and how good it was against "
               "what was reported later; what other mixes of the three levers the ministers named (digital "
               "infrastructure, training and mentoring, financing) would have done; and what the data of a later "
               "month, with counts the user adds, say for a target and deadline the user sets.",
            id="Pada Juni 2021 pemerintah menetapkan target 30 juta UMKM memakai e-commerce pada 2024, ketika "
               "sekitar 13,7 juta dari kira-kira 65 juta UMKM sudah daring. Tenggatnya sudah lewat; simulator ini "
               "kini menjawab tiga pertanyaan: apa kata prakiraan dengan data Juni 2021 dan seberapa baik ia "
               "dibandingkan angka yang dilaporkan kemudian; apa hasil campuran lain dari tiga tuas yang disebut "
               "para menteri (infrastruktur digital, pelatihan dan pendampingan, pembiayaan); dan apa kata data "
               "bulan yang lebih baru, dengan angka yang ditambahkan pengguna, untuk target dan tenggat pilihan "
               "pengguna."),
    ),
    Section(
        title=Text(en="The model", id="Model"),
        body=Text(
            en="The model forecasts the quantity the target counts: UMKM onboarded to e-commerce, cumulative, as "
               "the ministries tally them (O), month by month from January 2020. UMKM still actively selling (A, "
               "net of sellers going dormant at rate δ, less among mentored sellers) are a side output, never the "
               "headline. Onboarding has three sources, each drawing on the reachable pool M (connected, ready and "
               "willing UMKM) and slowing as it is used up: the national campaign, from its launch t_c and ramping "
               "over R years to its full pace C, fading at rate λ after t_f; outside influence p; and word of mouth "
               "q. The pool is all UMKM (N, growing g a year) times the connected share c times the reachable share "
               "r, plus the u UMKM of each village newly covered by 4G (V) with their own reachable share φr. "
               "Infrastructure funds villages (b a year) covered after a build delay τ; financing (F rupiah a year) "
               "accumulates (K) and raises r with diminishing returns up to r_F; training converts a share e of "
               "trainees (T a year). Before its start month each lever runs at its status-quo pace, zero before "
               "the programme existed.",
            id="Model memprakirakan besaran yang dihitung target: UMKM yang onboarding ke e-commerce, kumulatif, "
               "sebagaimana dihitung kementerian (O), bulan demi bulan sejak Januari 2020. UMKM yang masih aktif "
               "berjualan (A, setelah dikurangi penjual yang berhenti dengan laju δ, lebih sedikit di antara penjual "
               "yang didampingi) adalah keluaran samping, tidak pernah menjadi judul. Onboarding punya tiga sumber, "
               "masing-masing menarik dari pool terjangkau M (UMKM yang terhubung, siap, dan mau) dan melambat "
               "seiring pool terpakai: kampanye nasional, sejak peluncurannya t_c dan naik selama R tahun hingga "
               "laju penuhnya C, memudar dengan laju λ setelah t_f; pengaruh luar p; dan getok tular q. Pool adalah "
               "seluruh UMKM (N, tumbuh g per tahun) dikali porsi terhubung c dikali porsi terjangkau r, ditambah u "
               "UMKM dari setiap desa yang baru terjangkau 4G (V) dengan porsi terjangkau sendiri φr. Infrastruktur "
               "mendanai desa (b per tahun) yang terjangkau setelah jeda pembangunan τ; pembiayaan (F rupiah per "
               "tahun) terakumulasi (K) dan menaikkan r dengan imbal hasil menurun hingga r_F; pelatihan mengubah "
               "porsi e peserta (T per tahun). Sebelum bulan mulainya setiap tuas berjalan pada laju status quo, "
               "nol sebelum programnya ada."),
        equations=EQUATIONS,
    ),
    Section(
        title=Text(en="The evidence for each mechanism", id="Bukti untuk setiap mekanisme"),
        body=Text(
            en="- **The quantity.** The target counts UMKM onboarded (the ministries' tallies from platforms and the "
               "campaign, not a register of firms that still sell), so the model forecasts a cumulative count and "
               "keeps drop-out for the active sellers only ('many micro firms cannot survive on marketplaces', the "
               "Minister of Cooperatives and SMEs, December 2022).\n"
               "- **The campaign.** Gernas Bangga Buatan Indonesia began on 14 May 2020; the ministry stated a pace "
               "of 500,000 a month in April 2021, and the counts' pace rose from about 175,000 a month in 2020 to "
               "about 450,000 in the first half of 2021: a campaign that ramped up. A Bass curve without it would "
               "have to be past its inflection by 2021 and could not accelerate.\n"
               "- **Its fading.** The pandemic pushed selling online; officials said in 2023 that onboarding had "
               "slowed from about 500,000 a month as offline selling recovered. The fading's start and rate are "
               "priors (mid-2021 to mid-2023), which data of later vintages narrow.\n"
               "- **The reachable pool.** BPS: most businesses not selling online prefer selling in person (71-78%), "
               "lack interest or knowledge; micro firms have limited production capacity. The pool is a product of "
               "shares, so no lever is switched off by a cap.\n"
               "- **The levers.** Training's effect is skewed low (the World Bank's trials in Georgia found training "
               "alone did not raise online selling, and effects faded as others caught up); trainees leave the pool "
               "others would have onboarded from. Infrastructure follows BAKTI: sites contracted in 2021, 4,341 on "
               "air by July 2023, none before 2021; a remote village has fewer UMKM than the national average (about "
               "780) and a lower reachable share. Financing raises readiness with diminishing returns.\n"
               "- **The counts.** idEA's platform tallies run a few per cent above the ministries' count (13.7 "
               "against 13.5 million in mid-2021): each definition has an offset. Counts conflict (17.59 and 18.0 "
               "million a month apart): the error size is estimated, not fixed. The BPS survey (about a sixth of "
               "the count) and association estimates are shown, never fitted.",
            id="- **Besarannya.** Target menghitung UMKM yang onboarding (tally kementerian dari platform dan "
               "kampanye, bukan daftar usaha yang masih berjualan), sehingga model memprakirakan hitungan kumulatif "
               "dan memakai angka berhenti hanya untuk penjual aktif ('banyak usaha mikro tidak bertahan di "
               "marketplace', Menteri Koperasi dan UKM, Desember 2022).\n"
               "- **Kampanye.** Gernas Bangga Buatan Indonesia dimulai 14 Mei 2020; kementerian menyatakan laju "
               "500.000 per bulan pada April 2021, dan laju angka resmi naik dari sekitar 175.000 per bulan pada "
               "2020 menjadi sekitar 450.000 pada paruh pertama 2021: kampanye yang makin cepat. Kurva Bass tanpa "
               "kampanye harus sudah melewati titik beloknya pada 2021 dan tidak bisa makin cepat.\n"
               "- **Memudarnya.** Pandemi mendorong penjualan daring; pada 2023 pejabat menyatakan onboarding "
               "melambat dari sekitar 500.000 per bulan karena penjualan luring pulih. Awal dan laju memudarnya "
               "adalah prior (pertengahan 2021 hingga pertengahan 2023), yang dipersempit data vintage berikutnya.\n"
               "- **Pool terjangkau.** BPS: sebagian besar usaha yang tidak berjualan daring lebih suka berjualan "
               "langsung (71-78%), tidak tertarik, atau kurang pengetahuan; usaha mikro terbatas kapasitas "
               "produksinya. Pool adalah hasil kali porsi, sehingga tidak ada tuas yang dimatikan oleh batas.\n"
               "- **Tuas.** Efek pelatihan condong kecil (uji acak Bank Dunia di Georgia: pelatihan saja tidak "
               "menaikkan penjualan daring, dan efeknya memudar saat yang lain menyusul); peserta keluar dari pool "
               "tempat UMKM lain akan onboarding. Infrastruktur mengikuti BAKTI: kontrak menara pada 2021, 4.341 "
               "mengudara pada Juli 2023, tidak ada sebelum 2021; desa terpencil punya UMKM lebih sedikit dari "
               "rata-rata nasional (sekitar 780) dan porsi terjangkau lebih rendah. Pembiayaan menaikkan kesiapan "
               "dengan imbal hasil menurun.\n"
               "- **Angka.** Tally platform idEA beberapa persen di atas hitungan kementerian (13,7 dibanding 13,5 "
               "juta pada pertengahan 2021): setiap definisi punya selisih. Angka saling bertentangan (17,59 dan 18,0 "
               "juta berselang sebulan): besar galat diperkirakan, bukan ditetapkan. Survei BPS (sekitar seperenam "
               "hitungan) dan perkiraan asosiasi ditampilkan, tidak pernah dikalibrasi."),
    ),
    Section(
        title=Text(en="Two structures", id="Dua struktur"),
        body=Text(
            en="The counts to mid-2021 fit two accounts about equally well. Campaign-led: the campaign brought most "
               "UMKM online and word of mouth adds little (q from 0 to 0.15), so onboarding slows as the campaign "
               "fades. Word-of-mouth-led: UMKM followed other UMKM (q from 0.2 to 0.9, the literature's range) and "
               "the campaign gave a smaller push, so onboarding keeps its pace longer. Both are run; the page "
               "combines them with equal shares (an assumption: the data cannot choose) and shows each one's "
               "probability and median beside the combined ones. The backtest scores each structure alone.",
            id="Angka hingga pertengahan 2021 cocok dengan dua penjelasan yang kira-kira sama baiknya. Dipimpin "
               "kampanye: kampanye membawa sebagian besar UMKM daring dan getok tular menambah sedikit (q dari 0 "
               "hingga 0,15), sehingga onboarding melambat saat kampanye memudar. Dipimpin getok tular: UMKM "
               "mengikuti UMKM lain (q dari 0,2 hingga 0,9, rentang literatur) dan kampanye memberi dorongan lebih "
               "kecil, sehingga onboarding bertahan lebih lama. Keduanya dijalankan; halaman menggabungkannya dengan "
               "bobot setara (asumsi: data tidak dapat memilih) dan menunjukkan peluang serta median masing-masing "
               "di samping gabungannya. Uji mundur menilai setiap struktur sendiri-sendiri."),
    ),
    Section(
        title=Text(en="Numerical method", id="Metode numerik"),
        body=Text(
            en="One classical Runge-Kutta step per month for O and A, with the pool and the campaign evaluated at "
               "the start, middle and end of the month; the lever stocks (B, V, K, S) are integrated exactly. With "
               "the campaign and levers off, a constant pool and no drop-out the engine matches the Bass closed form "
               r"$F(t) = \frac{1 - e^{-(p+q)t}}{1 + (q/p)\,e^{-(p+q)t}}$ to better than 0.5%, and the campaign alone "
               "its own closed form (tests check both). All arrays carry Monte Carlo draws, scenarios and regions as "
               "leading axes.",
            id="Satu langkah Runge-Kutta klasik per bulan untuk O dan A, dengan pool dan kampanye dihitung pada "
               "awal, tengah, dan akhir bulan; stok tuas (B, V, K, S) diintegrasikan secara eksak. Tanpa kampanye "
               "dan tuas, dengan pool tetap dan tanpa angka berhenti, mesin ini sama dengan rumus tertutup Bass "
               r"$F(t) = \frac{1 - e^{-(p+q)t}}{1 + (q/p)\,e^{-(p+q)t}}$ dengan selisih di bawah 0,5%, dan "
               "kampanye saja dengan rumus tertutupnya sendiri (keduanya diuji). Semua larik membawa undian Monte "
               "Carlo, skenario, dan wilayah sebagai sumbu depan."),
    ),
    Section(
        title=Text(en="Calibration and forecasting skill", id="Kalibrasi dan kemampuan prakiraan"),
        body=Text(
            en="The central run's start count, campaign pace and ramp are fitted to the observations marked as used "
               "by maximising the observation model's likelihood: each fitted count's log is the model's plus its "
               "definition's offset plus an error whose size is integrated out under an inverse-gamma prior "
               "(shape {a}, prior mode of the error size about {mode}). Forecasts are judged out of sample by a "
               "rolling-origin backtest: from each vintage (every six months from December 2020 to December 2022, "
               "and the one chosen on the page) the Monte Carlo is conditioned on what was said by then and "
               "forecasts every ministry count said later, scored by the median's mean absolute percentage error, "
               "the CRPS and the share inside P10-P90, beside three naive forecasts scored the same way: a straight "
               "line through the last 12 months, the last six months' pace held, and the plan of 500,000 a month. "
               "The table below is that backtest; where the model loses, the page says so.",
            id="Jumlah awal, laju, dan masa naik kampanye pada jalur pusat dipasangkan pada pengamatan yang "
               "ditandai dipakai dengan memaksimalkan fungsi kemungkinan model pengamatan: log setiap angka yang "
               "dipakai adalah log model ditambah selisih definisinya ditambah galat yang besarnya diintegrasikan "
               "dengan prior invers-gamma (bentuk {a}, modus prior besar galat sekitar {mode}). Prakiraan dinilai di "
               "luar sampel dengan uji mundur bertitik awal bergulir: dari setiap vintage (setiap enam bulan dari "
               "Desember 2020 hingga Desember 2022, dan yang dipilih di halaman) Monte Carlo dikondisikan pada apa "
               "yang sudah diumumkan saat itu dan memprakirakan setiap angka kementerian yang diumumkan kemudian, "
               "dinilai dengan galat persentase absolut rata-rata median, CRPS, dan porsi di dalam P10-P90, di "
               "samping tiga prakiraan naif yang dinilai sama: garis lurus 12 bulan terakhir, laju 6 bulan terakhir, "
               "dan rencana 500.000 per bulan. Tabel di bawah adalah uji mundur itu; bila model kalah, halaman "
               "menyatakannya."),
    ),
    Section(
        title=Text(en="Uncertainty: how likely, conditioned on the evidence",
                   id="Ketidakpastian: seberapa mungkin, dengan memperhitungkan data"),
        body=Text(
            en="Every uncertain parameter (the campaign, diffusion, the reachable pool, drop-out, each lever's "
               "effectiveness, the build delay, unit costs, the platform offset) is drawn from its plausible range "
               "in the registry, narrowed per structure for q and the campaign's pace. The draws are conditioned "
               "on the observations of the chosen vintage by tempered sequential Monte Carlo: the likelihood is "
               "raised step by step from nearly flat to full, and at each step the draws are resampled and moved "
               "by {moves} random-walk Metropolis steps, so they end as equally weighted posterior draws however "
               "much data the vintage holds. Every scenario runs against the same draws, so two mixes differ only "
               "by their levers. The fan shows P10, P50 and P90 per month; the probability is the share of draws "
               "at or above the target at the end of the deadline month, with its Monte Carlo error (the binomial "
               "error times the measured design effect of resampled draws, {effect}). The same seed gives the "
               "same numbers.",
            id="Setiap parameter yang tidak pasti (kampanye, difusi, pool terjangkau, angka berhenti, efektivitas "
               "setiap tuas, jeda pembangunan, biaya satuan, selisih platform) diundi dari rentang wajarnya di "
               "registri, dipersempit per struktur untuk q dan laju kampanye. Undian dikondisikan pada pengamatan "
               "vintage yang dipilih dengan sequential Monte Carlo bertemper: fungsi kemungkinan dinaikkan bertahap "
               "dari hampir datar hingga penuh, dan pada setiap tahap undian diambil ulang dan digeser dengan "
               "{moves} langkah Metropolis acak, sehingga berakhir sebagai undian posterior berbobot sama berapa pun "
               "banyaknya data vintage. Setiap skenario dijalankan dengan undian yang sama, sehingga dua campuran "
               "hanya berbeda pada tuasnya. Kipas menunjukkan P10, P50, dan P90 per bulan; peluang adalah porsi "
               "undian yang mencapai target pada akhir bulan tenggat, dengan galat Monte Carlo-nya (galat binomial "
               "dikali efek desain terukur dari undian yang diambil ulang, {effect}). Benih acak yang sama memberi "
               "angka yang sama."),
    ),
    Section(
        title=Text(en="Goal seek and sensitivity", id="Pencarian sasaran dan sensitivitas"),
        body=Text(
            en="Goal seek looks for the cheapest mix of the three levers (intensity and start month) whose "
               "probability of reaching the target by the deadline is at least the one required, within an optional "
               "budget: a coarse grid of mixes run against the same draws, then a local search around the cheapest "
               "feasible one. Cost is the expected programme spending from July 2021 to the deadline, the same "
               "measure as the page's cost metric. If no mix within the slider ranges is enough, it says so and "
               "shows the closest; a mix that cuts a lever below its status quo is flagged. The sensitivity chart "
               "moves one input at a time to the ends of its plausible range, re-weighting the draws for each fixed "
               "value by how much it changes their fit (for a parameter the data pin down, few draws keep weight: "
               "read its bar as rough).",
            id="Pencarian sasaran mencari campuran tiga tuas termurah (intensitas dan bulan mulai) yang peluangnya "
               "mencapai target pada tenggat setidaknya sebesar yang diminta, dalam batas anggaran bila ada: kisi "
               "kasar campuran dijalankan dengan undian yang sama, lalu pencarian lokal di sekitar yang termurah "
               "dan layak. Biaya adalah perkiraan belanja program dari Juli 2021 sampai tenggat, ukuran yang sama "
               "dengan metrik biaya di halaman. Bila tidak ada campuran dalam rentang tuas yang cukup, hal itu "
               "dinyatakan dan campuran terdekat ditunjukkan; campuran yang menurunkan tuas di bawah status quo "
               "ditandai. Grafik "
               "sensitivitas menggeser satu masukan ke ujung rentang wajarnya, dengan bobot undian dihitung ulang "
               "untuk setiap nilai tetap menurut perubahan kecocokannya (untuk parameter yang ditentukan data, hanya "
               "sedikit undian yang tetap berbobot: baca batangnya sebagai perkiraan kasar)."),
    ),
    Section(
        title=Text(en="What the model leaves out", id="Yang tidak dicakup model"),
        body=Text(
            en="- One national region: Java and the 3T areas differ most in connectivity (a regional breakdown is "
               "planned; the arrays are ready for it).\n"
               "- The campaign's fading after mid-2023 and any new programme are priors, not data.\n"
               "- Demand-side measures (government procurement from UMKM, platform incentives) are not a lever; "
               "a randomised trial found such measures worked where training alone did not.\n"
               "- No shocks after June 2021 (pandemic waves, recession, platform changes).\n"
               "- \"Selling online\" follows each source's definition; ministries, idEA and BPS count differently.\n"
               "- Lever effects and unit costs are assumptions with plausible ranges, not measured values.",
            id="- Satu wilayah nasional: Jawa dan daerah 3T paling berbeda dalam konektivitas (rincian per wilayah "
               "direncanakan; lariknya sudah siap).\n"
               "- Memudarnya kampanye setelah pertengahan 2023 dan program baru apa pun adalah prior, bukan data.\n"
               "- Kebijakan sisi permintaan (pengadaan pemerintah dari UMKM, insentif platform) bukan tuas; uji acak "
               "menemukan kebijakan semacam itu berhasil ketika pelatihan saja tidak.\n"
               "- Tidak ada guncangan setelah Juni 2021 (gelombang pandemi, resesi, perubahan platform).\n"
               "- \"Berjualan daring\" mengikuti definisi tiap sumber; kementerian, idEA, dan BPS menghitung "
               "berbeda.\n"
               "- Efek tuas dan biaya satuan adalah asumsi dengan rentang wajar, bukan nilai terukur."),
    ),
    Section(
        title=Text(en="Disclaimer", id="Penafian"),
        body=Text(
            en="This is an exploratory tool built from public statements and stated assumptions. Its numbers are "
               "scenarios, not official forecasts or commitments, and should be read with the ranges and limits "
               "above.",
            id="Ini adalah alat eksplorasi yang dibangun dari pernyataan publik dan asumsi yang dinyatakan. "
               "Angka-angkanya adalah skenario, bukan prakiraan atau komitmen resmi, dan harus dibaca bersama "
               "rentang serta batasan di atas."),
    ),
)


def _sigma_mode() -> float:
    """Mode of the error size sigma [log scale] when sigma^2 ~ IG(a, b): sqrt(2b / (2a + 1))."""
    a, b = observation_model.SIGMA_PRIOR
    return (2.0 * b / (2.0 * a + 1.0)) ** 0.5


def _filled(section: Section) -> Section:
    """The section with the code's constants written into its prose, so the text cannot drift from them."""
    def fill(language: str) -> str:
        body = section.body(language)
        values = {"a": f"{observation_model.SIGMA_PRIOR[0]:g}",
                  "mode": f"{formatting.decimal(_sigma_mode() * 100, language)}%",
                  "moves": str(mc.MOVES), "effect": formatting.decimal(mc.DESIGN_EFFECT, language)}
        for name, value in values.items():  # replace, not str.format: other sections hold LaTeX braces
            body = body.replace("{" + name + "}", value)
        return body

    return Section(title=section.title, body=Text(en=fill("en"), id=fill("id")), equations=section.equations)


SECTIONS = tuple(_filled(section) for section in SECTIONS)
SKILL_SECTION = "Calibration and forecasting skill"
"""The section after which the methodology page shows the backtest table."""


@dataclass(frozen=True, kw_only=True)
class Change:
    version: str
    date: str
    text: Text


CHANGELOG: tuple[Change, ...] = (
    Change(version="0.3.0", date="2026-12-01", text=Text(
        en="Forecasts you can check: the model forecasts the ministries' cumulative onboarded count with the "
           "national campaign (ramp and fading), a reachable pool without cliffs and an observation model (source "
           "offsets, estimated error); two structures (campaign-led, word-of-mouth-led) are combined; the data "
           "reach June 2023 with vintages; a rolling-origin backtest against naive forecasts is on the page, this "
           "page and the brief; the headline is the median with the probability's Monte Carlo error; staff can add "
           "counts; goal seek and the page quote one cost.",
        id="Prakiraan yang dapat diperiksa: model memprakirakan hitungan onboarding kumulatif kementerian dengan "
           "kampanye nasional (naik dan memudar), pool terjangkau tanpa batas tajam, dan model pengamatan (selisih "
           "sumber, galat yang diperkirakan); dua struktur (dipimpin kampanye, dipimpin getok tular) digabung; data "
           "hingga Juni 2023 dengan vintage; uji mundur bertitik awal bergulir terhadap prakiraan naif ada di "
           "halaman utama, halaman ini, dan ringkasan; judulnya median dengan galat Monte Carlo peluang; staf dapat "
           "menambah angka; pencarian sasaran dan halaman menyebut biaya yang sama.")),
    Change(version="0.2.0", date="2026-11-28", text=Text(
        en="Faster, same numbers: the month loop runs compiled (the numpy engine stays as the reference; the two "
           "agree to 1e-12), the status quo is simulated once per set of draws, and the page computes and draws "
           "only the open tab and expanders. A lever move to a new scenario takes about 95 ms instead of 310 ms; "
           "50 people moving levers at once on two cores are answered in about 0.2 s (median). The cost metric "
           "uses short money (Rp23,3 T) so it is not cut off.",
        id="Lebih cepat, angka sama: perulangan bulanan berjalan terkompilasi (mesin numpy tetap menjadi rujukan; "
           "keduanya sama hingga 1e-12), status quo disimulasikan sekali per himpunan draw, dan halaman hanya "
           "menghitung serta menggambar tab dan bagian yang terbuka. Menggeser tuas ke skenario baru butuh sekitar "
           "95 ms, bukan 310 ms; 50 orang yang menggeser tuas bersamaan pada dua inti dijawab dalam sekitar 0,2 "
           "detik (median). Metrik biaya memakai bentuk singkat (Rp23,3 T) agar tidak terpotong.")),
    Change(version="0.1.0", date="2026-11-28", text=Text(
        en="First release: calibrated diffusion model with three levers; Monte Carlo conditioned on the "
           "observations, goal seek and sensitivity; presets, saved comparisons, share links, undo and exports "
           "(CSV, Excel, PNG, SVG, policy brief PDF); command line; bilingual app with methodology and data pages.",
        id="Rilis pertama: model difusi terkalibrasi dengan tiga tuas; Monte Carlo yang memperhitungkan data "
           "teramati, pencarian sasaran, dan sensitivitas; skenario siap pakai, perbandingan tersimpan, tautan "
           "berbagi, urungkan, dan unduhan (CSV, Excel, PNG, SVG, ringkasan kebijakan PDF); baris perintah; "
           "aplikasi dwibahasa dengan halaman metodologi dan data.")),
)
