"""The full-scale invasion (24.02.2022) in the demo: the break in registered offences and calls, and
the displaced people some hromadas took in.

What the demo imitates (the direction and rough size of what Ukrainian police statistics showed in
2022, not any published figure): registration collapsed in March–April 2022 (police busy with
checkpoints and curfew, people sheltering or leaving), then recovered within months to a changed mix:
fewer road-traffic and drug cases (curfew, fuel shortage, police priorities), more fraud (aid and
sale scams) and more «other» (martial-law offences). Calls to 102 jumped in March with reports of
suspicious people. Internally displaced people (ВПО) arrived from March 2022, most in the towns of
IDP_HOSTS; their counts grow with them while the reference population (a pre-war estimate) does
not, so their rates per 10,000 look higher: the demo's caveat names them (locale key notice.demo_war).
"""

from __future__ import annotations

import numpy as np

from dashboard.demo.timeline import FULL_SCALE_WAR

# March 2022 in months since January 1970 (timeline.month_index): the first whole month of war.
WAR_MONTH = (FULL_SCALE_WAR.year - 1970) * 12 + FULL_SCALE_WAR.month
DAYS_OF_WAR_IN_FEBRUARY = 5 / 28
RECOVERY_MONTHS = 2.5  # e-folding time from the March shock to the lasting level

# category: (change in March 2022, lasting change after the recovery), relative to the pre-war level
OFFENCE_BREAK = {
    "theft": (-0.50, -0.08),
    "burglary": (-0.40, -0.05),
    "fraud": (-0.45, 0.25),
    "domestic_violence": (-0.45, 0.0),
    "assault": (-0.45, -0.10),
    "road_traffic": (-0.65, -0.20),
    "drugs": (-0.60, -0.25),
    "vandalism": (-0.40, -0.10),
    "other": (-0.05, 0.15),
}
CALL_BREAK = {
    "domestic": (-0.20, 0.0),
    "theft": (-0.25, -0.05),
    "road": (-0.40, -0.15),
    "public_order": (0.60, 0.10),
    "other": (0.30, 0.05),
}

# Hromadas that took in many displaced people: KATOTTG → lasting extra residents as a share of the
# reference population. The towns of the oblast, where housing and work were (roughly the pattern of
# the IDP registers; the shares are the demo's own).
IDP_HOSTS = {
    "UA35040210000014072": 0.09,  # Кропивницька
    "UA35080050000038829": 0.07,  # Олександрійська
    "UA35080170000077673": 0.08,  # Світловодська
    "UA35040130000021732": 0.05,  # Знам’янська
}
IDP_PEAK_OVER_LASTING = 1.5  # spring–summer 2022: more arrived than stayed
IDP_SETTLING_MONTHS = 9.0  # from the peak (June 2022) down to the lasting level


def break_factor(months: np.ndarray, change: tuple[float, float]) -> np.ndarray:
    """Multiplier per month (months since 1970): 1 before the war, the shock in March 2022, then
    an exponential return to the lasting level; February 2022 gets its last five days' share."""
    shock, lasting = change
    since = np.asarray(months) - WAR_MONTH
    after = 1 + lasting + (shock - lasting) * np.exp(-np.maximum(since, 0) / RECOVERY_MONTHS)
    return np.where(since >= 0, after, np.where(since == -1, 1 + shock * DAYS_OF_WAR_IN_FEBRUARY, 1.0))


def break_factors(months: np.ndarray, categories: tuple[str, ...], table: dict) -> np.ndarray:
    """(months, categories) multipliers from OFFENCE_BREAK or CALL_BREAK."""
    return np.stack([break_factor(months, table[c]) for c in categories], axis=1)


def displaced_factor(months: np.ndarray, katottg: str) -> np.ndarray:
    """Residents present ÷ reference population per month: 1, or more in an IDP host from March 2022."""
    lasting = IDP_HOSTS.get(katottg[:2] + "35" + katottg[4:], 0.0)  # national replicas: same hromada
    since = np.asarray(months) - WAR_MONTH
    arriving = np.clip((since + 1) / 3, 0.0, 1.0)  # March–May 2022
    settling = np.exp(-np.maximum(since - 3, 0) / IDP_SETTLING_MONTHS)
    share = lasting * arriving * (1 + (IDP_PEAK_OVER_LASTING - 1) * settling)
    return 1.0 + np.where(since >= 0, share, 0.0)
