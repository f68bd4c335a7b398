"""The regional allocation in a shared link: one query parameter per lever placed away from its default.

``villages_regions=0,0,5,10,5,80`` gives the share of the lever (link name ``villages``, see
:class:`simulator.parameters.LeverSpec`) going to each region, in per cent, in the order of
:data:`simulator.regions.REGION_KEYS` (sumatera, jawa, bali_nusa_tenggara, kalimantan, sulawesi,
maluku_papua). A lever at its default allocation is not written. Reading never raises: a value that is not six
numbers, has a negative share or does not sum to 100 is ignored with a :class:`simulator.io.sharing.Notice`
(the lever keeps the allocation it had), and nothing is rescaled.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.io.sharing import MAX_VALUE_LENGTH, Notice, shown
from simulator.parameters import LEVERS
from simulator.regions import REGION_KEYS, Allocation, check_shares

PARAMETERS: dict[str, str] = {f"{lever.link_name}_regions": lever.key for lever in LEVERS}
"""Query parameter -> lever key."""
ALLOWED = f"6 shares in %, summing to 100, in the order {','.join(REGION_KEYS)}"


def _percent(value: float) -> str:
    text = f"{100.0 * value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def to_query(allocation: Allocation) -> dict[str, str]:
    """Query parameters for the levers not at their default allocation."""
    return {name: ",".join(_percent(v) for v in allocation.shares[key])
            for name, key in PARAMETERS.items() if not allocation.is_default(key)}


def from_query(params: Mapping[object, object], *, base: Allocation | None = None
               ) -> tuple[Allocation, tuple[Notice, ...]]:
    """The allocation a link carries (levers it does not name keep ``base``) and a notice per value not used."""
    base = base if isinstance(base, Allocation) else Allocation()
    shares = dict(base.shares)
    notices: list[Notice] = []
    if not isinstance(params, Mapping):
        return base, ()
    for name, key in PARAMETERS.items():
        if name not in params:
            continue
        value = params[name]
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
        text = value if isinstance(value, str) else ""
        try:
            if len(text) > MAX_VALUE_LENGTH:
                raise ValueError("too long")
            numbers = [float(part) / 100.0 for part in text.split(",")]
            shares[key] = check_shares(name, numbers)
        except (ValueError, OverflowError):
            notices.append(Notice(code="malformed", key=name, value=shown(text[:MAX_VALUE_LENGTH]), allowed=ALLOWED))
    try:
        return Allocation(shares=shares), tuple(notices)
    except ValueError:  # pragma: no cover - every share was checked above
        return base, tuple(notices)
