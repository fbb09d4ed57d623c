"""Media arithmetic, in Decimal only: line amounts and pro-rata splits that add up to the cent."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")


def line_amounts(spots, unit_rate, discount_pct):
    """(gross, net) of a plan line: spots × unit rate, less the discount, rounded half-up to the cent."""
    gross = (Decimal(spots) * unit_rate).quantize(CENT, ROUND_HALF_UP)
    net = (gross * (HUNDRED - discount_pct) / HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return gross, net


def split_pro_rata(total, weights, quantum):
    """Split `total` over `weights` in proportion, in steps of `quantum`, so the parts add up exactly.

    Largest remainder: every part gets its rounded-down share, then the leftover quanta go to the
    parts with the largest remainders (ties to the earliest). Used for spots (quantum 1) and money
    (quantum 0.01) across weeks and months, weighted by days of flight.
    """
    total, quantum = Decimal(total), Decimal(quantum)
    weights = [Decimal(w) for w in weights]
    weight_sum = sum(weights, Decimal(0))
    if not weights or weight_sum == 0:
        return [Decimal(0) * quantum for _ in weights]
    units = (total / quantum).to_integral_value()
    exact = [units * w / weight_sum for w in weights]
    floors = [e.to_integral_value(rounding="ROUND_FLOOR") for e in exact]
    leftover = int(units - sum(floors, Decimal(0)))
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [f * quantum for f in floors]
