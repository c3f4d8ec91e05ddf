"""Hypothesis strategy: small Turing machines in bbchallenge notation (lag and ARM tests)."""

from hypothesis import strategies as st

BUSY_BEAVERS = {  # champion, steps, ones
    "BB(2)": ("1RB1LB_1LA1RZ", 6, 4),
    "BB(3)": ("1RB1RZ_1LB0RC_1LC1LA", 21, 5),
    "BB(4)": ("1RB1LB_1LA0LC_1RZ1LD_1RD0RA", 107, 13),
}


@st.composite
def small_tms(draw, max_states=3, max_symbols=3):
    """A random machine: some transitions halt (Z), some are undefined (---)."""
    states = draw(st.integers(1, max_states))
    symbols = draw(st.integers(2, max_symbols))
    letters = [chr(ord("A") + q) for q in range(states)] + ["Z"]
    groups = []
    for _ in range(states):
        group = ""
        for _ in range(symbols):
            if draw(st.integers(0, 9)) == 0:
                group += "---"
            else:
                group += (str(draw(st.integers(0, symbols - 1))) + draw(st.sampled_from("LR"))
                          + draw(st.sampled_from(letters)))
        groups.append(group)
    return "_".join(groups)
