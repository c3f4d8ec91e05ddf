"""The paper's claims as data: machine, family, resource, a bound in n, and where it is stated.

A :class:`Claim` says what is claimed, never how it is shown: the measurement lives in
``proofs/checks``. Every claim of the paper is registered here, including those whose
measurement has not landed yet (the checker lists them as not measured), and beside
them **negative controls** (ids starting ``NEG-``): claims that are false on purpose, so
the checker shows it can say "fails".

Examples
--------
>>> claim = get_claim("E-parity-apmdm-steps")
>>> claim.machine, claim.resource, str(claim.bound_expr()), claim.direction
('AP-MDM', 'steps', '2*n', 'upper')
>>> get_claim("NEG-cheating-policy").expect
'fails'
"""

from dataclasses import dataclass

from theory.errors import ClaimInputError
from theory.registry import lookup

__all__ = ["Claim", "CLAIMS", "PAPER_CLAIMS", "claim_ids", "get_claim", "select_claims"]


@dataclass(frozen=True)
class Claim:
    """One checkable statement.

    Attributes
    ----------
    id : str
        ``T1`` … ``T6``, ``E-…``, ``U-lag``, or a sub-id such as ``T1-prefix-sums-steps``;
        negative controls start with ``NEG-``.
    statement : str
        The claim in words.
    machine, family, resource : str
        Which machine, on which task family, measured by which resource (steps,
        context, serial_cost, support, lookback, ...).
    bound : str
        The bound as a sympy expression in ``variable`` (constants are the checker's:
        the claim is "resource ≤ c · bound" for ``upper``, "≥" for ``lower``).
    direction : str
        ``"upper"`` or ``"lower"``.
    source : str
        Section of the paper (PAPER.md numbering) or the literature.
    variable : str
        The size the bound is in (``n``, or ``S`` for a context length).
    expect : str
        ``"holds"`` for a claim, ``"fails"`` for a negative control.
    exact : bool
        The bound's constant is stated (``c = 1``: "at most 2n steps"), not left to the
        checker's calibration on the smallest sizes.
    """

    id: str
    statement: str
    machine: str
    family: str
    resource: str
    bound: str
    direction: str
    source: str
    variable: str = "n"
    expect: str = "holds"
    exact: bool = False

    @property
    def is_control(self):
        """True for a negative control (a claim that must come out "fails")."""
        return self.id.startswith("NEG-")

    def bound_expr(self):
        """Return the bound as a sympy expression in the symbol ``variable`` (positive)."""
        import sympy
        symbol = sympy.Symbol(self.variable, positive=True)
        return sympy.sympify(self.bound, locals={self.variable: symbol})


_LOG = "log(n, 2)"

CLAIMS = (
    # Theorem 1: PRAM(P, T) ⊆ MDM(O(P·T) context, O(T) steps).
    Claim("T1", "An MDM simulates a PRAM program of P processors and T parallel steps in O(T) "
       "decoding steps with O(P·T) context", "MDM", "PRAM programs", "steps", "T",
       "upper", "Theorem 1 (PAPER.md §2)", variable="T"),
    Claim("T1-prefix-sums-steps", "Theorem 1's MDM computes prefix sums (Hillis–Steele, "
       "T = log n) in O(log n) decoding steps", "MDM", "prefix sums", "steps", _LOG, "upper",
       "Theorem 1 (PAPER.md §2)"),
    Claim("T1-prefix-sums-context", "Theorem 1's MDM for prefix sums holds O(P·T) = "
       "O(n log n) tokens", "MDM", "prefix sums", "context", f"n*{_LOG}", "upper",
       "Theorem 1 (PAPER.md §2)"),
    Claim("T1-list-ranking-steps", "Theorem 1's MDM ranks a linked list (pointer jumping) "
       "in O(log n) decoding steps", "MDM", "list ranking", "steps", _LOG, "upper",
       "Theorem 1 (PAPER.md §2)"),
    Claim("T1-parity-steps", "Theorem 1's MDM computes parity (tree of XORs) in O(log n) "
       "decoding steps", "MDM", "parity", "steps", _LOG, "upper", "Theorem 1 (PAPER.md §2)"),
    Claim("T1-connectivity-steps", "Theorem 1's MDM decides graph connectivity in O(log² n) "
       "decoding steps", "MDM", "connectivity", "steps", f"{_LOG}**2", "upper",
       "Theorem 1, consequences (PAPER.md §2)"),
    # Theorem 2: MDM(S) ⊆ PRAM(1, Õ(S³)).
    Claim("T2", "An MDM run with context S costs a serial machine Σ_t L_t² ≤ S³", "MDM",
       "every MDM run", "serial_cost", "S**3", "upper", "Theorem 2 (PAPER.md §2)",
       variable="S", exact=True),
    Claim("T2-parity", "The parity MDM's serial cost Σ_t L_t² is at most S³ at context S",
       "MDM", "parity", "serial_cost", "S**3", "upper", "Theorem 2 (PAPER.md §2)",
       variable="S", exact=True),
    Claim("T2-prefix-sums", "Theorem 1's prefix-sums MDM has serial cost Σ_t L_t² ≤ S³ at "
       "context S", "MDM", "prefix sums", "serial_cost", "S**3", "upper",
       "Theorem 2 (PAPER.md §2)", variable="S", exact=True),
    # Theorem 3: any order adds nothing once tokens per step are controlled.
    Claim("T3", "A left-to-right one-token-per-step Masked-ARM reproduces an any-order MDM "
          "in O(W) steps, W the tokens the MDM wrote", "Masked-ARM", "MDM runs", "steps", "W",
          "upper", "Theorem 3 (PAPER.md §2)", variable="W"),
    Claim("T3-parity", "The Masked-ARM replaying the parity MDM's edit log reaches the same "
          "canvas in O(W) steps, W the tokens the MDM wrote", "Masked-ARM", "parity", "steps",
          "W", "upper", "Theorem 3 (PAPER.md §2)", variable="W"),
    # Theorem 4: PRAM(S memory, T time) ⊆ AP-MDM(O(S) context, O(T) steps); PSPACE.
    Claim("T4", "An AP-MDM simulates a PRAM using S memory and T time in O(T) steps with O(S) "
       "context; with polynomial context it decides PSPACE", "AP-MDM", "PRAM programs",
       "context", "S", "upper", "Theorem 4 (PAPER.md §2)", variable="S"),
    Claim("T4-prefix-sums-context", "Theorem 4's AP-MDM computes prefix sums in O(S) = O(n) "
       "context", "AP-MDM", "prefix sums", "context", "n", "upper", "Theorem 4 (PAPER.md §2)"),
    Claim("T4-prefix-sums-steps", "Theorem 4's AP-MDM computes prefix sums in O(T) = "
       "O(log n) steps", "AP-MDM", "prefix sums", "steps", _LOG, "upper",
       "Theorem 4 (PAPER.md §2)"),
    Claim("T4-counter-steps", "With remask an AP-MDM at context S runs 2^S steps (a binary "
       "counter): serial time exponential in the context, beyond Theorem 2's MDM",
       "AP-MDM", "binary counter", "steps", "2**S", "lower",
       "Theorem 4, PSPACE corollary (PAPER.md §2)", variable="S"),
    # Theorem 5: two-sided Dyck-k.
    Claim("T5", "A stochastic AP-MDM generates exactly the two-sided Dyck-k language (k = 2): "
          "its outputs at each length cover every word and hold no non-word", "AP-MDM",
          "two-sided Dyck-k", "support", "1", "lower", "Theorem 5 (PAPER.md §2)", exact=True),
    # Theorem 6: PRESERVE.
    Claim("T6", "An ARM imitating AP-MDM edits must log the edit history: its context beyond "
          "the prompt grows at least linearly with the edits", "ARM", "edit sequences",
          "context", "n", "lower", "Theorem 6 (PAPER.md §2)"),
    Claim("T6-apmdm-context", "The AP-MDM edits in place: its context beyond the prompt stays "
          "constant", "AP-MDM", "edit sequences", "context", "1", "upper",
          "Theorem 6 (PAPER.md §2)"),
    # Experiments.
    Claim("E-sudoku", "AP-MDM solves n²×n² Sudoku by MRV backtracking at constant context per "
       "cell (remask/unmask only)", "AP-MDM", "sudoku", "context", "n**4", "upper",
       "Experiment §3.1 (PAPER.md)"),
    Claim("E-parity", "AP-MDM decides parity by elimination with context n+1 and at most 2n "
       "steps; MDM needs ⌈log₂ n⌉ steps, ARM n+1", "AP-MDM", "parity", "steps", "2*n",
       "upper", "Experiment §3.2 (PAPER.md)", exact=True),
    Claim("E-parity-apmdm-steps", "AP-MDM parity elimination takes at most 2n steps",
       "AP-MDM", "parity", "steps", "2*n", "upper", "Experiment §3.2 (PAPER.md)", exact=True),
    Claim("E-parity-apmdm-context", "AP-MDM parity elimination never holds more than n+1 "
       "tokens", "AP-MDM", "parity", "context", "n + 1", "upper", "Experiment §3.2 (PAPER.md)", exact=True),
    Claim("E-parity-mdm-steps", "The MDM XOR tree decides parity in ⌈log₂ n⌉ steps", "MDM",
       "parity", "steps", "ceiling(log(n, 2))", "upper", "Experiment §3.2; Theorem 1", exact=True),
    Claim("E-parity-arm-steps", "The ARM writes n prefix parities and stops: n+1 steps",
       "ARM", "parity", "steps", "n + 1", "upper", "Experiment §3.2 (PAPER.md)", exact=True),
    Claim("E-maxflow", "AP-MDM edits a flow network (6 tokens per edge) into its min cut "
       "by the official Edmonds–Karp process, a BFS layer per two steps (remask, unmask): "
       "steps ≤ 2n(F + 1) + 6 for n nodes and max-flow F "
       "(value: steps over that guarantee, worst of 5 graphs)", "AP-MDM", "max-flow",
       "steps", "1", "upper", "Experiment §3.3 (PAPER.md)", exact=True),
    # ARM universality, through lag systems.
    Claim("U-lag", "An ARM with a sliding window simulates a Turing machine through a lag "
       "system; T machine steps cost O(T²) ARM steps (one pass over the tape per step)",
       "ARM", "Turing machines", "steps", "n**2", "upper",
       "Schuurmans et al. 2024; Wang 1963 (PAPER.md §5)"),
    # Negative controls: each must come out "fails".
    Claim("NEG-mdm-parity-constant-steps", "Control: the MDM XOR tree decides parity in a "
       "constant number of steps (false: it needs ⌈log₂ n⌉)", "MDM", "parity", "steps", "1",
       "upper", "negative control", expect="fails"),
    Claim("NEG-arm-parity-log-steps", "Control: an ARM decides parity in O(log n) steps "
       "(false: it writes one token per step)", "ARM", "parity", "steps", _LOG, "upper",
       "negative control", expect="fails"),
    Claim("NEG-cheating-policy", "Control: an AP-MDM parity policy that keeps a hidden step "
       "counter meets the 2n step bound (the run must be refused as not stateless)",
       "AP-MDM", "parity", "steps", "2*n", "upper", "negative control", expect="fails", exact=True),
    Claim("NEG-apmdm-counter-polynomial-steps", "Control: the AP-MDM counter at context S "
       "runs only S² steps (false: it runs 2^S)", "AP-MDM", "binary counter", "steps",
       "S**2", "upper", "negative control", variable="S", expect="fails"),
    Claim("NEG-window-arm-dyck-full-support", "Control: the most permissive ARM with a "
          "window of 2 letters covers all of two-sided Dyck-2 (false: Theorem 5 says a "
          "bounded ARM misses words)", "ARM", "two-sided Dyck-k", "support", "1", "lower",
          "negative control", expect="fails", exact=True),
    Claim("NEG-apmdm-maxflow-constant-steps", "Control: the max-flow AP-MDM needs a "
          "constant number of steps (false: BFS layers and augmentations grow with n)",
          "AP-MDM", "max-flow", "steps", "1", "upper", "negative control", expect="fails"),
    Claim("NEG-apmdm-sudoku-context-grows", "Control: the Sudoku AP-MDM's context per cell "
       "grows with the board order n (false: it is constant)", "AP-MDM", "sudoku", "context",
       "n", "lower",
       "negative control", expect="fails"),
)
"""Every registered claim and control, in the order the checker lists them."""

PAPER_CLAIMS = ("T1", "T2", "T3", "T4", "T5", "T6", "E-sudoku", "E-parity", "E-maxflow",
                "U-lag")
"""The top-level claims of the paper; each is in :data:`CLAIMS`."""

_BY_ID = {claim.id: claim for claim in CLAIMS}


def claim_ids():
    """Return every claim id, in registry order."""
    return [claim.id for claim in CLAIMS]


def get_claim(claim_id):
    """Return the :class:`Claim` with id ``claim_id``.

    Raises
    ------
    ClaimInputError
        For an unknown id; the message suggests close matches.

    Examples
    --------
    >>> get_claim("T2").variable
    'S'
    """
    return lookup(_BY_ID, claim_id, "claim", error=ClaimInputError,
                  known="see theory.claims.claim_ids()")


def select_claims(ids=None):
    """Return the claims named by ``ids`` (a name also selects its sub-ids), or all.

    ``T1`` selects ``T1`` and every ``T1-…``; ``NEG`` selects every control.

    Raises
    ------
    ClaimInputError
        If an id matches no claim.

    Examples
    --------
    >>> [claim.id for claim in select_claims(["T3"])]
    ['T3', 'T3-parity']
    """
    if not ids:
        return list(CLAIMS)
    chosen = []
    for claim_id in ids:
        matches = [c for c in CLAIMS if c.id == claim_id or c.id.startswith(claim_id + "-")]
        if not matches:
            get_claim(claim_id)  # raises with close matches
        chosen.extend(c for c in matches if c not in chosen)
    return chosen
