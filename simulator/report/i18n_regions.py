"""The Regions view's strings, in Bahasa Indonesia and English; merged into :data:`simulator.report.i18n.STRINGS`
(read them with :func:`simulator.report.i18n.text`, like every other string)."""

from __future__ import annotations

REGION_STRINGS: dict[str, dict[str, str]] = {
    "nav_regions": {"id": "Wilayah", "en": "Regions"},
    "regions_title": {"id": "Di mana kesenjangannya: enam kelompok pulau",
                      "en": "Where the gap is: the six island groups"},
    "regions_intro": {
        "id": "Model yang sama dijalankan untuk setiap kelompok pulau, dengan jumlah UMKM, konektivitas, desa tanpa "
              "4G, dan porsi terjangkau masing-masing dari data. Tuas di bilah samping berlaku secara nasional; "
              "di bawah, Anda menentukan ke mana setiap tuas diarahkan. Jumlah keenam wilayah berada dalam "
              "{gap} dari model nasional hingga 2024.",
        "en": "The same model run for each island group, with its own UMKM count, connectivity, villages without "
              "4G and reachable share from the evidence. The sidebar's levers are national; below you choose "
              "where each goes. The six regions add up to within {gap} of the national model through 2024.",
    },
    "regions_behind": {
        "id": "Paling tertinggal pada {deadline}: {first} ({first_share} UMKM daring) dan {second} "
              "({second_share}); nasional {national}.",
        "en": "Furthest behind in {deadline}: {first} ({first_share} of UMKM online) and {second} "
              "({second_share}); the nation {national}.",
    },
    "regions_chart_header": {"id": "Porsi UMKM yang onboarding, per wilayah",
                             "en": "Share of UMKM onboarded, by region"},
    "regions_chart_caption": {
        "id": "Garis merah: median skenario; pita: P10-P90 dari {draws} undian Monte Carlo; abu-abu: median "
              "status quo; garis putus-putus: porsi nasional skenario. Skala sumbu sama di keenam grafik.",
        "en": "Red line: the scenario's median; band: P10-P90 of {draws} Monte Carlo draws; grey: the status "
              "quo's median; dashed: the nation's median share in the scenario. The same axis scale in all six "
              "charts.",
    },
    "regions_chart_y": {"id": "Porsi UMKM onboarding", "en": "Share of UMKM onboarded"},
    "regions_chart_alt": {
        "id": "Grafik porsi UMKM onboarding di {region}: {share} pada {deadline}.",
        "en": "Chart of the share of UMKM onboarded in {region}: {share} in {deadline}.",
    },
    "regions_series_national": {"id": "Nasional", "en": "National"},
    "regions_table_header": {"id": "Tabel per wilayah", "en": "Table by region"},
    "regions_table_caption": {
        "id": "Pada tenggat: median dan P10-P90 undian Monte Carlo; \"kini\" ({now}) dan tambahan per tuas: "
              "angka tengah (parameter terkalibrasi). "
              "Tambahan per tuas: tuas itu sendiri digeser dari status quo ke pengaturan dan arahnya, dibanding "
              "status quo pada arah bawaan. Biaya per UMKM tambahan: biaya tambahan di wilayah itu dibagi UMKM "
              "tambahan di sana; 0 bila hanya arahnya yang berubah (uang yang sama di tempat lain).",
        "en": "At the deadline: the median and P10-P90 of the Monte Carlo draws; \"now\" ({now}) and what each "
              "lever adds: central figures (calibrated parameters). "
              "Added per lever: that lever alone moved from the status quo to its setting and placement, against "
              "the status quo at the default placement. Cost per additional UMKM: the extra spending in that "
              "region over the additional UMKM there; 0 when only the placement changed (the same money spent "
              "elsewhere).",
    },
    "regions_col_region": {"id": "Wilayah", "en": "Region"},
    "regions_col_umkm": {"id": "UMKM", "en": "UMKM"},
    "regions_col_now": {"id": "Daring kini", "en": "Online now"},
    "regions_col_deadline": {"id": "Daring pada tenggat", "en": "Online at the deadline"},
    "regions_col_range": {"id": "P10-P90 pada tenggat", "en": "P10-P90 at the deadline"},
    "regions_col_gap": {"id": "Selisih dari nasional", "en": "Gap to the nation"},
    "regions_col_added": {"id": "{lever}: tambahan", "en": "{lever}: added"},
    "regions_col_cost_per": {"id": "{lever}: biaya per UMKM", "en": "{lever}: cost per UMKM"},
    "regions_points": {"id": "{value} poin", "en": "{value} points"},
    "regions_allocation_header": {"id": "Pengaturan lanjutan: ke mana setiap tuas diarahkan",
                                  "en": "Advanced settings: where each lever goes"},
    "regions_allocation_intro": {
        "id": "Porsi setiap wilayah dalam persen; jumlahnya harus 100%. Tidak ada yang diskalakan diam-diam: bila "
              "jumlahnya bukan 100%, pengaturan sebelumnya tetap dipakai. Bawaan: menara ke desa tanpa 4G dalam "
              "daftar BAKTI (sebagian besar Maluku-Papua), pelatihan dan pembiayaan sebanding UMKM yang belum daring.",
        "en": "Each region's share in per cent; they must sum to 100%. Nothing is rescaled silently: if they do not "
              "sum to 100%, the previous setting stays in use. Default: towers to the villages without 4G on "
              "BAKTI's list (mostly Maluku-Papua), training and financing in proportion to the UMKM not yet online.",
    },
    "regions_apply": {"id": "Terapkan", "en": "Apply"},
    "regions_default": {"id": "Kembali ke bawaan", "en": "Back to the default"},
    "regions_sum": {"id": "Jumlah: {total}", "en": "Total: {total}"},
    "regions_bad_sum": {
        "id": "{lever}: jumlah porsi {total}, harus 100%. Pengaturan sebelumnya tetap dipakai.",
        "en": "{lever}: the shares sum to {total}; they must sum to 100%. The previous setting stays in use.",
    },
    "regions_bad_value": {
        "id": "{lever}: {message}. Pengaturan sebelumnya tetap dipakai.",
        "en": "{lever}: {message}. The previous setting stays in use.",
    },
    "regions_allocation_now": {"id": "Dipakai sekarang: {shares}", "en": "In use: {shares}"},
    "regions_download": {"id": "Unduh seri per wilayah (CSV, format panjang)",
                         "en": "Download the regional series (CSV, long format)"},
    "regions_method_header": {"id": "Data dan asumsi per wilayah", "en": "Regional evidence and assumptions"},
    "regions_methodology": {
        "id": "Model wilayah adalah mesin nasional yang sama dengan sumbu wilayah (undian × wilayah × bulan). "
              "Semua koefisien nasional tetap seperti dikalibrasi; yang berbeda per wilayah: jumlah UMKM (Sensus "
              "Ekonomi 2016), porsi terhubung (penetrasi internet APJII 2023 relatif terhadap rata-rata nasional), "
              "desa tanpa 4G (daftar BAKTI 2021-22; sisanya dibagi sebanding UMKM, asumsi), UMKM per desa baru "
              "terjangkau, batas konektivitas tanpa menara, dan porsi terjangkau, dipilih agar pool 2020 terbagi "
              "seperti usaha e-commerce BPS (sekitar tiga perempat di Jawa). UMKM daring 2020 dan laju kampanye "
              "nasional dibagi sebanding pool. Dengan parameter tengah dan arah bawaan, jumlah keenam wilayah "
              "berbeda paling jauh {to_2024} dari model nasional hingga 2024 dan {horizon} hingga 2030 (diuji). "
              "Satu desa di Maluku-Papua diasumsikan 1,5 kali lebih mahal. Rentang per wilayah memakai setiap "
              "undian kedua (enam wilayah = enam kali pekerjaan). Pencarian sasaran per wilayah memakai mesin "
              "pencarian nasional pada model wilayah: intensitas pada arah awal, lalu arah terbaik pada intensitas "
              "itu, lalu intensitas lagi, dan hanya menyimpan jawaban yang lebih murah; biayanya ukuran yang sama "
              "dengan halaman. Sensitivitas per wilayah menggeser satu masukan atau satu bagian tuas pada jalur "
              "pusat.",
        "en": "The regional model is the same national engine with a region axis (draws × regions × months). "
              "Every national coefficient stays as calibrated; what differs by region: the UMKM count (Economic "
              "Census 2016), the connected share (APJII 2023 internet penetration relative to the national mean), "
              "villages without 4G (BAKTI's 2021-22 list; the rest spread in proportion to UMKM, an assumption), "
              "the UMKM a newly covered village brings, the ceiling of connectivity without towers, and the "
              "reachable share, chosen so that the 2020 pool splits like BPS's e-commerce businesses (about three "
              "quarters in Java). The UMKM online in 2020 and the national campaign's pace are split like the "
              "pool. With central parameters and the default placement, the six regions add up to within "
              "{to_2024} of the national model through 2024 and {horizon} through 2030 (tested). A village in "
              "Maluku-Papua is assumed to cost 1.5 times as much. The regional ranges use every second draw (six "
              "regions are six times the work). Goal seek by region runs the national search on the regional "
              "model: intensities at the starting placement, then the best placement at those intensities, then "
              "the intensities again, keeping an answer only when it is cheaper; its cost is the page's measure. "
              "Sensitivity by region moves one input, or one lever's share in one region, on central runs.",
    },
    "regions_col_businesses": {"id": "Usaha 2016 (juta)", "en": "Businesses 2016 (million)"},
    "regions_col_internet": {"id": "Penetrasi internet", "en": "Internet penetration"},
    "regions_col_villages": {"id": "Desa tanpa 4G (model)", "en": "Villages without 4G (model)"},
    "regions_col_ecommerce": {"id": "Porsi usaha e-commerce", "en": "Share of e-commerce businesses"},
    "regions_col_default": {"id": "Arah bawaan menara", "en": "Default tower placement"},
    "regions_col_cost": {"id": "Biaya menara per desa", "en": "Tower cost per village"},
    "regions_place_header": {"id": "Di mana tuas paling berguna?", "en": "Where do the levers work best?"},
    "regions_place_intro": {
        "id": "Mencari penempatan per wilayah untuk tingkat tuas saat ini yang paling banyak menambah UMKM onboarding "
              "pada tenggat, tanpa biaya tambahan (parameter tengah; peluang dari undian Monte Carlo).",
        "en": "Searches the placement by region of the current lever levels that onboards the most UMKM by the "
              "deadline, at no extra cost (central parameters; the probability from the Monte Carlo draws).",
    },
    "regions_place_button": {"id": "Cari penempatan terbaik", "en": "Find the best placement"},
    "regions_place_result": {
        "id": "Penempatan ini menambah {added} UMKM pada {deadline} ({before} → {after}), biaya {cost_before} → "
              "{cost_after}; peluang mencapai target {p_before} → {p_after}.",
        "en": "This placement adds {added} UMKM by {deadline} ({before} → {after}), cost {cost_before} → "
              "{cost_after}; chance of reaching the target {p_before} → {p_after}.",
    },
    "regions_place_none": {
        "id": "Tidak ada penempatan lain yang menambah UMKM tanpa biaya tambahan: penempatan sekarang sudah terbaik.",
        "en": "No other placement adds UMKM at no extra cost: the current one is already the best.",
    },
    "regions_place_apply": {"id": "Pakai penempatan ini", "en": "Use this placement"},
    "regions_gs_header": {"id": "Apa yang dibutuhkan, per wilayah?", "en": "What would it take, by region?"},
    "regions_gs_intro": {
        "id": "Mencari campuran termurah dari intensitas tuas, bulan mulai, dan penempatan per wilayah yang mencapai "
              "{target} UMKM daring pada {deadline} dengan peluang yang diminta, dalam model wilayah: pencarian "
              "intensitas, lalu penempatan terbaik pada intensitas itu, lalu intensitas lagi, selama biayanya turun.",
        "en": "Searches the cheapest mix of lever intensities, start months and placement by region that reaches "
              "{target} UMKM online by {deadline} with the required probability, in the regional model: the "
              "intensities, then the best placement at those intensities, then the intensities again, while the "
              "cost falls.",
    },
    "regions_gs_run": {"id": "Cari campuran dan penempatan termurah", "en": "Find the cheapest mix and placement"},
    "regions_gs_saving": {
        "id": "Memindahkan tuas antarwilayah menghemat {saving} dibanding mencari intensitas saja dengan penempatan "
              "awal ({fixed}).",
        "en": "Moving the levers between regions saves {saving} against searching the intensities alone at the "
              "starting placement ({fixed}).",
    },
    "regions_gs_no_saving": {
        "id": "Penempatan awal sudah yang termurah untuk tujuan ini: hanya intensitas yang berubah.",
        "en": "The starting placement is already the cheapest for this goal: only the intensities change.",
    },
    "regions_gs_reached_by_moving": {
        "id": "Dengan penempatan awal tidak ada campuran yang mencapai tujuan ini; dengan memindahkan tuas, tercapai.",
        "en": "No mix reaches this goal placed as at the start; moving the levers between regions does.",
    },
    "regions_gs_col_where": {"id": "Ke mana", "en": "Where it goes"},
    "regions_gs_apply": {"id": "Terapkan campuran dan penempatan ini", "en": "Apply this mix and placement"},
    "regions_gs_apply_help": {
        "id": "Mengatur tuas, bulan mulainya, dan penempatan per wilayah; target dan tenggat tidak berubah.",
        "en": "Sets the levers, their start months and the placement by region; the target and deadline stay.",
    },
    "regions_gs_cost_measure": {
        "id": "Biaya: belanja yang diharapkan dari ketiga tuas dari {start} sampai tenggat, dijumlah atas wilayah "
              "(menara di Maluku–Papua lebih mahal); ukuran yang sama dengan pencarian nasional.",
        "en": "Cost: the expected spending on all three levers from {start} through the deadline, summed over the "
              "regions (towers cost more in Maluku–Papua); the same measure as the national search.",
    },
    "regions_sens_header": {"id": "Apa yang paling menggerakkan satu wilayah?", "en": "What moves a region most?"},
    "regions_sens_intro": {
        "id": "UMKM onboarding pada tenggat di wilayah yang dipilih (atau nasional) ketika satu masukan digeser dari "
              "ujung bawah ke ujung atas: parameter model, tuas, dan porsi setiap tuas di setiap wilayah (0% atau "
              "100%, wilayah lain menyesuaikan); parameter tengah.",
        "en": "UMKM onboarded by the deadline in the chosen region (or the nation) when one input moves from its "
              "low to its high end: the model's parameters, the levers, and each lever's share in each region (0% "
              "or 100%, the other regions in proportion); central parameters.",
    },
    "regions_sens_region": {"id": "Wilayah", "en": "Region"},
    "regions_sens_national": {"id": "Nasional (jumlah wilayah)", "en": "National (sum of the regions)"},
    "regions_sens_share": {"id": "Porsi {lever} di {region}", "en": "{lever} share in {region}"},
    "regions_sens_axis": {"id": "UMKM onboarding pada tenggat", "en": "UMKM onboarded by the deadline"},
    "regions_sens_caption": {
        "id": "{rows} masukan dengan ayunan terbesar; nilai sekarang {value}. Peluang mencapai target nasional per "
              "masukan ada di tab sensitivitas halaman skenario.",
        "en": "The {rows} inputs with the largest swing; the value now {value}. The probability of reaching the "
              "national target per input is on the scenario page's sensitivity tab.",
    },
    "regions_sheet": {"id": "Wilayah", "en": "Regions"},
    "regions_brief_header": {"id": "Per wilayah", "en": "By region"},
    "regions_col_allocation": {"id": "{lever}: porsi", "en": "{lever}: share"},
    "regions_col_adopters": {"id": "UMKM onboarding pada tenggat", "en": "UMKM onboarded by the deadline"},
}
