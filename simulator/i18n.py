"""Every visible string of the app and its exports, in Bahasa Indonesia (default) and English.

``text(key, language, **values)`` returns the string with ``{placeholders}`` filled. A test checks that every key
has both languages and the same placeholders in each.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "page_title": {"id": "Simulator UMKM Go Digital", "en": "UMKM Go Digital simulator"},
    "title": {"id": "30 juta UMKM berjualan daring pada 2024?", "en": "30 million UMKM selling online by 2024?"},
    "intro": {
        "id": "Geser tiga tuas kebijakan (infrastruktur digital, pelatihan dan pendampingan, pembiayaan) dan lihat "
              "apakah, kapan, dan dengan biaya berapa target {target} UMKM berjualan daring tercapai. Model difusi "
              "Bass dikalibrasi pada data yang tersedia hingga Juni 2021.",
        "en": "Move the three policy levers (digital infrastructure, training and mentoring, financing) and see "
              "whether, when and at what cost {target} UMKM selling online is reached. A Bass diffusion model "
              "calibrated on the evidence available up to June 2021.",
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
    "unit_thousand_umkm": {"id": "ribu UMKM per tahun", "en": "thousand UMKM per year"},
    "unit_villages": {"id": "desa per tahun", "en": "villages per year"},
    "unit_trillion": {"id": "triliun rupiah per tahun", "en": "trillion rupiah per year"},
    "advanced": {"id": "Pengaturan lanjutan", "en": "Advanced settings"},
    "target": {"id": "Target (juta UMKM)", "en": "Target (million UMKM)"},
    "deadline": {"id": "Tenggat", "en": "Deadline"},
    "start_of": {"id": "Mulai: {lever}", "en": "Start: {lever}"},
    "start_help": {
        "id": "Sebelum bulan ini tuas berjalan pada laju status quo.",
        "en": "Before this month the lever runs at its status-quo pace.",
    },
    "lever_short_infrastructure_villages_per_year": {"id": "Infrastruktur 4G", "en": "4G infrastructure"},
    "lever_short_training_per_year": {"id": "Pelatihan & pendampingan", "en": "Training & mentoring"},
    "lever_short_financing_idr_per_year": {"id": "Pembiayaan", "en": "Financing"},
    "verdict_reached": {"id": "{target} UMKM daring tercapai pada {month}",
                        "en": "{target} UMKM online reached in {month}"},
    "verdict_missed": {"id": "Tidak tercapai pada {deadline}: kurang {gap}",
                       "en": "Not reached by {deadline}: {gap} short"},
    "verdict_later": {"id": "Dengan pengaturan ini target tercapai pada {month}.",
                      "en": "With these settings the target is reached in {month}."},
    "verdict_never": {"id": "Dengan pengaturan ini target tidak tercapai sebelum {horizon}.",
                      "en": "With these settings the target is not reached before {horizon}."},
    "metric_at_deadline": {"id": "UMKM daring, {deadline}", "en": "UMKM online, {deadline}"},
    "metric_vs_baseline": {"id": "{delta} vs status quo", "en": "{delta} vs status quo"},
    "metric_baseline": {"id": "Status quo, {deadline}", "en": "Status quo, {deadline}"},
    "metric_cost": {"id": "Biaya program s.d. tenggat", "en": "Programme cost to the deadline"},
    "metric_extra_cost": {"id": "{delta} vs status quo", "en": "{delta} vs status quo"},
    "chart_title": {"id": "UMKM yang berjualan daring", "en": "UMKM selling online"},
    "chart_x": {"id": "Tahun", "en": "Year"},
    "chart_y": {"id": "UMKM berjualan daring", "en": "UMKM selling online"},
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
    "chart_caption": {
        "id": "Titik: data teramati (segitiga: ditampilkan, tidak dipakai untuk kalibrasi). Garis hijau: target. "
              "Garis vertikal: tenggat.",
        "en": "Points: observations (triangles: shown, not used in the calibration). Green line: target. "
              "Vertical line: deadline.",
    },
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
        "id": "Model nasional satu wilayah; efek tuas adalah asumsi dengan rentang ketidakpastian; tidak ada "
              "guncangan (pandemi, resesi) setelah Juni 2021; \"berjualan daring\" mengikuti definisi berbeda-beda "
              "dari tiap sumber.",
        "en": "A single national region; lever effects are assumptions with uncertain ranges; no shocks "
              "(pandemic, recession) after June 2021; \"selling online\" follows each source's own definition.",
    },
    "error_prefix": {"id": "Pengaturan tidak valid: {message}", "en": "Invalid setting: {message}"},
    "footer": {"id": "Versi model {version}. Sumber data: lihat bagian asumsi.",
               "en": "Model version {version}. Data sources: see the assumptions section."},
    # --- Share links (simulator.sharing) ---------------------------------------------------------------
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
    "share_notice_unreadable": {
        "id": "Tautan tidak dapat dibaca; pengaturan saat ini dipertahankan.",
        "en": "The link could not be read; the current settings are kept.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    """The string ``key`` in ``language`` ("id" or "en"), with placeholders filled."""
    entry = STRINGS[key]
    template = entry.get(language, entry["id"])
    return template.format(**values) if values else template
