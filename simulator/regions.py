r"""The six island groups as a leading axis of the same engine, and the levers placed by region.

The regional model is the national engine (:func:`simulator.model.simulate`) run with coefficients shaped
``(..., regions)``: every national coefficient stays as calibrated (diffusion, campaign timing, lever effects),
and six things differ by region, each from the evidence or derived from it in the open (:data:`REGIONS`, the
derivations below):

* the UMKM count, :math:`N_i = w_i N` (BPS Economic Census 2016 business counts as the proxy split);
* the connected share in 2020, :math:`c_i = c\, k_i` with :math:`k_i` the region's internet penetration
  (APJII 2023) over its UMKM-weighted national mean, so :math:`\sum_i w_i c_i = c`;
* the villages without 4G, :math:`V_i`: BAKTI's 2021-22 list of 7,904 remote villages with no 4G by region,
  and the other 4,644 of the 12,548 spread in proportion to UMKM (an assumption: outside BAKTI's list no
  regional count is published);
* the UMKM a newly covered village brings, :math:`u_i = u f_i`: in Maluku-Papua villages hold about 0.16 of the
  national UMKM per village (derived below), the other regions share the rest equally per village, so that
  :math:`\sum_i u_i V_i = u V` (the national assumption is kept);
* the ceiling of the connected share without towers, :math:`1 - c^{max}_i = (1 - c^{max}) m_i`: the UMKM in
  the region's villages without 4G plus an even share of the rest of the national gap, so
  :math:`\sum_i w_i c^{max}_i = c^{max}`;
* the reachable share, :math:`r_i = r\,\rho_i` (and its trend :math:`r' \rho_i`), with :math:`\rho_i` chosen so
  that the reachable pool of 2020 splits like the e-commerce businesses of BPS's survey (about three quarters in
  Java): :math:`\rho_i = s_i / (w_i k_i)` with :math:`s_i` that split, so :math:`\sum_i N_i c_i r_i = N c r`.

The onboarded UMKM of 2020 and the national campaign's pace are split like the pool, :math:`O_i = s_i O`,
:math:`C_i = s_i C`. Because the onboarding equation is homogeneous in (O, M, C), a region whose pool stayed
:math:`s_i` of the national pool would follow the national curve exactly scaled; the regions depart from it
only where their connectivity catches up at a different level, where a value is clipped to its bound (a
reachable share above one, a connected share above its ceiling: rare draws) and where the levers are placed
differently from the UMKM. :func:`national_gap` measures how far the sum of the regions is from the national
model (the methodology page and the README say how close).

Levers are placed by an :class:`Allocation`: for each lever the share of its annual intensity that goes to each
region. By default towers go where BAKTI's list of remote villages without 4G is (about three quarters in
Maluku-Papua, none in Java), training and financing in proportion to the UMKM not yet onboarded in 2020.
Before a lever's start month (the history every scenario shares) it runs at the default allocation. A region's
towers stop when its own villages without 4G are all built or being built. One tower costs
:data:`TOWER_COST_FACTOR_MALUKU_PAPUA` times more in Maluku-Papua than elsewhere (an assumption), with the
national cost per village kept as the average over BAKTI's sites.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator import timeline
from simulator.model import LeverPaths, Trajectory, simulate
from simulator.parameters import (
    LEVER_SPECS,
    LEVERS,
    PARAMETER_SPECS,
    ModelParameters,
    Scenario,
    Text,
    central_parameters,
)

# ------------------------------------------------------------------------------------------------------------
# The regional table: evidence, one row per island group
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Region:
    """One island group and the evidence on it (sources in :data:`REGION_SOURCES`)."""

    key: str
    label: Text
    businesses_2016: float  # non-agricultural businesses, BPS Economic Census 2016 [million]
    internet_penetration: float  # persons using the internet, APJII 2023 (derived for merged groups) [fraction]
    villages_no_4g_bakti: float  # BAKTI 2021-22 remote (3T) villages with no 4G at all [villages]
    ecommerce_share: float  # share of the nation's e-commerce businesses, BPS 2022 (derived split) [fraction]


def _merged_penetration(points: Sequence[float], penetration: Sequence[float]) -> float:
    """Penetration of a merged group [fraction]: users (APJII 2021-22 points of national penetration) over
    population (users / penetration of each part, APJII 2023)."""
    population = sum(p / r for p, r in zip(points, penetration, strict=True))
    return sum(points) / population


# Sulawesi and Maluku-Papua together held 3.93% of the e-commerce businesses in 2022 (100 - 76.38 - 11.09 -
# 4.41 - 4.19); BPS gives no split. Assumption: split like businesses x internet penetration.
_SUL_MP = 1.0 - 0.7638 - 0.1109 - 0.0441 - 0.0419
_SUL_WEIGHT = 2.15 * 0.7359
_MP_PENETRATION = _merged_penetration((0.83, 1.38), (0.7345, 0.6315))
_MP_WEIGHT = 0.5 * _MP_PENETRATION

REGIONS: tuple[Region, ...] = (
    Region(key="sumatera", label=Text(en="Sumatera", id="Sumatera"), businesses_2016=4.95,
           internet_penetration=0.735, villages_no_4g_bakti=132, ecommerce_share=0.1109),
    Region(key="jawa", label=Text(en="Jawa", id="Jawa"), businesses_2016=16.2,
           internet_penetration=0.8181, villages_no_4g_bakti=0, ecommerce_share=0.7638),
    Region(key="bali_nusa_tenggara", label=Text(en="Bali–Nusa Tenggara", id="Bali–Nusa Tenggara"),
           businesses_2016=1.5, internet_penetration=_merged_penetration((1.17, 2.71), (0.8088, 0.7232)),
           villages_no_4g_bakti=456, ecommerce_share=0.0419),
    Region(key="kalimantan", label=Text(en="Kalimantan", id="Kalimantan"), businesses_2016=1.4,
           internet_penetration=0.7871, villages_no_4g_bakti=776, ecommerce_share=0.0441),
    Region(key="sulawesi", label=Text(en="Sulawesi", id="Sulawesi"), businesses_2016=2.15,
           internet_penetration=0.7359, villages_no_4g_bakti=536,
           ecommerce_share=_SUL_MP * _SUL_WEIGHT / (_SUL_WEIGHT + _MP_WEIGHT)),
    Region(key="maluku_papua", label=Text(en="Maluku–Papua", id="Maluku–Papua"), businesses_2016=0.5,
           internet_penetration=_MP_PENETRATION, villages_no_4g_bakti=800 + 824 + 971 + 1_819 + 1_590,
           ecommerce_share=_SUL_MP * _MP_WEIGHT / (_SUL_WEIGHT + _MP_WEIGHT)),
)
"""The six island groups, in the order of the region axis."""
REGION_KEYS: tuple[str, ...] = tuple(region.key for region in REGIONS)
REGION_BY_KEY: dict[str, Region] = {region.key: region for region in REGIONS}

NATIONAL_VILLAGES = 83_218
"""Villages in Indonesia (Kominfo, 11 Jun 2020) [villages]."""
MALUKU_PAPUA_VILLAGES = 0.71 * 5_705 / 0.41
"""Villages in Maluku-Papua, derived [villages]: BPS village census 2020, 5,705 villages with no cellular signal,
41% of Maluku-Papua's villages; 71% of the no-signal villages were in Papua and Papua Barat in 2021 (3,631 of
5,098), taken for 2020 (about 9,900)."""
TOWER_COST_FACTOR_MALUKU_PAPUA = 1.5
"""Cost of a village's 4G in Maluku-Papua relative to the other regions. Assumption: air and sea logistics,
satellite backhaul and terrain (BAKTI's Papua sites); no public unit cost by region."""

REGION_SOURCES: dict[str, Text] = {
    "businesses_2016": Text(en="BPS Economic Census 2016, non-agricultural businesses, 26.71 million (Antara 27 Apr "
                               "2017; Liputan6; Kontan): Jawa 16.2, Sumatera 4.9-5.0 (4.95 taken), Sulawesi 2.1-2.2 "
                               "(2.15), Bali-NT 1.5, Kalimantan 1.4, Maluku-Papua 0.5 million; the proxy for the UMKM "
                               "split",
                            id="Sensus Ekonomi 2016 BPS, usaha nonpertanian, 26,71 juta (Antara 27 Apr 2017; Liputan6; "
                               "Kontan): Jawa 16,2, Sumatera 4,9-5,0 (diambil 4,95), Sulawesi 2,1-2,2 (2,15), Bali-NT "
                               "1,5, Kalimantan 1,4, Maluku-Papua 0,5 juta; proksi untuk pembagian UMKM"),
    "internet_penetration": Text(en="APJII 2023 penetration within each region (Bisnis.com 12 Mar 2023); Bali-NT and "
                                    "Maluku-Papua derived: users (APJII 2021-22 points of national penetration, "
                                    "Poskota 15 Jun 2022: Bali 1.17, NT 2.71, Maluku 0.83, Papua 1.38) over population "
                                    "(users / 2023 penetration); used only relative to the national mean",
                                 id="Penetrasi APJII 2023 di dalam tiap wilayah (Bisnis.com 12 Mar 2023); Bali-NT dan "
                                    "Maluku-Papua diturunkan: pengguna (poin penetrasi nasional APJII 2021-22, Poskota "
                                    "15 Jun 2022: Bali 1,17, NT 2,71, Maluku 0,83, Papua 1,38) dibagi penduduk "
                                    "(pengguna / penetrasi 2023); hanya dipakai relatif terhadap rata-rata nasional"),
    "villages_no_4g_bakti": Text(en="BAKTI 2021-22 programme, 7,904 3T villages with no 4G (Pikiran Rakyat 17 Sep "
                                    "2023; Antara Papua): Sumatera 132, Nusa Tenggara 456, Kalimantan 776, Sulawesi "
                                    "536, Maluku 800, Papua 824 + 971 + 1,819 + 1,590; none in Java",
                                 id="Program BAKTI 2021-22, 7.904 desa 3T tanpa 4G (Pikiran Rakyat 17 Sep 2023; Antara "
                                    "Papua): Sumatera 132, Nusa Tenggara 456, Kalimantan 776, Sulawesi 536, Maluku "
                                    "800, Papua 824 + 971 + 1.819 + 1.590; tidak ada di Jawa"),
    "villages_rest": Text(en="Assumption: the other 4,644 of the 12,548 villages without 4G (Kominfo 2020; 3,435 left "
                             "to operators) are spread in proportion to UMKM (no regional count is published)",
                          id="Asumsi: 4.644 desa lainnya dari 12.548 desa tanpa 4G (Kominfo 2020; 3.435 diserahkan "
                             "kepada operator) tersebar sebanding dengan jumlah UMKM (tidak ada hitungan per wilayah "
                             "yang diterbitkan)"),
    "ecommerce_share": Text(en="BPS e-commerce businesses by island, 2022 (Katadata Databoks; GoodStats): Jawa 76.38%, "
                               "Sumatera 11.09%, Kalimantan 4.41%, Bali-NT 4.19%; Sulawesi + Maluku-Papua 3.93% split "
                               "like businesses x internet penetration (assumption). 2020: Jawa 75.15%; Akumindo: "
                               "75-80% of digital UMKM in Java",
                            id="Usaha e-commerce menurut pulau, BPS 2022 (Katadata Databoks; GoodStats): Jawa 76,38%, "
                               "Sumatera 11,09%, Kalimantan 4,41%, Bali-NT 4,19%; Sulawesi + Maluku-Papua 3,93%, "
                               "dibagi menurut usaha x penetrasi internet (asumsi). 2020: Jawa 75,15%; Akumindo: "
                               "75-80% UMKM digital berada di Jawa"),
    "per_village": Text(en="Derived: Maluku-Papua has 1.9% of the UMKM on about 9,900 villages (BPS village census), "
                           "0.16 of the national UMKM per village, and its remote villages are taken to be as much "
                           "below its average as the national figure is below the national average; the other regions "
                           "share the rest of the national u x V equally per village",
                        id="Diturunkan: Maluku-Papua memiliki 1,9% UMKM di sekitar 9.900 desa (sensus desa BPS), 0,16 "
                           "kali UMKM per desa nasional, dan desa terpencilnya dianggap berada di bawah rata-ratanya "
                           "sendiri sejauh angka nasional berada di bawah rata-rata nasional; wilayah lain berbagi "
                           "sisa u x V nasional secara merata per desa"),
    "tower_cost": Text(en="Assumption: 1.5 times the cost elsewhere in Maluku-Papua; the national Rp2.62 billion per "
                          "village (Rp11 trillion for 4,200 BAKTI sites) is kept as the average over BAKTI's list",
                       id="Asumsi: di Maluku-Papua 1,5 kali biaya di wilayah lain; angka nasional Rp2,62 miliar per "
                          "desa (Rp11 triliun untuk 4.200 lokasi BAKTI) tetap dipakai sebagai rata-rata atas daftar "
                          "BAKTI"),
}
"""Where each column of the regional table comes from, and the assumptions that fill its gaps."""


# ------------------------------------------------------------------------------------------------------------
# Derived regional factors (fixed: computed once from the table and the registry defaults)
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class RegionFactors:
    """Each region's factors on the national coefficients, arrays shaped ``(regions,)`` (see the module
    docstring for each formula). A one-region table (:func:`single_region`) has every factor 1."""

    keys: tuple[str, ...]
    umkm_share: np.ndarray  # w_i [fraction of the nation's UMKM]
    connectivity: np.ndarray  # k_i, sum w_i k_i = 1
    village_share: np.ndarray  # V_i / V
    per_village: np.ndarray  # f_i, sum f_i V_i = V
    ceiling_gap: np.ndarray  # m_i, sum w_i m_i = 1
    ready: np.ndarray  # rho_i, sum w_i k_i rho_i = 1
    pool_share: np.ndarray  # s_i, share of the 2020 pool, the onboarded and the campaign
    village_cost: np.ndarray  # cost of one village relative to the national average
    default_allocation: Mapping[str, np.ndarray]  # lever key -> shares (sum 1)


def _derive() -> RegionFactors:
    d = {spec.name: spec.default for spec in PARAMETER_SPECS.values()}
    businesses = np.array([r.businesses_2016 for r in REGIONS])
    w = businesses / businesses.sum()
    penetration = np.array([r.internet_penetration for r in REGIONS])
    k = penetration / np.sum(w * penetration)
    bakti = np.array([r.villages_no_4g_bakti for r in REGIONS])
    total_v = d["villages_without_4g"]
    villages = bakti + (total_v - bakti.sum()) * w
    mp = REGION_KEYS.index("maluku_papua")
    f = np.ones(len(REGIONS))
    f[mp] = w[mp] * NATIONAL_VILLAGES / MALUKU_PAPUA_VILLAGES
    rest = np.arange(len(REGIONS)) != mp
    f[rest] = (total_v - f[mp] * villages[mp]) / villages[rest].sum()
    n, u, gap = d["umkm_2019"], d["umkm_per_uncovered_village"], 1.0 - d["connected_share_max"]
    in_villages = u * f * villages / (w * n)  # share of the region's UMKM living in its villages without 4G
    even = gap - u * total_v / n  # the rest of the national gap, spread evenly
    m = (in_villages + even) / gap
    s = np.array([r.ecommerce_share for r in REGIONS])
    s = s / s.sum()
    rho = s / (w * k)
    relative_cost = np.where(np.arange(len(REGIONS)) == mp, TOWER_COST_FACTOR_MALUKU_PAPUA, 1.0)
    cost = relative_cost / np.sum(bakti / bakti.sum() * relative_cost)
    not_online = w * n - s * d["adopters_2020"]
    # Towers go where BAKTI's list of remote villages without 4G is; training and financing follow the UMKM
    # not yet onboarded.
    allocation = {lever.key: (bakti / bakti.sum() if lever.display_kind == "villages"
                              else not_online / not_online.sum()) for lever in LEVERS}
    return RegionFactors(keys=REGION_KEYS, umkm_share=w, connectivity=k, village_share=villages / total_v,
                         per_village=f, ceiling_gap=m, ready=rho, pool_share=s, village_cost=cost,
                         default_allocation=allocation)


FACTORS = _derive()
"""The six regions' factors."""


def describe() -> dict[str, Any]:
    """The regional table, its derived factors and their sources, JSON-ready (``describe`` prints it)."""
    rows = []
    for i, region in enumerate(REGIONS):
        rows.append({
            "region": region.key, "label": {"en": region.label.en, "id": region.label.id},
            "businesses_2016_million": region.businesses_2016, "internet_penetration": region.internet_penetration,
            "villages_no_4g_bakti": region.villages_no_4g_bakti, "ecommerce_share": float(FACTORS.pool_share[i]),
            "umkm_share": float(FACTORS.umkm_share[i]), "connectivity_factor": float(FACTORS.connectivity[i]),
            "villages_without_4g_share": float(FACTORS.village_share[i]),
            "umkm_per_village_factor": float(FACTORS.per_village[i]),
            "ceiling_gap_factor": float(FACTORS.ceiling_gap[i]), "reachable_factor": float(FACTORS.ready[i]),
            "village_cost_factor": float(FACTORS.village_cost[i]),
            "default_allocation": {allocation_key(k): float(v[i]) for k, v in FACTORS.default_allocation.items()},
        })
    return {"regions": rows, "sources": {key: source.en for key, source in REGION_SOURCES.items()},
            "sources_id": {key: source.id for key, source in REGION_SOURCES.items()},
            "assumptions": {"tower_cost_factor_maluku_papua": TOWER_COST_FACTOR_MALUKU_PAPUA,
                            "maluku_papua_villages": MALUKU_PAPUA_VILLAGES}}


def single_region() -> RegionFactors:
    """One region holding the whole nation: every factor 1 (the regional model is then the national one)."""
    one = np.ones(1)
    return RegionFactors(keys=("indonesia",), umkm_share=one, connectivity=one, village_share=one, per_village=one,
                         ceiling_gap=one, ready=one, pool_share=one, village_cost=one,
                         default_allocation={lever.key: one for lever in LEVERS})


def regional_parameters(parameters: ModelParameters, factors: RegionFactors = FACTORS) -> ModelParameters:
    """The national coefficients turned into regional ones, each field shaped ``(*shape, regions)`` when it
    differs by region (``shape`` the national field's own, e.g. ``(draws,)``); the rest stay national.

    Values pushed past a bound are clipped (see the module docstring): the reachable share at 1, the 2020
    connected share at the region's ceiling, and the onboarded of 2020 at the region's 2020 pool.
    """
    def scaled(name: str, factor: np.ndarray) -> np.ndarray:
        return np.asarray(getattr(parameters, name), dtype=float)[..., None] * factor

    gap = 1.0 - scaled("connected_share_max", np.ones_like(factors.ceiling_gap))
    c_max = np.clip(1.0 - gap * factors.ceiling_gap, 0.0, 1.0)
    c0 = np.minimum(scaled("connected_share_2020", factors.connectivity), c_max)
    r0 = np.minimum(scaled("ready_share_2020", factors.ready), 1.0)
    n_umkm = scaled("umkm_2019", factors.umkm_share)
    adopters = np.minimum(scaled("adopters_2020", factors.pool_share), n_umkm * c0 * r0)
    # Fields that do not differ by region gain the region axis as a length-one axis (a draw's value for all).
    same = {name: np.asarray(value, dtype=float)[..., None] for name, value in parameters.as_dict().items()
            if np.ndim(value)}
    return ModelParameters(**{**parameters.as_dict(), **same}).replace(
        umkm_2019=n_umkm, connected_share_2020=c0, connected_share_max=c_max,
        villages_without_4g=scaled("villages_without_4g", factors.village_share),
        umkm_per_uncovered_village=scaled("umkm_per_uncovered_village", factors.per_village),
        village_cost_idr=scaled("village_cost_idr", factors.village_cost),
        ready_share_2020=r0, ready_share_trend=scaled("ready_share_trend", factors.ready),
        adopters_2020=adopters, campaign_pace=scaled("campaign_pace", factors.pool_share))


# ------------------------------------------------------------------------------------------------------------
# Allocations: where each lever goes
# ------------------------------------------------------------------------------------------------------------

def allocation_key(lever_key: str) -> str:
    """Scenario key of a lever's regional allocation, e.g. ``infrastructure_allocation``."""
    return LEVER_SPECS[lever_key].start_key.removesuffix("_start") + "_allocation"


ALLOCATION_KEYS: tuple[str, ...] = tuple(allocation_key(lever.key) for lever in LEVERS)
"""Scenario keys of the allocations (scenario files, ``--set``); the value maps each region to its share."""
_LEVER_OF_KEY = {allocation_key(lever.key): lever.key for lever in LEVERS}
SHARE_TOLERANCE = 1e-6
"""How far from one the shares of an allocation may sum (rounding of typed fractions) [fraction]."""


@dataclass(frozen=True, kw_only=True)
class Allocation:
    """For each lever, the share of its annual intensity going to each region (fractions summing to one).

    Validated on construction: six shares per lever in :data:`REGION_KEYS` order, none negative, summing to one
    within :data:`SHARE_TOLERANCE`; nothing is normalised.
    """

    shares: Mapping[str, tuple[float, ...]] = field(
        default_factory=lambda: {key: tuple(float(x) for x in value)
                                 for key, value in FACTORS.default_allocation.items()})

    def __post_init__(self) -> None:
        clean: dict[str, tuple[float, ...]] = {}
        for lever in LEVERS:
            values = self.shares.get(lever.key, tuple(FACTORS.default_allocation[lever.key]))
            clean[lever.key] = check_shares(allocation_key(lever.key), values)
        unknown = sorted(set(self.shares) - set(clean))
        if unknown:
            raise ValueError(f"allocation: unknown lever {unknown[0]!r}; allowed {', '.join(LEVER_SPECS)}")
        object.__setattr__(self, "shares", clean)

    def array(self, lever_key: str) -> np.ndarray:
        return np.array(self.shares[lever_key])

    def is_default(self, lever_key: str | None = None) -> bool:
        keys = [lever_key] if lever_key else list(LEVER_SPECS)
        return all(np.allclose(self.shares[k], FACTORS.default_allocation[k], rtol=0, atol=1e-12) for k in keys)

    def to_mapping(self, *, only_changed: bool = False) -> dict[str, dict[str, float]]:
        """Scenario-file form: ``{allocation key: {region: share}}`` (fractions)."""
        return {allocation_key(key): dict(zip(REGION_KEYS, values, strict=True))
                for key, values in self.shares.items() if not (only_changed and self.is_default(key))}

    def replace(self, lever_key: str, shares: Sequence[float]) -> Allocation:
        return Allocation(shares={**self.shares, lever_key: tuple(shares)})


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_shares(name: str, values: Sequence[float]) -> tuple[float, ...]:
    """Six shares as floats, or a ``ValueError`` naming ``name``, the problem and what is allowed."""
    values = tuple(values)
    if len(values) != len(REGION_KEYS):
        raise ValueError(f"{name}: {len(values)} shares given; one per region is needed ({', '.join(REGION_KEYS)})")
    out = []
    for region, value in zip(REGION_KEYS, values, strict=True):
        if isinstance(value, bool):
            raise ValueError(f"{name}: {region} {_shown(value)} is not a number; allowed 0 to 1")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: {region} {_shown(value)} is not a number; allowed 0 to 1") from None
        if not math.isfinite(number) or number < 0.0 or number > 1.0 + SHARE_TOLERANCE:
            problem = "is negative" if number < 0.0 else "is out of range"
            raise ValueError(f"{name}: {region} share {_shown(value)} {problem}; allowed 0 to 1 (0% to 100%)")
        out.append(number)
    total = math.fsum(out)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"{name}: the shares sum to {total:.6g} ({100 * total:.4g}%); they must sum to 1 (100%), "
                         "nothing is rescaled")
    return tuple(out)


def parse_shares(name: str, value: Any) -> tuple[float, ...]:
    """An allocation value: a mapping ``{region: share}`` or text ``"maluku_papua:0.8,sulawesi:0.2"``;
    regions not named get 0. Raises ``ValueError`` on an unknown region, a bad share or a sum other than 1."""
    if isinstance(value, str):
        pairs: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in value.split(","))):
            region, sep, share = part.partition(":")
            if not sep:
                raise ValueError(f"{name}: {_shown(part)} is not REGION:SHARE; e.g. maluku_papua:0.8,sulawesi:0.2")
            region = region.strip()
            if region in pairs:
                raise ValueError(f"{name}: region {_shown(region)} is given twice")
            try:
                pairs[region] = float(share)
            except ValueError:
                raise ValueError(f"{name}: {_shown(region)} {_shown(share.strip())} is not a number; allowed 0 to 1"
                                 ) from None
        value = pairs
    if not isinstance(value, Mapping):
        raise ValueError(f"{name}: expected a mapping of region to share, e.g. {{\"maluku_papua\": 0.8, "
                         f"\"sulawesi\": 0.2}}, not {type(value).__name__}")
    unknown = [str(k) for k in value if k not in REGION_KEYS]
    if unknown:
        raise ValueError(f"{name}: unknown region {_shown(unknown[0])}; allowed regions: {', '.join(REGION_KEYS)}")
    return check_shares(name, [value.get(region, 0.0) for region in REGION_KEYS])


def allocation_from_mapping(values: Mapping[str, Any], *, base: Allocation | None = None) -> Allocation:
    """An :class:`Allocation` from scenario keys (:data:`ALLOCATION_KEYS`); others are an error; missing
    levers keep ``base`` (default: the default allocation)."""
    unknown = [k for k in values if k not in _LEVER_OF_KEY]
    if unknown:
        raise ValueError(f"unknown allocation key {_shown(unknown[0])}; allowed keys: {', '.join(ALLOCATION_KEYS)}")
    shares = dict((base or Allocation()).shares)
    for key, value in values.items():
        shares[_LEVER_OF_KEY[key]] = parse_shares(key, value)
    return Allocation(shares=shares)


def split_mapping(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A scenario mapping split into its national keys and its allocation keys."""
    national = {k: v for k, v in values.items() if k not in _LEVER_OF_KEY}
    regional = {k: v for k, v in values.items() if k in _LEVER_OF_KEY}
    return national, regional


# ------------------------------------------------------------------------------------------------------------
# Running
# ------------------------------------------------------------------------------------------------------------

def regional_lever_paths(scenarios: Sequence[Scenario], allocations: Sequence[Allocation], *, n_months: int,
                         factors: RegionFactors = FACTORS) -> LeverPaths:
    """Monthly lever intensities per region, shaped ``(scenarios, regions, months)``: before a lever's start the
    status quo at the default allocation, from it the scenario's pace at the scenario's allocation."""
    months = np.arange(n_months)
    paths: dict[str, np.ndarray] = {}
    one_region = len(factors.keys) == 1
    for lever in LEVERS:
        value = np.array([getattr(s, lever.key) for s in scenarios])[:, None, None]
        start = np.array([s.month_index(lever.start_key) for s in scenarios])[:, None, None]
        history = np.where(months >= timeline.parse_month(lever.history_start), lever.status_quo, 0.0)
        default = np.asarray(factors.default_allocation[lever.key])[None, :, None]
        chosen = default if one_region else np.stack([a.array(lever.key) for a in allocations])[:, :, None]
        paths[lever.path_field] = np.where(months >= start, value * chosen, history * default)
    return LeverPaths(**paths)


def simulate_regions(parameters: ModelParameters, scenarios: Sequence[Scenario], allocations: Sequence[Allocation],
                     *, factors: RegionFactors = FACTORS, engine: str = "compiled",
                     fields: Collection[str] | None = None) -> Trajectory:
    """Regional trajectories: ``parameters`` national (floats, or arrays shaped ``(draws,)``); arrays shaped
    ``(scenarios, regions, months)``, or ``(scenarios, draws, regions, months)`` with draws. ``fields``: the
    :class:`~simulator.model.Trajectory` fields to compute (default all; see :func:`~simulator.model.simulate`)."""
    n_months = {s.n_months for s in scenarios}
    if len(n_months) != 1:
        raise ValueError("scenarios run together must share a horizon")
    paths = regional_lever_paths(scenarios, allocations, n_months=n_months.pop(), factors=factors)
    if any(np.ndim(v) for v in parameters.as_dict().values()):  # draws: (scenarios, 1, regions, months)
        paths = LeverPaths(**{k: v[:, None] for k, v in vars(paths).items()})
    return simulate(regional_parameters(parameters, factors), paths, engine=engine, fields=fields)


def national_gap(parameters: ModelParameters | None = None, scenario: Scenario | None = None) -> dict[str, float]:
    """How far the sum of the regions is from the national model, status quo (or ``scenario``) at the default
    allocation: the largest relative difference of the onboarded count over 2020-2024 and over the horizon."""
    from simulator.runner import lever_paths

    parameters = parameters or central_parameters()
    scenario = scenario or Scenario()
    national = simulate(parameters, lever_paths([scenario], n_months=scenario.n_months)).n_adopters[0]
    regional = simulate_regions(parameters, [scenario], [Allocation()]).n_adopters[0].sum(axis=0)
    difference = np.abs(regional / national - 1.0)
    to_2024 = timeline.parse_month("2024-12") + 1
    return {"max_relative_2020_2024": float(difference[:to_2024].max()),
            "max_relative_horizon": float(difference.max()),
            "at_deadline": float(regional[scenario.month_index("deadline")] / national[
                scenario.month_index("deadline")] - 1.0)}


@dataclass(frozen=True, kw_only=True, eq=False)
class RegionalRun:
    """One scenario and allocation by region (central parameters): the scenario, its baseline (status quo at
    the default allocation) and each lever moved alone (with its own allocation), and the table."""

    scenario: Scenario
    allocation: Allocation
    trajectory: Trajectory  # (runs, regions, months): the scenario, the baseline, each lever alone
    table: pd.DataFrame  # one row per region: see :func:`region_table`

    def national(self, name: str = "n_adopters") -> np.ndarray:
        """The nation as the sum of the regions, the scenario's series ``(months,)``."""
        return getattr(self.trajectory, name)[0].sum(axis=0)


def _spend_through(trajectory: Trajectory, lever_spend: str, *, first: int, last: int) -> np.ndarray:
    return getattr(trajectory, lever_spend)[..., first:last + 1].sum(axis=-1)


def run_regions(scenario: Scenario, allocation: Allocation | None = None,
                parameters: ModelParameters | None = None) -> RegionalRun:
    """The scenario by region with central parameters, in one vectorised call (see :class:`RegionalRun`)."""
    allocation = allocation or Allocation()
    parameters = parameters or central_parameters()
    baseline = scenario.status_quo()
    alone = [baseline.replace(**{lever.key: getattr(scenario, lever.key)}) for lever in LEVERS]
    base_allocation = Allocation()
    allocations = [allocation, base_allocation,
                   *(Allocation(shares={**base_allocation.shares, lever.key: allocation.shares[lever.key]})
                     for lever in LEVERS)]
    trajectory = simulate_regions(parameters, [scenario, baseline, *alone], allocations)
    return RegionalRun(scenario=scenario, allocation=allocation, trajectory=trajectory,
                       table=region_table(trajectory, scenario))


def now_month(scenario: Scenario) -> int:
    """The month "now" in the regional table: the month before the earliest lever start (month index)."""
    return max(min(scenario.month_index(lever.start_key) for lever in LEVERS) - 1, 0)


def region_table(trajectory: Trajectory, scenario: Scenario, keys: Sequence[str] = REGION_KEYS) -> pd.DataFrame:
    """One row per region from a :class:`RegionalRun` trajectory (runs: scenario, baseline, each lever alone).

    Columns: ``region``; ``n_umkm`` [UMKM at the deadline]; ``online_share_now`` and
    ``online_share_at_deadline`` [onboarded over UMKM, fraction; now: :func:`now_month`];
    ``gap_to_national`` [the region's share at the deadline minus the nation's, fraction];
    ``adopters_at_deadline``, ``baseline_adopters_at_deadline`` [UMKM]; per lever ``<lever>_added`` [UMKM at
    the deadline, moved alone against the baseline], ``<lever>_extra_cost_idr`` [rupiah from its start through
    the deadline] and ``<lever>_cost_per_added_idr`` [rupiah per additional UMKM; NaN when it adds fewer than
    one].
    """
    deadline, now = scenario.month_index("deadline"), now_month(scenario)
    O, N = trajectory.n_adopters, trajectory.n_umkm
    share_deadline = O[0, :, deadline] / N[0, :, deadline]
    national = O[0, :, deadline].sum() / N[0, :, deadline].sum()
    table = pd.DataFrame({
        "region": list(keys), "n_umkm": N[0, :, deadline], "online_share_now": O[0, :, now] / N[0, :, now],
        "online_share_at_deadline": share_deadline, "gap_to_national": share_deadline - national,
        "adopters_at_deadline": O[0, :, deadline], "baseline_adopters_at_deadline": O[1, :, deadline]})
    for k, lever in enumerate(LEVERS):
        start = scenario.month_index(lever.start_key)
        added = O[2 + k, :, deadline] - O[1, :, deadline]
        extra = (_spend_through(trajectory, lever.spend_field, first=start, last=deadline)[2 + k]
                 - _spend_through(trajectory, lever.spend_field, first=start, last=deadline)[1])
        with np.errstate(divide="ignore", invalid="ignore"):
            per = np.where(added >= 1.0, extra / added, np.nan)
        table[f"{lever.key}_added"] = added
        table[f"{lever.key}_extra_cost_idr"] = extra
        table[f"{lever.key}_cost_per_added_idr"] = per
    return table


LONG_COLUMNS: tuple[str, ...] = ("date", "region", "n_adopters", "baseline_n_adopters", "online_share", "n_active",
                                 "new_adopters", "market_potential", "n_umkm", "connected_share", "ready_share",
                                 "villages_covered", "spend_idr")
"""Columns of :func:`long_frame`: ``date`` "YYYY-MM", then ``region``; counts [UMKM], shares [fraction],
villages, money [rupiah per month]."""


def long_frame(run: RegionalRun, *, fan: pd.DataFrame | None = None) -> pd.DataFrame:
    """The regional series in long form, one row per (month, region), columns :data:`LONG_COLUMNS` (and
    ``n_adopters_p10/_p50/_p90`` from an ensemble's ``fan`` when given)."""
    tr = run.trajectory
    n_regions, n_months = tr.n_adopters.shape[1:]
    dates = np.array(timeline.month_dates(n_months).strftime("%Y-%m"))
    out = {"date": np.tile(dates, n_regions), "region": np.repeat(np.array(REGION_KEYS[:n_regions]), n_months)}
    for name in LONG_COLUMNS[2:]:
        if name == "baseline_n_adopters":
            values = tr.n_adopters[1]
        elif name == "online_share":
            values = tr.n_adopters[0] / tr.n_umkm[0]
        else:
            values = getattr(tr, name)[0]
        out[name] = values.reshape(-1)
    frame = pd.DataFrame(out)
    if fan is not None:
        frame = frame.merge(fan, on=["date", "region"], how="left")
    return frame.sort_values(["date", "region"], key=lambda c: c.map(
        {k: i for i, k in enumerate(REGION_KEYS)}) if c.name == "region" else c, kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------------------------------------------
# Under uncertainty
# ------------------------------------------------------------------------------------------------------------

QUANTILES = (0.1, 0.5, 0.9)


@dataclass(frozen=True, kw_only=True, eq=False)
class RegionalEnsemble:
    """A scenario by region against the Monte Carlo draws (the scenario only; the baseline is memoised)."""

    scenario: Scenario
    allocation: Allocation
    fan: np.ndarray  # (quantiles, regions, months) [UMKM onboarded]
    national_fan: np.ndarray  # (quantiles, months): quantiles of each draw's sum over regions [UMKM]
    at_deadline: np.ndarray  # (quantiles, regions) [UMKM]
    draws: int

    def fan_frame(self) -> pd.DataFrame:
        """Long form: ``date``, ``region``, ``n_adopters_p10``, ``_p50``, ``_p90``."""
        n_regions, n_months = self.fan.shape[1:]
        dates = np.array(timeline.month_dates(n_months).strftime("%Y-%m"))
        out = {"date": np.tile(dates, n_regions), "region": np.repeat(np.array(REGION_KEYS), n_months)}
        for j, q in enumerate(QUANTILES):
            out[f"n_adopters_p{round(q * 100)}"] = self.fan[j].reshape(-1)
        return pd.DataFrame(out)


DRAW_STRIDE = 2
"""The regional fan uses every ``DRAW_STRIDE``-th draw (their weights renormalised): six regions cost six times
the engine's work of one national run, and every other draw keeps a new scenario's regional view within 1.5
times the national ensemble's time at the app's default draws (``benchmarks/bench_regions.py``). The national
headline keeps every draw."""


def regional_ensemble(scenario: Scenario, allocation: Allocation | None, draws: Any, *,
                      stride: int = DRAW_STRIDE) -> RegionalEnsemble:
    """The scenario by region against every ``stride``-th of ``draws`` (:class:`simulator.uncertainty.Draws`)
    in one batched call shaped ``(draws, regions, months)``; weighted P10/P50/P90 per region and of the
    national sum (each draw's sum over regions)."""
    from simulator.uncertainty import weighted_quantiles

    allocation = allocation or Allocation()
    chosen = slice(0, None, max(1, int(stride)))
    parameters = draws.subset(chosen) if stride > 1 else draws.parameters
    # Only the count: the engine's lean variant, which leaves out every other series' arithmetic.
    trajectory = simulate_regions(parameters, [scenario], [allocation], fields=("n_adopters",))
    O = trajectory.n_adopters[0]  # (draws, regions, months)
    w = draws.weights[chosen]
    fan = weighted_quantiles(O, w, QUANTILES)  # (quantiles, regions, months)
    national_fan = weighted_quantiles(O.sum(axis=1), w, QUANTILES)
    deadline = scenario.month_index("deadline")
    return RegionalEnsemble(scenario=scenario, allocation=allocation, fan=fan, national_fan=national_fan,
                            at_deadline=fan[:, :, deadline], draws=int(O.shape[0]))


def regions_summary(run: RegionalRun, ensemble: RegionalEnsemble | None = None) -> list[dict[str, Any]]:
    """The command line's ``regions``: one object per region, JSON-ready (counts in UMKM, shares as fractions)."""
    out = []
    for i, row in enumerate(run.table.to_dict("records")):
        entry: dict[str, Any] = {
            "region": row["region"], "n_umkm": row["n_umkm"], "adopters_at_deadline": row["adopters_at_deadline"],
            "online_share_now": row["online_share_now"], "online_share_at_deadline": row["online_share_at_deadline"],
            "gap_to_national": row["gap_to_national"],
            "baseline_adopters_at_deadline": row["baseline_adopters_at_deadline"],
            "allocation": {allocation_key(k): v[i] for k, v in run.allocation.shares.items()},
            "levers": {lever.key: {"adopters_added": row[f"{lever.key}_added"],
                                   "extra_cost_idr": row[f"{lever.key}_extra_cost_idr"],
                                   "cost_per_added_idr": row[f"{lever.key}_cost_per_added_idr"]}
                       for lever in LEVERS}}
        if ensemble is not None:
            for j, q in enumerate(QUANTILES):
                entry[f"adopters_at_deadline_p{round(q * 100)}"] = float(ensemble.at_deadline[j, i])
        out.append(entry)
    return out
