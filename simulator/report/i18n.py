"""Every visible string of the app and its exports, in Bahasa Indonesia (default) and English.

``text(key, language, **values)`` returns the string with ``{placeholders}`` filled. A test checks that every key
has both languages and the same placeholders in each. :func:`source_text` gives a registry source (a ``Text``
with ``.en``/``.id``; a plain string is taken as it is) in a language, :func:`column_text` an observation text
column (``source``, ``note``) from its Indonesian twin (``source_id``, ``note_id``), and :data:`STREAMLIT_LABELS`
the labels Streamlit draws itself (upload button, chart menu), which the page translates in the browser.
"""

from __future__ import annotations

from simulator.report.i18n_regions import REGION_STRINGS

STRINGS: dict[str, dict[str, str]] = {
    "page_title": {"id": "Simulator UMKM Go Digital", "en": "UMKM Go Digital simulator"},
    "title": {"id": "30 juta UMKM masuk e-commerce pada 2024?", "en": "30 million UMKM on e-commerce by 2024?"},
    "intro": {
        "id": "Geser tiga tuas kebijakan (infrastruktur digital, pelatihan dan pendampingan, pembiayaan) dan lihat "
              "apakah, kapan, dan dengan biaya berapa target {target} UMKM onboarding ke e-commerce tercapai. "
              "Model onboarding (kampanye nasional, getok tular) dikalibrasi pada data per bulan yang Anda pilih; "
              "bawaannya Juni 2021, saat keputusan.",
        "en": "Move the three policy levers (digital infrastructure, training and mentoring, financing) and see "
              "whether, when and at what cost {target} UMKM onboarded to e-commerce is reached. An onboarding "
              "model (the national campaign, word of mouth) calibrated on the data as of the month you choose; by "
              "default June 2021, the decision.",
    },
    "language": {"id": "Bahasa", "en": "Language"},
    "nav_scenario": {"id": "Simulator", "en": "Simulator"},
    "nav_methodology": {"id": "Metodologi", "en": "Methodology"},
    "nav_data": {"id": "Data dan sumber", "en": "Data and sources"},
    "equations": {"id": "Persamaan", "en": "Equations"},
    "parameters_header": {"id": "Semua parameter", "en": "Every parameter"},
    "changelog": {"id": "Catatan perubahan", "en": "Changelog"},
    "model_version": {"id": "Versi model: {version}", "en": "Model version: {version}"},
    "data_intro": {
        "id": "Pengamatan UMKM yang berjualan daring yang diketahui pada saat keputusan (Juni 2021), masing-masing "
              "dengan sumbernya. Angka resmi saling bertentangan; yang bertentangan ditampilkan tetapi tidak dipakai "
              "untuk kalibrasi, dengan catatan alasannya.",
        "en": "Observations of UMKM selling online known at the decision point (June 2021), each with its source. "
              "Official figures conflict; conflicting ones are shown but not fitted, with a note saying why.",
    },
    "download_observations": {"id": "Unduh data pengamatan (CSV)", "en": "Download the observations (CSV)"},
    "fit_chart_title": {"id": "Pengamatan dan model terkalibrasi", "en": "Observations and the calibrated model"},
    "levers": {"id": "Tuas kebijakan", "en": "Policy levers"},
    "status_quo_value": {"id": "status quo: {value}", "en": "status quo: {value}"},
    "slider_value": {"id": "{value} per tahun", "en": "{value} per year"},
    "advanced": {"id": "Pengaturan lanjutan", "en": "Advanced settings"},
    "target": {"id": "Target (juta UMKM)", "en": "Target (million UMKM)"},
    "deadline": {"id": "Tenggat", "en": "Deadline"},
    "start_of": {"id": "Mulai: {lever}", "en": "Start: {lever}"},
    "start_help": {
        "id": "Sebelum bulan ini tuas berjalan pada laju status quo.",
        "en": "Before this month the lever runs at its status-quo pace.",
    },
    "verdict_reached": {"id": "{target} UMKM daring tercapai pada {month}",
                        "en": "{target} UMKM online reached in {month}"},
    "verdict_missed": {"id": "Tidak tercapai pada {deadline}: kurang {gap}",
                       "en": "Not reached by {deadline}: {gap} short"},
    "verdict_later": {"id": "Dengan pengaturan ini target tercapai pada {month}.",
                      "en": "With these settings the target is reached in {month}."},
    "verdict_never": {"id": "Dengan pengaturan ini target tidak tercapai sebelum {horizon}.",
                      "en": "With these settings the target is not reached before {horizon}."},
    "metric_probability": {"id": "Peluang tercapai", "en": "Chance of reaching it"},
    "metric_probability_base": {"id": "status quo: {value}", "en": "status quo: {value}"},
    "probability_help": {
        "id": "Bagian dari {draws} undian Monte Carlo (berbobot menurut kecocokan dengan data teramati; setara "
              "{effective} undian efektif) yang mencapai {target} pada {deadline}. Metodenya di halaman Metodologi.",
        "en": "Share of {draws} Monte Carlo draws (weighted by how well they fit the observations; worth "
              "{effective} effective draws) that reach {target} by {deadline}. See the Methodology page.",
    },
    "range_help": {"id": "Rentang P10-P90 pada tenggat: {low} sampai {high}.",
                   "en": "P10-P90 range at the deadline: {low} to {high}."},
    "series_median": {"id": "Median (P50)", "en": "Median (P50)"},
    "draws": {"id": "Jumlah undian Monte Carlo", "en": "Monte Carlo draws"},
    "draws_help": {
        "id": "Lebih banyak undian = peluang lebih halus tetapi lebih lambat. Batas server publik: {cap}.",
        "en": "More draws give smoother probabilities but take longer. Public server cap: {cap}.",
    },
    "ce_ranges": {"id": "Rentang ketidakpastian biaya per tuas", "en": "Cost uncertainty per lever"},
    "ce_ranges_help": {
        "id": "Menjalankan undian Monte Carlo untuk setiap tuas sendiri-sendiri (lebih lambat).",
        "en": "Runs the Monte Carlo draws for each lever on its own (slower).",
    },
    "col_cost_per_range": {"id": "Biaya per UMKM tambahan, P10-P90", "en": "Cost per additional UMKM, P10-P90"},
    "total": {"id": "Semua tuas", "en": "All levers"},
    "metric_at_deadline": {"id": "UMKM onboarding, {deadline} (median)", "en": "UMKM onboarded, {deadline} (median)"},
    "metric_vs_baseline": {"id": "{delta} vs status quo", "en": "{delta} vs status quo"},
    "metric_baseline": {"id": "Status quo, {deadline}", "en": "Status quo, {deadline}"},
    "metric_cost": {"id": "Biaya program yang diharapkan", "en": "Expected programme cost"},
    "metric_cost_help": {
        "id": "{cost}: belanja ketiga tuas dari {start} sampai {deadline}, rata-rata atas undian (biaya satuan "
              "tidak pasti). Ukuran yang sama dengan pencarian target. {extra}.",
        "en": "{cost}: spending on all three levers from {start} through {deadline}, the mean over the draws "
              "(unit costs are uncertain). The same measure as goal seek. {extra}.",
    },
    "metric_extra_cost": {"id": "{delta} vs status quo", "en": "{delta} vs status quo"},
    "chart_title": {"id": "UMKM yang onboarding ke e-commerce", "en": "UMKM onboarded to e-commerce"},
    "chart_x": {"id": "Tahun", "en": "Year"},
    "chart_y": {"id": "UMKM onboarding (kumulatif)", "en": "UMKM onboarded (cumulative)"},
    "chart_series": {"id": "Seri", "en": "Series"},
    "chart_month": {"id": "Bulan", "en": "Month"},
    "chart_value": {"id": "UMKM daring", "en": "UMKM online"},
    "chart_source": {"id": "Sumber", "en": "Source"},
    "chart_observed": {"id": "Teramati", "en": "Observed"},
    "chart_target": {"id": "Target", "en": "Target"},
    "chart_deadline": {"id": "Tenggat", "en": "Deadline"},
    "series_scenario": {"id": "Skenario", "en": "Scenario"},
    "series_baseline": {"id": "Status quo", "en": "Status quo"},
    "target_label": {"id": "Target {target} UMKM", "en": "Target {target} UMKM"},
    "deadline_label": {"id": "Tenggat {deadline}", "en": "Deadline {deadline}"},
    "chart_alt": {
        "id": "Grafik garis UMKM yang berjualan daring per bulan, skenario dan status quo, dengan data teramati, "
              "garis target, dan tenggat; pada tenggat skenario mencapai {value} UMKM ({deadline}).",
        "en": "Line chart of UMKM selling online by month, scenario and status quo, with observations, the target "
              "line and the deadline; at the deadline the scenario reaches {value} UMKM ({deadline}).",
    },
    "chart_caption": {
        "id": "Garis merah: median prakiraan skenario; pita: rentang P10-P90 dari undian Monte Carlo; garis abu-abu: "
              "median status quo. Garis hijau: target. Garis vertikal: tenggat.",
        "en": "Red line: the scenario's median forecast; band: P10-P90 of the Monte Carlo draws; grey line: the "
              "status quo's median. Green line: target. Vertical line: deadline.",
    },
    "reach_header": {"id": "Kapan target tercapai? (sebaran undian)", "en": "When is the target reached? (draws)"},
    "reach_x": {"id": "Tahun pertama kali tercapai", "en": "Year first reached"},
    "reach_y": {"id": "Peluang", "en": "Probability"},
    "reach_never": {"id": "Tidak sebelum akhir 2030", "en": "Not before end 2030"},
    "contrib_header": {"id": "Sumbangan tiap tuas pada tenggat", "en": "What each lever adds at the deadline"},
    "contrib_caption": {
        "id": "Setiap tuas digeser sendiri dari status quo ke pengaturan skenario. Interaksi antartuas: {rest}.",
        "en": "Each lever moved alone from the status quo to the scenario's setting. Interaction between "
              "levers: {rest}.",
    },
    "col_lever": {"id": "Tuas", "en": "Lever"},
    "col_setting": {"id": "Pengaturan", "en": "Setting"},
    "col_added": {"id": "Tambahan UMKM daring", "en": "Additional UMKM online"},
    "col_extra_cost": {"id": "Biaya tambahan", "en": "Extra cost"},
    "col_cost_per": {"id": "Biaya per UMKM tambahan", "en": "Cost per additional UMKM"},
    "assumptions": {"id": "Asumsi, sumber, dan uji model", "en": "Assumptions, sources and model checks"},
    "assumptions_intro": {
        "id": "Setiap angka dalam model beserta arti, satuan, nilai, rentang wajar, dan sumbernya. Tabel ini "
              "dibuat langsung dari registri parameter di kode, sehingga tidak bisa berbeda dari model.",
        "en": "Every number in the model with its meaning, unit, value, plausible range and source. This table is "
              "generated from the parameter registry in the code, so it cannot drift from the model.",
    },
    "col_parameter": {"id": "Parameter", "en": "Parameter"},
    "col_meaning": {"id": "Arti", "en": "Meaning"},
    "col_unit": {"id": "Satuan", "en": "Unit"},
    "col_value": {"id": "Nilai", "en": "Value"},
    "col_range": {"id": "Rentang wajar", "en": "Plausible range"},
    "col_kind": {"id": "Jenis", "en": "Kind"},
    "col_source": {"id": "Sumber", "en": "Source"},
    "kind_data": {"id": "data", "en": "data"},
    "kind_derived": {"id": "turunan data", "en": "derived"},
    "kind_calibrated": {"id": "dikalibrasi", "en": "calibrated"},
    "kind_assumption": {"id": "asumsi", "en": "assumption"},
    "levers_table": {"id": "Tuas kebijakan: mekanisme, laju status quo, dan sumber",
                     "en": "Policy levers: mechanism, status-quo pace and source"},
    "col_mechanism": {"id": "Mekanisme", "en": "Mechanism"},
    "col_status_quo": {"id": "Status quo", "en": "Status quo"},
    "calibration_header": {"id": "Kalibrasi", "en": "Calibration"},
    "calibration_text": {
        "id": "Parameter bebas (p, q, dan UMKM daring awal 2020) dipasangkan pada {n} pengamatan: galat rata-rata "
              "absolut {mape}, RMSE {rmse} UMKM.",
        "en": "The free parameters (p, q and UMKM online at the start of 2020) are fitted to {n} observations: "
              "mean absolute error {mape}, RMSE {rmse} UMKM.",
    },
    "skill_header": {"id": "Uji kemampuan prakiraan", "en": "Forecasting skill check"},
    "skill_text": {
        "id": "Model dikalibrasi hanya pada data 2020 lalu memprakirakan data 2021. Galat rata-rata model: {model}; "
              "garis tren lurus melalui titik yang sama: {trend}.",
        "en": "The model is fitted on the 2020 observations only and then predicts those of 2021. Mean error of "
              "the model: {model}; of a straight-line trend through the same points: {trend}.",
    },
    "skill_better": {"id": "Model lebih baik daripada tren naif (rasio galat {ratio}).",
                     "en": "The model beats the naive trend (error ratio {ratio})."},
    "skill_worse": {
        "id": "Model TIDAK lebih baik daripada tren naif (rasio galat {ratio}): perlakukan prakiraannya "
              "dengan hati-hati.",
        "en": "The model does NOT beat the naive trend (error ratio {ratio}): treat its forecasts with caution.",
    },
    "observations_header": {"id": "Data teramati (hingga Juni 2021)", "en": "Observations (up to June 2021)"},
    "col_date": {"id": "Tanggal", "en": "Date"},
    "col_observed": {"id": "UMKM daring", "en": "UMKM online"},
    "col_modelled": {"id": "Model", "en": "Model"},
    "col_used": {"id": "Dipakai kalibrasi", "en": "Used in fit"},
    "col_note": {"id": "Catatan", "en": "Note"},
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
    "limits_header": {"id": "Batasan model", "en": "Limits of the model"},
    "limits_text": {
        "id": "Efek tuas adalah asumsi dengan rentang ketidakpastian; memudarnya kampanye setelah pertengahan 2023 "
              "adalah prior, bukan data; \"onboarding\" mengikuti tally kementerian, sumber lain menghitung berbeda; "
              "pembagian per wilayah memakai asumsi yang diberi label.",
        "en": "Lever effects are assumptions with uncertain ranges; the campaign's fading after mid-2023 is a prior, "
              "not data; \"onboarded\" follows the ministries' tallies, other sources count differently; the split "
              "by region rests on labelled assumptions.",
    },
    "error_prefix": {"id": "Pengaturan tidak valid: {message}", "en": "Invalid setting: {message}"},
    "tools_header": {"id": "Skenario", "en": "Scenario"},
    "preset_label": {"id": "Skenario siap pakai", "en": "Preset scenarios"},
    "preset_apply": {"id": "Terapkan skenario ini", "en": "Apply this preset"},
    "preset_in_use": {"id": "Sedang dipakai.", "en": "In use now."},
    "preset_changed": {"id": "Sudah diterapkan, lalu tuasnya diubah.", "en": "Applied, then the levers were changed."},
    "preset_not_applied": {"id": "Belum diterapkan: tekan tombol di bawah untuk memakainya.",
                           "en": "Not applied: press the button below to use it."},
    "scenario_changed": {"id": "{name} (diubah)", "en": "{name} (changed)"},
    "undo": {"id": "Urungkan", "en": "Undo"},
    "reset": {"id": "Status quo", "en": "Reset"},
    "upload_label": {"id": "Muat berkas skenario (JSON)", "en": "Load a scenario file (JSON)"},
    "upload_help": {
        "id": "Berkas yang sama dengan yang dibaca baris perintah (--scenario) dan yang diunduh di bawah.",
        "en": "The same file the command line reads (--scenario) and the one downloaded below.",
    },
    "upload_error": {"id": "Berkas tidak dimuat; pengaturan tidak berubah. {message}",
                     "en": "File not loaded; your settings are unchanged. {message}"},
    "download_scenario": {"id": "Unduh skenario (JSON)", "en": "Download the scenario (JSON)"},
    "link_notices": {"id": "Sebagian tautan tidak dapat dipakai apa adanya:",
                     "en": "Parts of the link could not be used as written:"},
    "link_adjusted": {
        "id": "Pengaturan {setting} = {value} tidak tersedia di halaman ini; yang dipakai: {used}.",
        "en": "The setting {setting} = {value} is not available on this page; {used} is used.",
    },
    "link_rounded": {
        "id": "Pengaturan {setting} = {value} berada di antara dua langkah penggeser; dibulatkan ke {used}.",
        "en": "The setting {setting} = {value} falls between two steps of its slider; rounded to {used}.",
    },
    "dismiss": {"id": "Tutup pemberitahuan", "en": "Dismiss"},
    "compare_header": {"id": "Bandingkan skenario", "en": "Compare scenarios"},
    "compare_empty": {
        "id": "Simpan pengaturan saat ini dengan sebuah nama, ubah tuas, lalu simpan lagi untuk membandingkan.",
        "en": "Save the current settings under a name, move the levers, and save again to compare.",
    },
    "save_name": {"id": "Nama skenario", "en": "Scenario name"},
    "save_placeholder": {"id": "mis. Pelatihan ambisius", "en": "e.g. Ambitious training"},
    "save": {"id": "Simpan pengaturan saat ini", "en": "Save the current settings"},
    "save_need_name": {"id": "Beri nama dulu.", "en": "Give it a name first."},
    "save_full": {"id": "Paling banyak {limit} skenario; hapus satu dulu.",
                  "en": "At most {limit} scenarios; remove one first."},
    "save_name_taken": {"id": "Nama itu sudah dipakai.", "en": "That name is taken."},
    "manage_saved": {"id": "Ubah nama, hapus, atau muat skenario tersimpan",
                     "en": "Rename, remove or load a saved scenario"},
    "saved_label": {"id": "Skenario tersimpan", "en": "Saved scenario"},
    "rename_to": {"id": "Nama baru", "en": "New name"},
    "rename": {"id": "Ubah nama", "en": "Rename"},
    "remove": {"id": "Hapus", "en": "Remove"},
    "load_saved": {"id": "Muat ke tuas", "en": "Load into the levers"},
    "export_header": {"id": "Unduh", "en": "Export"},
    "export_intro": {
        "id": "Berkas dibuat saat tombol diklik, dalam bahasa yang dipilih.",
        "en": "Files are made when their button is clicked, in the chosen language.",
    },
    "export_csv": {"id": "Hasil bulanan (CSV)", "en": "Monthly results (CSV)"},
    "export_excel": {"id": "Buku kerja (Excel)", "en": "Workbook (Excel)"},
    "export_pdf": {"id": "Ringkasan kebijakan (PDF)", "en": "Policy brief (PDF)"},
    "export_png": {"id": "Grafik (PNG)", "en": "Chart (PNG)"},
    "export_svg": {"id": "Grafik (SVG)", "en": "Chart (SVG)"},
    "gs_header": {"id": "Apa yang dibutuhkan?", "en": "What would it take?"},
    "gs_intro": {
        "id": "Cari campuran tuas termurah yang mencapai {target} UMKM daring pada {deadline} dengan peluang yang "
              "diminta (target dan tenggat dari pengaturan lanjutan).",
        "en": "Find the cheapest lever mix that reaches {target} UMKM online by {deadline} with the required "
              "probability (target and deadline from the advanced settings).",
    },
    "gs_probability": {"id": "Peluang yang diminta", "en": "Required probability"},
    "gs_budget": {"id": "Batas anggaran (triliun rupiah, 0 = tanpa batas)",
                  "en": "Budget cap (trillion rupiah, 0 = none)"},
    "gs_budget_help": {"id": "Biaya program dari Juli 2021 sampai tenggat.",
                       "en": "Programme cost from July 2021 to the deadline."},
    "gs_run": {"id": "Cari campuran termurah", "en": "Find the cheapest mix"},
    "gs_running": {"id": "Mencari…", "en": "Searching…"},
    "gs_found": {
        "id": "Campuran termurah yang mencapai {target} pada {deadline} dengan peluang {probability} (diminta "
              "{required}): biaya {cost} (P10-P90 {low} – {high}); median pada tenggat {p50}.",
        "en": "The cheapest mix reaching {target} by {deadline} with probability {probability} (required "
              "{required}): cost {cost} (P10-P90 {low} – {high}); median at the deadline {p50}.",
    },
    "gs_not_found": {
        "id": "Tidak ada campuran dalam rentang tuas yang mencapai {target} pada {deadline} dengan peluang "
              "{required}. Yang paling dekat (semua tuas maksimum) mencapai peluang {probability}, median {p50}, "
              "biaya {cost}.",
        "en": "No mix within the lever ranges reaches {target} by {deadline} with probability {required}. The "
              "closest (every lever at its maximum) reaches {probability}, median {p50}, cost {cost}.",
    },
    "gs_not_found_budget": {
        "id": "Tidak ada campuran dalam anggaran {budget} yang mencapai {target} pada {deadline} dengan peluang "
              "{required}. Yang paling dekat mencapai peluang {probability}, median {p50}, biaya {cost}.",
        "en": "No mix within the budget of {budget} reaches {target} by {deadline} with probability {required}. "
              "The closest reaches {probability}, median {p50}, cost {cost}.",
    },
    "gs_col_start": {"id": "Mulai", "en": "Start"},
    "gs_apply": {"id": "Terapkan campuran ini ke tuas", "en": "Apply this mix to the levers"},
    "gs_found_below_median": {
        "id": "Campuran termurah yang mencapai {target} pada {deadline} dengan peluang {probability} (diminta "
              "{required}): biaya {cost} (P10-P90 {low} – {high}). Median pada tenggat {p50} masih di bawah "
              "target, jadi putusan di atas tetap \"tidak tercapai\": peluang di bawah 50% berarti lebih mungkin "
              "gagal daripada berhasil.",
        "en": "The cheapest mix reaching {target} by {deadline} with probability {probability} (required "
              "{required}): cost {cost} (P10-P90 {low} – {high}). The median at the deadline, {p50}, is still "
              "below the target, so the verdict above stays \"not reached\": a chance below 50% means failing is "
              "more likely than succeeding.",
    },
    "gs_cost_measure": {
        "id": "Biaya: belanja yang diharapkan dari ketiga tuas dari {start} sampai tenggat, ukuran yang sama "
              "dengan metrik biaya di atas (tetap sama setelah diterapkan).",
        "en": "Cost: the expected spending on all three levers from {start} through the deadline, the same "
              "measure as the cost metric above (it stays the same after applying).",
    },
    "gs_below_status_quo": {
        "id": "Campuran ini menurunkan {levers} di bawah laju status quo: program yang sudah berjalan dikurangi.",
        "en": "This mix sets {levers} below the status-quo pace: it cuts a programme already running.",
    },
    "gs_apply_help": {"id": "Mengatur tuas dan bulan mulainya; target dan tenggat tidak berubah.",
                      "en": "Sets the levers and their start months; the target and deadline stay as they are."},
    "gs_outdated": {
        "id": "Dihitung untuk target {target} pada {deadline}; target atau tenggat sudah berubah. Klik lagi untuk "
              "pengaturan saat ini.",
        "en": "Computed for a target of {target} by {deadline}; the target or deadline has changed since. Click "
              "again for the current ones.",
    },
    "heavy_wait": {
        "id": "Perhitungan berat dibatasi satu per {interval} detik per pengunjung agar server adil bagi semua. "
              "Coba lagi dalam {seconds} detik; pengaturan Anda tetap.",
        "en": "Heavy computations are limited to one per {interval} seconds per visitor, so the server stays "
              "fair to everyone. Try again in {seconds} s; your settings are kept.",
    },
    "heavy_busy": {
        "id": "Server sedang sibuk dengan perhitungan berat lain. Coba lagi sebentar lagi; pengaturan Anda tetap.",
        "en": "The server is busy with other heavy computations. Try again shortly; your settings are kept.",
    },
    "heavy_wait_exports": {
        "id": "Berkas baru dapat dibuat lagi dalam {seconds} detik (satu perhitungan berat per pengunjung sekaligus).",
        "en": "New files can be generated again in {seconds} s (one heavy computation per visitor at a time).",
    },
    "ce_ranges_later": {
        "id": "Rentang biaya dihitung sebentar lagi; tabel di bawah belum memuatnya.",
        "en": "The cost ranges are computed shortly; the table below does not have them yet.",
    },
    "sens_header": {"id": "Apa yang paling berpengaruh?", "en": "What matters most?"},
    "sens_intro": {
        "id": "Setiap masukan digeser ke ujung bawah dan atas rentang wajarnya (tuas: 0 dan maksimum), yang lain "
              "tetap; batang menunjukkan seberapa jauh peluang atau nilai pada tenggat berubah.",
        "en": "Each input moved to the low and high end of its plausible range (levers: 0 and maximum), the others "
              "held; bars show how far the probability or the value at the deadline moves.",
    },
    "sens_run": {"id": "Hitung sensitivitas skenario ini", "en": "Compute the sensitivity of this scenario"},
    "sens_running": {"id": "Menghitung…", "en": "Computing…"},
    "sens_outdated": {"id": "Dihitung untuk pengaturan sebelumnya; klik lagi untuk pengaturan saat ini.",
                      "en": "Computed for earlier settings; click again for the current ones."},
    "sens_measure": {"id": "Ukuran", "en": "Measure"},
    "sens_measure_probability": {"id": "Peluang tercapai", "en": "Probability of reaching the target"},
    "sens_measure_adopters": {"id": "UMKM daring pada tenggat", "en": "UMKM online at the deadline"},
    "sens_axis_probability": {"id": "Peluang tercapai", "en": "Probability of reaching the target"},
    "sens_axis_adopters": {"id": "UMKM daring pada tenggat", "en": "UMKM online at the deadline"},
    "sens_input": {"id": "Masukan", "en": "Input"},
    "sens_low": {"id": "Di ujung bawah", "en": "At the low end"},
    "sens_high": {"id": "Di ujung atas", "en": "At the high end"},
    "sens_caption": {
        "id": "Merah: naik bila masukan naik; biru: turun. Peluang dihitung ulang dengan bobot kecocokan data "
              "untuk setiap nilai tetap.",
        "en": "Red: rises as the input rises; blue: falls. Probabilities are re-weighted by the fit to the data for "
              "each fixed value.",
    },
    "footer": {"id": "Versi model {version}. Sumber data: lihat bagian asumsi.",
               "en": "Model version {version}. Data sources: see the assumptions section."},
    # --- Share links (simulator.io.sharing) ---------------------------------------------------------------
    "share_target": {"id": "Target", "en": "Target"},
    "share_unit_million_umkm": {"id": "juta UMKM", "en": "million UMKM"},
    "share_horizon": {"id": "Akhir simulasi", "en": "End of the simulation"},
    "share_version": {"id": "Versi format tautan", "en": "Link format version"},
    "share_all_starts": {"id": "Mulai semua tuas", "en": "Start of every lever"},
    "share_notice_unknown_key": {
        "id": "Tautan berisi pengaturan yang tidak dikenal, “{setting}”; pengaturan itu diabaikan (yang dikenal: "
              "{allowed}).",
        "en": "The link contains an unknown setting, “{setting}”; it was ignored (known settings: {allowed}).",
    },
    "share_notice_clamped": {
        "id": "Tautan mengatur {setting} ke {value}, di luar rentang yang diizinkan ({allowed}); nilai terdekat yang "
              "diizinkan dipakai.",
        "en": "The link sets {setting} to {value}, outside the allowed range ({allowed}); the nearest allowed value "
              "is used.",
    },
    "share_notice_malformed": {
        "id": "Nilai “{value}” untuk {setting} pada tautan tidak dapat dipakai (yang diizinkan: {allowed}); nilai saat "
              "ini dipertahankan.",
        "en": "The link's value “{value}” for {setting} cannot be used (allowed: {allowed}); the current value is "
              "kept.",
    },
    "share_notice_version": {
        "id": "Tautan ini memakai format tautan versi {value}, sedangkan aplikasi ini membaca versi {allowed}. "
              "Pengaturan dibaca sejauh mungkin: mohon periksa kembali.",
        "en": "This link uses link format version {value}, while this app reads version {allowed}. The settings "
              "were read as far as possible: please check them.",
    },
    "share_notice_too_many": {
        "id": "Tautan berisi terlalu banyak pengaturan ({value}); hanya {allowed} yang pertama dibaca.",
        "en": "The link contains too many settings ({value}); only the first {allowed} were read.",
    },
    "share_notice_saved_malformed": {
        "id": "Skenario tersimpan “{value}” pada tautan ({setting}) tidak dapat dibaca apa adanya (bentuk yang "
              "diharapkan: {allowed}); skenario itu tidak dimuat, dan skenario saat ini tidak berubah.",
        "en": "The saved scenario “{value}” in the link ({setting}) could not be read as written (expected: "
              "{allowed}); it was left out, and the current scenario is unchanged.",
    },
    "share_notice_unreadable": {
        "id": "Tautan tidak dapat dibaca; pengaturan saat ini dipertahankan.",
        "en": "The link could not be read; the current settings are kept.",
    },
    # --- Exports: CSV, Excel, chart images, policy brief (simulator.report.exports) --------------------------------
    "export_sheet_summary": {"id": "ringkasan", "en": "summary"},
    "export_sheet_results": {"id": "hasil", "en": "results"},
    "export_sheet_inputs": {"id": "masukan", "en": "inputs"},
    "export_sheet_comparison": {"id": "perbandingan", "en": "comparison"},
    "export_col_date": {"id": "Bulan", "en": "Month"},
    "export_col_n_adopters": {"id": "UMKM onboarding (kumulatif), skenario",
                              "en": "UMKM onboarded (cumulative), scenario"},
    "export_col_baseline_n_adopters": {"id": "UMKM onboarding (kumulatif), status quo",
                                       "en": "UMKM onboarded (cumulative), status quo"},
    "export_col_n_active": {"id": "Penjual daring aktif (keluaran samping)",
                            "en": "Active online sellers (side output)"},
    "export_col_market_potential": {"id": "Pool terjangkau (UMKM)", "en": "Reachable pool (UMKM)"},
    "export_col_new_adopters": {"id": "UMKM onboarding dalam bulan itu", "en": "UMKM onboarded in the month"},
    "export_col_new_from_campaign": {"id": "UMKM onboarding berkat kampanye nasional",
                                     "en": "UMKM onboarded by the national campaign"},
    "export_col_new_dropouts": {"id": "Penjual aktif yang berhenti dalam bulan itu",
                                "en": "Active sellers going dormant in the month"},
    "export_col_new_from_training": {"id": "UMKM mulai daring berkat pelatihan",
                                     "en": "UMKM starting online because of training"},
    "export_col_n_umkm": {"id": "Seluruh UMKM", "en": "All UMKM"},
    "export_col_connected_share": {"id": "Porsi UMKM terhubung internet", "en": "Share of UMKM connected"},
    "export_col_ready_share": {"id": "Porsi UMKM terhubung yang terjangkau (siap dan mau)",
                               "en": "Share of connected UMKM that can be reached (ready and willing)"},
    "export_col_villages_covered": {"id": "Desa baru terjangkau 4G sejak 2020",
                                    "en": "Villages newly covered by 4G since 2020"},
    "export_col_spend_idr": {"id": "Belanja program dalam bulan itu (rupiah)",
                             "en": "Programme spending in the month (rupiah)"},
    "export_col_cum_spend_idr": {"id": "Belanja program kumulatif sejak 2020 (rupiah)",
                                 "en": "Programme spending since 2020 (rupiah)"},
    "export_col_baseline_cum_spend_idr": {"id": "Belanja program kumulatif sejak 2020, status quo (rupiah)",
                                          "en": "Programme spending since 2020, status quo (rupiah)"},
    "export_col_section": {"id": "Bagian", "en": "Section"},
    "export_col_low": {"id": "Rentang: bawah", "en": "Range: low"},
    "export_col_high": {"id": "Rentang: atas", "en": "Range: high"},
    "export_col_item": {"id": "Butir", "en": "Item"},
    "export_col_scenario": {"id": "Skenario", "en": "Scenario"},
    "export_col_at_deadline": {"id": "UMKM daring pada tenggat", "en": "UMKM online at the deadline"},
    "export_col_reached": {"id": "Target tercapai", "en": "Target reached"},
    "export_col_probability": {"id": "Peluang tercapai", "en": "Probability"},
    "export_col_cost": {"id": "Biaya program", "en": "Programme cost"},
    "export_section_scenario": {"id": "Skenario", "en": "Scenario"},
    "export_section_model": {"id": "Parameter model", "en": "Model parameter"},
    "export_kind_input": {"id": "pilihan pengguna", "en": "user's choice"},
    "export_input_target": {"id": "Target: UMKM berjualan daring", "en": "Target: UMKM selling online"},
    "export_input_deadline": {"id": "Tenggat: bulan ketika target harus tercapai",
                              "en": "Deadline: month by which the target should be reached"},
    "export_input_horizon": {"id": "Akhir simulasi", "en": "End of the simulation"},
    "export_unit_month": {"id": "bulan (YYYY-MM)", "en": "month (YYYY-MM)"},
    "export_unit_umkm": {"id": "UMKM", "en": "UMKM"},
    "export_unit_rupiah": {"id": "rupiah", "en": "rupiah"},
    "export_inputs_note": {
        "id": "Rentang: untuk tuas dan target, nilai yang diizinkan; untuk parameter model, rentang wajar menurut "
              "bukti.",
        "en": "Range: for levers and the target, the values allowed; for model parameters, the range the "
              "evidence supports.",
    },
    "export_scenario_name": {"id": "Skenario", "en": "Scenario"},
    "export_verdict": {"id": "Kesimpulan", "en": "Verdict"},
    "export_at_deadline": {"id": "UMKM daring pada tenggat", "en": "UMKM online at the deadline"},
    "export_baseline_at_deadline": {"id": "UMKM daring pada tenggat, status quo",
                                    "en": "UMKM online at the deadline, status quo"},
    "export_difference": {"id": "Selisih terhadap status quo", "en": "Difference from the status quo"},
    "export_gap": {"id": "Kekurangan terhadap target pada tenggat", "en": "Shortfall from the target at the deadline"},
    "export_reached_on": {"id": "Bulan target tercapai", "en": "Month the target is reached"},
    "export_not_reached": {"id": "tidak tercapai", "en": "not reached"},
    "export_cost": {"id": "Biaya program hingga tenggat", "en": "Programme cost to the deadline"},
    "export_baseline_cost": {"id": "Biaya program hingga tenggat, status quo",
                             "en": "Programme cost to the deadline, status quo"},
    "export_extra_cost": {"id": "Biaya tambahan terhadap status quo", "en": "Extra cost versus the status quo"},
    "export_probability": {"id": "Peluang target tercapai pada tenggat (ketidakpastian parameter)",
                           "en": "Probability of reaching the target by the deadline (parameter uncertainty)"},
    "export_model_version": {"id": "Versi model", "en": "Model version"},
    "export_generated": {"id": "Dibuat", "en": "Generated"},
    "export_cost_note": {
        "id": "Biaya dihitung dari bulan mulai tiap tuas hingga akhir bulan tenggat.",
        "en": "Costs run from each lever's start month to the end of the deadline month.",
    },
    "export_chart_scenario": {"id": "Skenario: {levers}.", "en": "Scenario: {levers}."},
    "export_chart_data": {"id": "Data teramati hingga {as_of}: kementerian, idEA, dan BPS (halaman Data dan sumber).",
                          "en": "Observations up to {as_of}: ministries, idEA and BPS (Data and sources page)."},
    "export_chart_model": {"id": "Model: Simulator UMKM Go Digital, versi {version}.",
                           "en": "Model: UMKM Go Digital simulator, version {version}."},
    "export_col_n_adopters_p10": {"id": "UMKM onboarding (kumulatif), skenario, P10",
                                  "en": "UMKM onboarded (cumulative), scenario, P10"},
    "export_col_n_adopters_p50": {"id": "UMKM onboarding (kumulatif), skenario, P50 (median)",
                                  "en": "UMKM onboarded (cumulative), scenario, P50 (median)"},
    "export_col_n_adopters_p90": {"id": "UMKM onboarding (kumulatif), skenario, P90",
                                  "en": "UMKM onboarded (cumulative), scenario, P90"},
    "brief_title": {"id": "Ringkasan kebijakan: UMKM berjualan daring", "en": "Policy brief: UMKM selling online"},
    "brief_question_header": {"id": "Pertanyaan", "en": "The question"},
    "brief_question": {
        "id": "Apakah {target} UMKM berjualan daring pada {deadline}, dan dengan tuas kebijakan apa? Skenario ini "
              "diuji dengan model difusi Bass yang dikalibrasi pada data hingga Juni 2021.",
        "en": "Will {target} UMKM sell online by {deadline}, and with which policy levers? This scenario is tested "
              "with a Bass diffusion model calibrated on the evidence available up to June 2021.",
    },
    "brief_answer_header": {"id": "Jawaban model", "en": "The model's answer"},
    "brief_at_deadline": {
        "id": "UMKM daring pada {deadline}: {value} (status quo: {baseline}; selisih {delta}).",
        "en": "UMKM online in {deadline}: {value} (status quo: {baseline}; difference {delta}).",
    },
    "brief_cost": {
        "id": "Biaya program hingga tenggat: {cost} (status quo: {baseline}; tambahan {extra}).",
        "en": "Programme cost to the deadline: {cost} (status quo: {baseline}; extra {extra}).",
    },
    "brief_probability": {
        "id": "Peluang target tercapai pada tenggat, dengan ketidakpastian parameter: {probability}.",
        "en": "Probability of reaching the target by the deadline, given parameter uncertainty: {probability}.",
    },
    "brief_settings_header": {"id": "Pengaturan skenario", "en": "The scenario's settings"},
    "brief_col_start": {"id": "Mulai", "en": "Start"},
    "brief_settings_line": {
        "id": "Target: {target} UMKM. Tenggat: {deadline}. Akhir simulasi: {horizon}. Sebelum bulan mulai, tiap tuas "
              "berjalan pada laju status quo; biaya dihitung dari bulan mulai hingga tenggat.",
        "en": "Target: {target} UMKM. Deadline: {deadline}. End of the simulation: {horizon}. Before its start "
              "month each lever runs at its status-quo pace; costs run from the start month to the deadline.",
    },
    "brief_rows_left_out": {"id": "{n} skenario lagi tidak ditampilkan (brief memuat {shown} baris pertama).",
                            "en": "{n} more scenarios are left out (the brief shows the first {shown} rows)."},
    "brief_chart_caption": {
        "id": "Garis merah: skenario; abu-abu: status quo; garis hijau putus-putus: target; garis tegak: tenggat; "
              "titik: data teramati.",
        "en": "Red line: scenario; grey: status quo; dashed green line: target; vertical line: deadline; points: "
              "observations.",
    },
    "brief_comparison_header": {"id": "Perbandingan skenario", "en": "Scenarios side by side"},
    "brief_assumptions_header": {"id": "Asumsi utama dan sumbernya", "en": "Key assumptions and their sources"},
    "brief_assumptions_note": {
        "id": "Seluruh {n} parameter, beserta arti, satuan, rentang, dan sumbernya, ada di halaman metodologi "
              "aplikasi dan di lembar \"{sheet}\" berkas Excel.",
        "en": "All {n} parameters, with meaning, unit, range and source, are on the app's methodology page and in "
              "the \"{sheet}\" sheet of the Excel export.",
    },
    "brief_footer": {
        "id": "Simulator UMKM Go Digital · versi model {version} · dibuat {date} · halaman {page}/{pages}",
        "en": "UMKM Go Digital simulator · model version {version} · generated {date} · page {page}/{pages}",
    },
    # --- The forecast on the median, the data vintage and its skill (issue "Forecasts you can check") -----
    "forecast_reached": {"id": "{target} UMKM onboarding tercapai pada {month} (median prakiraan)",
                         "en": "{target} UMKM onboarded: reached in {month} (median forecast)"},
    "forecast_missed": {"id": "Tidak tercapai pada {deadline}: median prakiraan kurang {gap}",
                        "en": "Not reached by {deadline}: the median forecast is {gap} short"},
    "forecast_later": {"id": "Median prakiraan mencapai target pada {month}.",
                       "en": "The median forecast reaches the target in {month}."},
    "forecast_never": {"id": "Median prakiraan tidak mencapai target sebelum {horizon}.",
                       "en": "The median forecast does not reach the target before {horizon}."},
    "probability_value": {"id": "{value} ± {error}", "en": "{value} ± {error}"},
    "probability_help_mc": {
        "id": "Bagian dari {draws} undian Monte Carlo (dua struktur model, masing-masing dikondisikan pada data "
              "hingga {as_of}) yang mencapai {target} pada {deadline}; ± adalah galat Monte Carlo (satu galat "
              "baku). Per struktur: {structures}.",
        "en": "Share of {draws} Monte Carlo draws (two model structures, each conditioned on the data to "
              "{as_of}) that reach {target} by {deadline}; ± is the Monte Carlo error (one standard error). By "
              "structure: {structures}.",
    },
    "structures_caption": {
        "id": "Dua struktur yang sama-sama cocok dengan data, digabung setara: {structures}. Jalur pusat "
              "(parameter registri yang dikalibrasi pada data Juni 2021, bukan median) mencapai {central} pada "
              "tenggat.",
        "en": "Two structures that fit the data about equally well, combined with equal shares: {structures}. "
              "The central run (registry parameters fitted to the data of June 2021, not the median) reaches {central} "
              "at the deadline.",
    },
    "structure_item": {"id": "{label} {probability} (median {median})",
                       "en": "{label} {probability} (median {median})"},
    "as_of": {"id": "Data per", "en": "Data as of"},
    "as_of_help": {
        "id": "Prakiraan hanya memakai angka yang sudah diumumkan pada akhir bulan ini. Juni 2021 adalah saat "
              "keputusan; angka yang dilaporkan kemudian ditampilkan di grafik sebagai pembanding.",
        "en": "The forecast uses only the counts said by the end of this month. June 2021 is the decision; counts "
              "reported later are drawn on the chart to compare with.",
    },
    "after_sentence": {
        "id": "Dilaporkan {observed} pada {month}; prakiraan dengan data per {as_of} menyebut {median} "
              "(P10-P90 {low}-{high}).",
        "en": "Reported {observed} in {month}; the forecast with data as of {as_of} said {median} "
              "(P10-P90 {low}-{high}).",
    },
    "after_none": {"id": "Belum ada angka yang dilaporkan setelah {as_of} dalam data.",
                   "en": "No count reported after {as_of} is in the data yet."},
    "chart_later": {"id": "Dilaporkan kemudian", "en": "Reported later"},
    "series_baseline_median": {"id": "Status quo (median)", "en": "Status quo (median)"},
    "chart_caption_points": {
        "id": "Titik biru: angka yang diketahui pada {as_of} (bulat: dipakai, segitiga: hanya ditampilkan). "
              "Belah ketupat jingga: angka yang dilaporkan setelahnya, tidak dilihat prakiraan. Garis putus-putus "
              "abu-abu: garis lurus melalui angka 12 bulan terakhir sebelum {as_of}, prakiraan naif pembanding.",
        "en": "Blue points: counts known at {as_of} (circles fitted, triangles shown only). Orange diamonds: "
              "counts reported later, unseen by the forecast. Grey dashes: a straight line through the last 12 "
              "months' counts before {as_of}, the naive forecast it is compared with.",
    },
    "skill_title": {"id": "Seberapa baik prakiraan ini?", "en": "How good is this forecast?"},
    "skill_sentence": {
        "id": "Dari {as_of}, median model meleset {model} rata-rata dari {n} angka yang dilaporkan kemudian; "
              "garis lurus 12 bulan {trend}, laju 6 bulan terakhir {pace}, rencana 500.000 per bulan {plan}. "
              "Rentang P10-P90 model memuat {coverage} angka itu.",
        "en": "From {as_of}, the model's median missed the {n} counts reported later by {model} on average; a "
              "straight line through the last 12 months by {trend}, the last six months' pace by {pace}, the "
              "plan of 500,000 a month by {plan}. The model's P10-P90 held {coverage} of them.",
    },
    "skill_no_later": {"id": "Belum ada angka setelah {as_of} untuk menilai prakiraan ini.",
                       "en": "No count after {as_of} yet to judge this forecast by."},
    "skill_aim_met": {
        "id": "Rata-rata atas titik awal {origins}: galat model {model} (acuan terbaik {best}: {best_value}), "
              "P10-P90 memuat {coverage} angka kemudian. Model tidak kalah dari prakiraan naif.",
        "en": "Averaged over the origins {origins}: model error {model} (best reference, {best}: "
              "{best_value}); P10-P90 held {coverage} of later counts. The model does not lose to the naive "
              "forecasts.",
    },
    "skill_aim_missed": {
        "id": "Rata-rata atas titik awal {origins}: galat model {model}, acuan terbaik {best} {best_value}; "
              "P10-P90 memuat {coverage} angka kemudian (sasaran 70-90%). {problem}",
        "en": "Averaged over the origins {origins}: model error {model}, best reference {best} {best_value}; "
              "P10-P90 held {coverage} of later counts (aim 70-90%). {problem}",
    },
    "skill_problem_error": {"id": "Model kalah dari prakiraan naif: lihat garis acuan.",
                            "en": "The model loses to a naive forecast: look at the reference line."},
    "skill_problem_wide": {"id": "Rentang model terlalu lebar (hati-hati, bukan terlalu yakin).",
                           "en": "The model's band is too wide (cautious rather than overconfident)."},
    "skill_problem_narrow": {"id": "Rentang model terlalu sempit: ketidakpastian lebih besar dari yang tampak.",
                             "en": "The model's band is too narrow: the uncertainty is larger than it looks."},
    "skill_col_origin": {"id": "Data per", "en": "Data as of"},
    "skill_table_header": {"id": "Uji mundur per titik awal", "en": "The backtest by origin"},
    "mean": {"id": "Rata-rata", "en": "Mean"},
    "horizon_label": {"id": "Cakrawala", "en": "Horizon"},
    "contrib_central_mark": {"id": "(jalur pusat)", "en": "(central run)"},
    "contrib_median_note": {
        "id": "Angka adalah median Monte Carlo. Baris bertanda \"(jalur pusat)\" dihitung dari jalur pusat; "
              "nyalakan \"{toggle}\" untuk median per tuas.",
        "en": "Figures are Monte Carlo medians. Rows marked \"(central run)\" come from the central run; turn on "
              "\"{toggle}\" for each lever's median.",
    },
    "col_said_on": {"id": "Diumumkan", "en": "Said on"},
    "added_header": {"id": "Tambah angka terbaru ({n} ditambahkan)", "en": "Add the latest counts ({n} added)"},
    "added_intro": {
        "id": "Tambahkan angka resmi (misalnya angka bulan ini) atau unggah CSV berformat sama dengan data bawaan. "
              "Angka Anda diperiksa seperti di baris perintah, ditandai sebagai tambahan Anda, dan model "
              "dikalibrasi ulang padanya. Paling banyak {limit} baris.",
        "en": "Add official counts (this month's, say) or upload a CSV in the bundled format. Your counts are "
              "checked as the command line checks a file, marked as yours, and the model is recalibrated on "
              "them. At most {limit} rows.",
    },
    "added_date_help": {"id": "Bulan atau hari yang dirujuk angka: YYYY-MM atau YYYY-MM-DD.",
                        "en": "The month or day the count refers to: YYYY-MM or YYYY-MM-DD."},
    "added_value_help": {"id": "Jumlah UMKM (bukan juta), misalnya 23100000.",
                         "en": "Number of UMKM (not millions), e.g. 23100000."},
    "added_said_help": {"id": "Kapan angka diumumkan (YYYY-MM-DD); kosong: sama dengan tanggalnya.",
                        "en": "When the count was said (YYYY-MM-DD); empty: the same as its date."},
    "added_apply": {"id": "Pakai angka ini", "en": "Use these counts"},
    "added_upload": {"id": "Atau unggah CSV (format data bawaan)", "en": "Or upload a CSV (the bundled format)"},
    "added_upload_help": {
        "id": "Kolom date, value, source, link; opsional use, note, said_on, definition. Paling besar 1 MB.",
        "en": "Columns date, value, source, link; optional use, note, said_on, definition. At most 1 MB.",
    },
    "added_clear": {"id": "Hapus angka tambahan", "en": "Remove the added counts"},
    "added_refused": {"id": "Angka tidak dipakai (angka sebelumnya tetap): {reason}",
                      "en": "Counts not used (the previous ones stay): {reason}"},
    "col_definition": {"id": "Definisi", "en": "Definition"},
    "definition_ministry_count": {"id": "Hitungan kementerian", "en": "Ministry count"},
    "definition_platform_data": {"id": "Data platform (idEA)", "en": "Platform data (idEA)"},
    "definition_association_estimate": {"id": "Perkiraan asosiasi", "en": "Association estimate"},
    "definition_other_definition": {"id": "Definisi lain", "en": "Another definition"},
    "definition_bps_survey": {"id": "Survei e-commerce BPS", "en": "BPS e-commerce survey"},
    "skill_col_later": {"id": "Angka kemudian", "en": "Later counts"},
    "skill_col_coverage": {"id": "Model: dalam P10-P90", "en": "Model: inside P10-P90"},
    "forecaster_model": {"id": "Model (gabungan)", "en": "Model (combined)"},
    "forecaster_trend_12m": {"id": "Garis lurus 12 bulan", "en": "Straight line, 12 months"},
    "forecaster_pace_6m": {"id": "Laju 6 bulan terakhir", "en": "Last 6 months' pace"},
    "forecaster_plan_500k": {"id": "Rencana 500.000/bulan", "en": "Plan, 500,000 a month"},
    "skill_table_note": {
        "id": "Galat absolut rata-rata median (MAPE) terhadap setiap angka kementerian yang dilaporkan setelah "
              "bulan itu. Uji mundur dengan titik awal bergulir: `python -m simulator backtest`.",
        "en": "Mean absolute percentage error of the median against every ministry count reported after that "
              "month. Rolling-origin backtest: `python -m simulator backtest`.",
    },
}

STRINGS.update(REGION_STRINGS)  # the Regions view's strings, in their own module (report/i18n_regions.py)

STREAMLIT_LABELS: dict[str, dict[str, str]] = {
    # Labels Streamlit draws itself, with no parameter to change them: the exact English text (its "en") and
    # ours. The page swaps them in the browser (app_pages.document); "{size} per file" is matched as a pattern.
    "Upload": {"id": "Unggah", "en": "Upload"},
    "Drag and drop a file here": {"id": "Seret dan lepas berkas di sini", "en": "Drag and drop a file here"},
    "{size} per file": {"id": "{size} per berkas", "en": "{size} per file"},
    "Show data": {"id": "Tampilkan data", "en": "Show data"},
    "Show chart": {"id": "Tampilkan grafik", "en": "Show chart"},
    "Download as PNG": {"id": "Unduh sebagai PNG", "en": "Download as PNG"},
    "Download as CSV": {"id": "Unduh sebagai CSV", "en": "Download as CSV"},
    "Copy Vega-Lite spec": {"id": "Salin spesifikasi Vega-Lite", "en": "Copy Vega-Lite spec"},
    "Copied!": {"id": "Tersalin!", "en": "Copied!"},
    "Search": {"id": "Cari", "en": "Search"},
    "Fullscreen": {"id": "Layar penuh", "en": "Fullscreen"},
    "Close fullscreen": {"id": "Tutup layar penuh", "en": "Close fullscreen"},
    "Skip to main content": {"id": "Langsung ke konten utama", "en": "Skip to main content"},
    "Running...": {"id": "Menghitung...", "en": "Running..."},
    "Stop": {"id": "Berhenti", "en": "Stop"},
    # Read aloud, not shown: labels of Streamlit's controls for screen readers.
    "Help for {label}": {"id": "Bantuan untuk {label}", "en": "Help for {label}"},
    "Show data: {chart}": {"id": "Tampilkan data: {chart}", "en": "Show data: {chart}"},
    "Download as PNG: {chart}": {"id": "Unduh sebagai PNG: {chart}", "en": "Download as PNG: {chart}"},
    "Copy Vega-Lite spec: {chart}": {"id": "Salin spesifikasi Vega-Lite: {chart}",
                                     "en": "Copy Vega-Lite spec: {chart}"},
    "Fullscreen: {chart}": {"id": "Layar penuh: {chart}", "en": "Fullscreen: {chart}"},
    "Sidebar": {"id": "Bilah samping", "en": "Sidebar"},
    "Collapse sidebar": {"id": "Ciutkan bilah samping", "en": "Collapse sidebar"},
    "Expand sidebar": {"id": "Buka bilah samping", "en": "Expand sidebar"},
    "App pages": {"id": "Halaman aplikasi", "en": "App pages"},
    "Decrement": {"id": "Kurangi", "en": "Decrement"},
    "Increment": {"id": "Tambah", "en": "Increment"},
    "Choose an option": {"id": "Pilih salah satu", "en": "Choose an option"},
    "Open": {"id": "Buka", "en": "Open"},
    "file upload": {"id": "unggah berkas", "en": "file upload"},
    "Link to heading": {"id": "Tautan ke judul", "en": "Link to heading"},
    "Show/hide columns": {"id": "Tampilkan/sembunyikan kolom", "en": "Show/hide columns"},
}


def source_text(source: object, language: str) -> str:
    """A registry source (or any bilingual registry text) in ``language``.

    ``source`` is a plain string (returned as it is) or an object with ``.en`` and ``.id`` such as
    :class:`simulator.parameters.Text`; an empty Indonesian text falls back to the English one.
    """
    if source is None:
        return ""
    if isinstance(source, str):
        return source
    english = getattr(source, "en", None)
    if english is None:
        return str(source)
    own = getattr(source, "id", "") if language == "id" else ""
    return str(own or english)


def column_text(frame, column: str, language: str) -> list[str]:
    """An observation text column (``source`` or ``note`` of :func:`simulator.io.observations.load`) in
    ``language``: in Indonesian its ``<column>_id`` twin where that is not empty, else the English text."""
    english = ["" if value is None else str(value) for value in frame[column]]
    twin = f"{column}_id"
    if language != "id" or twin not in getattr(frame, "columns", ()):
        return english
    return [str(own).strip() or en if own is not None else en for own, en in zip(frame[twin], english, strict=True)]


def text(key: str, language: str, **values: object) -> str:
    """The string ``key`` in ``language`` ("id" or "en"), with placeholders filled."""
    entry = STRINGS[key]
    template = entry.get(language, entry["id"])
    return template.format(**values) if values else template
