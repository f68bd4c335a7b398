r"""How a reported count relates to the modelled one: source offsets and an estimated error size.

A fitted row ``i`` (``use`` true) of definition ``d`` reports the modelled onboarded count :math:`O(t_i)` with a
multiplicative error,

.. math::

    \ln y_i = \ln O(t_i) + \beta_d + \varepsilon_i, \qquad \varepsilon_i \sim N(0, \sigma^2),

where :math:`\beta_d` is the source offset of its definition (0 for the ministries' count, the target's quantity;
the registry's ``platform_offset`` for platform tallies, idEA's counts running a few per cent above the
ministries') and :math:`\sigma` is *estimated*, not fixed: with an inverse-gamma prior
:math:`\sigma^2 \sim IG(a, b)` (:data:`SIGMA_PRIOR`) it integrates out in closed form, so a draw's likelihood is

.. math::

    L(\theta) \propto \Bigl(b + \tfrac12 S(\theta)\Bigr)^{-(a + n/2)}, \qquad
    S(\theta) = \sum_i \bigl(\ln y_i - \ln O(t_i) - \beta_{d_i}\bigr)^2,

a Student-t in the residuals: a draw that misses one count badly loses less than under a fixed sigma, which is
what counts that conflict with each other need. The error size each draw implies, used for predictive bands, is
the posterior mean of :math:`\sigma^2`, :math:`(b + S/2) / (a + n/2 - 1)`. Dates are those of the file (the day
a count refers to, mid-month where only the month is known).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

SIGMA_PRIOR = (3.0, 3.0 * 0.03 ** 2)
"""Shape ``a`` and scale ``b`` of the inverse-gamma prior of sigma^2: prior mode of sigma sqrt(2b / (2a + 1)),
about 2.8%, mean of sigma^2 (3.7%)^2. Assumption: counts are rounded to 0.1-0.5 million (1-4% of 10-20 million)
and tallied from several platforms, and two counts a month apart differ by up to 4% (17.59 and 18.0 million,
March and February 2022)."""

PRIOR_SIGMA = (SIGMA_PRIOR[1] / (SIGMA_PRIOR[0] - 1.0)) ** 0.5
"""The prior's root-mean sigma [log scale] (3.7%): the error size before any count is seen."""

OFFSETS: Mapping[str, str | None] = {"ministry_count": None, "platform_data": "platform_offset"}
"""Definitions that are fitted and the registry parameter holding their log offset (None: no offset)."""


def offsets(parameters: object, definitions: np.ndarray) -> np.ndarray:
    """Log offset of each row, shaped ``(*batch, rows)`` (``parameters`` a ModelParameters or draws of it)."""
    definitions = np.asarray(definitions)
    columns = []
    for definition in definitions:
        if definition not in OFFSETS:
            raise ValueError(f"observation model: definition {str(definition)!r} is not fitted; fitted are "
                             f"{', '.join(OFFSETS)}")
        name = OFFSETS[definition]
        columns.append(np.asarray(getattr(parameters, name), dtype=float) if name else np.zeros(()))
    if not columns:
        return np.zeros((0,))
    shape = np.broadcast_shapes(*(c.shape for c in columns))
    return np.stack([np.broadcast_to(c, shape) for c in columns], axis=-1)


def residuals(predicted: np.ndarray, observed: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Log residuals ``ln y - ln O - beta`` shaped like ``predicted`` (``(*batch, rows)``)."""
    return np.log(np.asarray(observed, dtype=float)) - np.log(np.maximum(predicted, 1.0)) - offset


def log_likelihood(resid: np.ndarray) -> np.ndarray:
    """Log marginal likelihood (sigma integrated out, up to a constant) of log residuals ``(*batch, rows)``."""
    a, b = SIGMA_PRIOR
    n = resid.shape[-1]
    return -(a + 0.5 * n) * np.log(b + 0.5 * np.sum(resid ** 2, axis=-1))


def sigma(resid: np.ndarray) -> np.ndarray:
    """Error size [log scale] each draw implies: the posterior mean of sigma^2, square-rooted, ``(*batch,)``."""
    a, b = SIGMA_PRIOR
    n = resid.shape[-1]
    return np.sqrt((b + 0.5 * np.sum(resid ** 2, axis=-1)) / (a + 0.5 * n - 1.0))


def fitted(observations: pd.DataFrame) -> pd.DataFrame:
    """The rows a fit uses: ``use`` true (the loader refuses fitted rows of other definitions)."""
    rows = observations[observations["use"].to_numpy(bool)]
    if "definition" not in rows.columns:
        rows = rows.assign(definition="ministry_count")
    return rows
