"""The paper's claims as data: machine, family, resource, a bound in n, and where it is stated.

A :class:`Claim` says what is claimed, never how it is shown: the measurement lives in
``proofs/measurements``. Each claim carries the constant its construction or theorem
guarantees, with the source, stated before anything is measured. Beside the claims are
**negative controls** (ids starting ``NEG-``): claims that are false on purpose, each
naming the reason it must fail by, so the checker shows it can say "fails" for the right
reason. Other modules add claims with :func:`register`.

Examples
--------
>>> claim = get_claim("E-parity-apmdm-steps")
>>> claim.machine, claim.resource, str(claim.bound_expr()), claim.direction, claim.constant
('AP-MDM', 'steps', '2*n', 'upper', 1)
>>> control = get_claim("NEG-cheating-policy")
>>> control.expect, control.fails_because
('fails', 'hidden state')
"""

from dataclasses import dataclass

from theory.errors import ClaimInputError
from theory.registry import Registry

__all__ = ["Claim", "CLAIMS", "CLAIM_REGISTRY", "FAILURE_KINDS", "PAPER_CLAIMS", "register",
           "unregister", "all_claims", "claim_ids", "get_claim", "select_claims"]


FAILURE_KINDS = ("bound", "growth", "wrong answer", "hidden state", "law", "coverage")
"""Why a verdict is "fails": a size past ``c·bound`` or a run past its room (``bound``),
the fitted slope past the bound's (``growth``), an answer the reference refutes, a
policy caught keeping hidden state, a machine law broken (Σ L² > S³), a sampler's
support below the language (``coverage``). A control names the one it must show."""


@dataclass(frozen=True)
class Claim:
    """One checkable statement, with the constant it promises stated before measuring.

    Attributes
    ----------
    id : str
        ``T1`` … ``T6``, ``E-…``, ``U-lag``, or a sub-id such as ``T1-prefix-sums-steps``;
        negative controls start with ``NEG-``.
    statement : str
        The claim in words.
    machine, family, resource : str
        Which machine, on which task family, measured by which resource (steps,
        context, serial_cost, support, ...).
    bound : str
        The bound as a sympy expression in ``variable``; the claim is
        "resource ≤ constant · bound" for ``upper``, "≥" for ``lower``.
    direction : str
        ``"upper"`` or ``"lower"``.
    source : str
        Section of the paper (PAPER.md numbering) or the literature.
    variable : str
        The size the bound is in (``n``, ``S`` a context, ``T`` a PRAM's time, ``W`` the
        tokens an MDM wrote).
    expect : str
        ``"holds"`` for a claim, ``"fails"`` for a negative control.
    constant : float or None
        The constant the construction or theorem guarantees, stated here before any
        measurement; None when only an asymptotic statement exists (the checker then
        calibrates it on a separate, smaller run).
    constant_source : str
        Where the constant comes from (a construction's docstring, a theorem).
    law : bool
        The bound holds by a machine law for every run (Theorem 2's Σ L² ≤ S³): the
        verdict says ``holds (law)`` so no one reads it as an experiment.
    fails_because : str or None
        For a control: the :data:`FAILURE_KINDS` entry it must fail by.
    tolerance : float
        How far the fitted log-log slope of value / bound may exceed 0 (an upper bound)
        or fall below it (a lower bound).
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
    constant: float | None = None
    constant_source: str = ""
    law: bool = False
    fails_because: str | None = None
    tolerance: float = 0.25

    def __post_init__(self):
        assert self.direction in ("upper", "lower"), self.direction
        assert (self.expect == "fails") == self.is_control, self.id
        assert (self.fails_because in FAILURE_KINDS) == self.is_control, self.id
        assert (self.constant is None) == (not self.constant_source), self.id

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
_CEIL_LOG = "ceiling(log(n, 2))"
_T1 = "pram_to_mdm: one MDM step per PRAM step (bound steps = T)"
_T4 = "pram_to_apmdm: bound steps = 2T + 1, context = 8·(S + 1)"
_PARITY = "proofs/oracles/parity.py processes"


def _control(id, statement, machine, family, resource, bound, direction, because, **more):
    return Claim(id, statement, machine, family, resource, bound, direction,
                 "negative control", expect="fails", fails_because=because, **more)


CLAIMS = (
    # Theorem 1: PRAM(P, T) ⊆ MDM(O(P·T) context, O(T) steps).
    Claim("T1", "An MDM simulates a PRAM program of P processors and T parallel steps in O(T) "
          "decoding steps with O(P·T) context (pointer jumping, T from the PRAM run)", "MDM",
          "PRAM programs", "steps", "T", "upper", "Theorem 1 (PAPER.md §2)", variable="T",
          constant=1, constant_source=_T1),
    Claim("T1-prefix-sums-steps", "Theorem 1's MDM computes prefix sums (Hillis–Steele, "
          "T = ⌈log₂ n⌉) in O(log n) decoding steps", "MDM", "prefix sums", "steps", _CEIL_LOG,
          "upper", "Theorem 1 (PAPER.md §2)", constant=1,
          constant_source=_T1 + "; Hillis–Steele has T = ⌈log₂ n⌉"),
    Claim("T1-prefix-sums-context", "Theorem 1's MDM for prefix sums holds O(P·T) = "
          "O(n log n) tokens", "MDM", "prefix sums", "context",
          f"4*n + 6*(n - 1)*{_CEIL_LOG}", "upper", "Theorem 1 (PAPER.md §2)", constant=1,
          constant_source="pram_to_mdm: context ≤ 4·S + 6·P·T; here S = n, P = n − 1, "
          "T = ⌈log₂ n⌉"),
    Claim("T1-list-ranking-steps", "Theorem 1's MDM ranks a linked list (pointer jumping) "
          "in O(log n) decoding steps", "MDM", "list ranking", "steps", f"2*{_CEIL_LOG} + 1",
          "upper", "Theorem 1 (PAPER.md §2)", constant=1,
          constant_source=_T1 + "; pointer jumping has T = 2⌈log₂ n⌉ + 1"),
    Claim("T1-parity-steps", "Theorem 1's MDM computes parity (tree of XORs) in O(log n) "
          "decoding steps", "MDM", "parity", "steps", _CEIL_LOG, "upper",
          "Theorem 1 (PAPER.md §2)", constant=1,
          constant_source=_PARITY + ": the XOR tree has ⌈log₂ n⌉ levels, one step each"),
    Claim("T1-connectivity-steps", "Theorem 1's MDM decides graph connectivity in O(log² n) "
          "decoding steps; measured on the package's O(log n)-round PRAM program, whose T "
          "= 19·R + ⌈log₂ n⌉ + 2 with R = ⌈log_{3/2} n⌉ + 1 rounds, one MDM step each",
          "MDM", "connectivity", "steps", f"19*(ceiling(log(n, 3/2)) + 1) + {_CEIL_LOG} + 2",
          "upper", "Theorem 1, consequences (PAPER.md §2)", constant=1,
          constant_source=_T1 + "; T from simulators/pram/programs/connectivity.py "
          "(19 steps per round on a graph with edges, ⌈log₂ n⌉ + 1 shortcuts, 1 start)"),
    # Theorem 2: MDM(S) ⊆ PRAM(1, Õ(S³)).
    Claim("T2", "An MDM run with context S costs a serial machine Σ_t L_t² ≤ S³ (a law: at "
          "most S steps of length S); measured here on Theorem 1's list-ranking MDM",
          "MDM", "every MDM run", "serial_cost", "S**3", "upper", "Theorem 2 (PAPER.md §2)",
          variable="S", constant=1, constant_source="Theorem 2: steps ≤ S, each L_t = S",
          law=True),
    Claim("T2-parity", "The parity MDM's serial cost Σ_t L_t² is at most S³ at context S",
          "MDM", "parity", "serial_cost", "S**3", "upper", "Theorem 2 (PAPER.md §2)",
          variable="S", constant=1, constant_source="Theorem 2: steps ≤ S, each L_t = S",
          law=True),
    Claim("T2-prefix-sums", "Theorem 1's prefix-sums MDM has serial cost Σ_t L_t² ≤ S³ at "
          "context S", "MDM", "prefix sums", "serial_cost", "S**3", "upper",
          "Theorem 2 (PAPER.md §2)", variable="S", constant=1,
          constant_source="Theorem 2: steps ≤ S, each L_t = S", law=True),
    Claim("T2-mdm-counter-steps", "The longest MDM run the package builds at context S (a "
          "counter writing one cell per step) takes at most S steps: the contrast with "
          "T4-counter-steps' 2·(2^S − 1) at the same S", "MDM", "binary counter", "steps",
          "S", "upper", "Theorem 2 (PAPER.md §2)", variable="S", constant=1,
          constant_source="Theorem 2: an MDM step unmasks at least one of S cells",
          law=True),
    # Theorem 3: any order adds nothing once tokens per step are controlled.
    Claim("T3", "A left-to-right one-token-per-step Masked-ARM reproduces an any-order MDM "
          "(Theorem 1's prefix sums) in O(W) steps, W the tokens the MDM wrote",
          "Masked-ARM", "MDM runs", "steps", "W", "upper", "Theorem 3 (PAPER.md §2)",
          variable="W", constant=3,
          constant_source="mdm_to_masked_arm: a log entry of 3 tokens per token written"),
    Claim("T3-parity", "The Masked-ARM replaying the parity MDM's edit log reaches the same "
          "canvas in O(W) steps, W the tokens the MDM wrote", "Masked-ARM", "parity", "steps",
          "W", "upper", "Theorem 3 (PAPER.md §2)", variable="W", constant=3,
          constant_source="mdm_to_masked_arm: a log entry of 3 tokens per token written"),
    # Theorem 4: PRAM(S memory, T time) ⊆ AP-MDM(O(S) context, O(T) steps); PSPACE.
    Claim("T4", "An AP-MDM simulates a PRAM using S memory and T time in O(T) steps with O(S) "
          "context (pointer jumping, S the PRAM's memory cells)", "AP-MDM", "PRAM programs",
          "context", "8*(S + 1)", "upper", "Theorem 4 (PAPER.md §2)", variable="S",
          constant=1, constant_source=_T4),
    Claim("T4-prefix-sums-context", "Theorem 4's AP-MDM computes prefix sums in O(S) = O(n) "
          "context", "AP-MDM", "prefix sums", "context", "8*(n + 1)", "upper",
          "Theorem 4 (PAPER.md §2)", constant=1, constant_source=_T4 + "; S = n"),
    Claim("T4-prefix-sums-steps", "Theorem 4's AP-MDM computes prefix sums in O(T) = "
          "O(log n) steps", "AP-MDM", "prefix sums", "steps", f"2*{_CEIL_LOG} + 1", "upper",
          "Theorem 4 (PAPER.md §2)", constant=1, constant_source=_T4 + "; T = ⌈log₂ n⌉"),
    Claim("T4-counter-steps", "With remask an AP-MDM at context S runs 2·(2^S − 1) steps (a "
          "binary counter, S the measured peak context): serial time exponential in the "
          "context, beyond Theorem 2's MDM", "AP-MDM", "binary counter", "steps",
          "2*(2**S - 1)", "lower", "Theorem 4, PSPACE corollary (PAPER.md §2)", variable="S",
          constant=1, constant_source="mdm_budget.counter: 2^S − 1 increments, 2 steps "
          "each (remask, unmask)"),
    Claim("T4-tqbf-context", "With polynomial context an AP-MDM decides PSPACE: it decides "
          "random QBFs on n variables (answers equal brute-force evaluation) holding at most "
          "one search frame of 2n + 1 cells beyond the formula", "AP-MDM", "TQBF",
          "context beyond the formula", "2*n + 1", "upper",
          "Theorem 4, PSPACE corollary (PAPER.md §2)", constant=1,
          constant_source="proofs/oracles/qbf_search.py frame_size: a value and a tried "
          "cell per variable, and the result cell"),
    # Theorem 5: two-sided Dyck-k.
    Claim("T5", "A stochastic AP-MDM generates exactly the two-sided Dyck-k language (k = 2): "
          "its outputs at each length cover every word and hold no non-word", "AP-MDM",
          "two-sided Dyck-k", "support", "1", "lower", "Theorem 5 (PAPER.md §2)", constant=1,
          constant_source="Theorem 5: support = the language (coverage 1)"),
    # Theorem 6: PRESERVE.
    Claim("T6", "Edit tracking, as one construction shows it (not a lower bound over every "
          "ARM): the package's ARM that imitates AP-MDM edits by logging them needs context "
          "beyond the prompt growing at least linearly with the edits", "ARM",
          "edit sequences", "context", "n", "lower", "Theorem 6 (PAPER.md §2), narrowed",
          constant=2, constant_source="proofs/oracles/edits.py: the ARM appends two log "
          "entries (each at least one token) per edit, and n edits"),
    Claim("T6-apmdm-context", "The AP-MDM edits in place: its context beyond the prompt stays "
          "at most one mask in flight", "AP-MDM", "edit sequences", "context", "1", "upper",
          "Theorem 6 (PAPER.md §2)", constant=1,
          constant_source="proofs/oracles/edits.py: the prompt plus one mask in flight"),
    # Experiments.
    Claim("E-sudoku", "AP-MDM solves n²×n² Sudoku by the official MRV backtracking process "
          "(remask/unmask only): its transitions equal the package's independent reference "
          "of the official solver (value: AP-MDM transitions / reference transitions), at "
          "4 tokens per cell", "AP-MDM", "sudoku", "transitions", "1", "upper",
          "Experiment §3.1 (PAPER.md)", constant=1,
          constant_source="theory/official_sudoku.py: the official solver's rules, written "
          "apart from the oracle; equal operation counts are checked too"),
    Claim("E-parity", "AP-MDM decides parity by elimination with context n+1 and at most 2n "
          "steps; MDM needs ⌈log₂ n⌉ steps, ARM n+1", "AP-MDM", "parity", "steps", "2*n",
          "upper", "Experiment §3.2 (PAPER.md)", constant=1,
          constant_source=_PARITY + ": elimination, at most 2 steps per bit"),
    Claim("E-parity-apmdm-steps", "AP-MDM parity elimination takes at most 2n steps",
          "AP-MDM", "parity", "steps", "2*n", "upper", "Experiment §3.2 (PAPER.md)",
          constant=1, constant_source=_PARITY + ": elimination, at most 2 steps per bit"),
    Claim("E-parity-apmdm-context", "AP-MDM parity elimination never holds more than n+1 "
          "tokens", "AP-MDM", "parity", "context", "n + 1", "upper",
          "Experiment §3.2 (PAPER.md)", constant=1,
          constant_source=_PARITY + ": the prompt (n bits and the answer cell), edited in place"),
    Claim("E-parity-mdm-steps", "The MDM XOR tree decides parity in ⌈log₂ n⌉ steps", "MDM",
          "parity", "steps", _CEIL_LOG, "upper", "Experiment §3.2; Theorem 1",
          constant=1, constant_source=_PARITY + ": one step per tree level"),
    Claim("E-parity-arm-steps", "The ARM writes n prefix parities and stops: n+1 steps",
          "ARM", "parity", "steps", "n + 1", "upper", "Experiment §3.2 (PAPER.md)",
          constant=1, constant_source=_PARITY + ": one token per step, n + 1 tokens"),
    Claim("E-maxflow", "AP-MDM edits a flow network (6 tokens per edge) into its min cut "
          "by the official Edmonds–Karp process, a BFS layer per two steps (remask, unmask): "
          "steps ≤ 2n(F + 1) + 6 for n nodes and max-flow F "
          "(value: steps over that guarantee, worst of 5 graphs)", "AP-MDM", "max-flow",
          "steps", "1", "upper", "Experiment §3.3 (PAPER.md)", constant=1,
          constant_source="proofs/oracles/maxflow.py steps_bound: 3 + 2 per BFS layer "
          "(F + 1 searches of ≤ n − 1 layers) + 2 per augmentation + 5"),
    Claim("E-maxflow-bfs-rounds", "The max-flow AP-MDM takes exactly the steps its BFS rounds "
          "need: 2 per layer of each full breadth-first search, 2 per augmentation, 3 to "
          "start and 5 to cut (value: steps over that count, from an independent "
          "Edmonds–Karp, worst of 5 graphs)", "AP-MDM", "max-flow", "steps", "1", "upper",
          "Experiment §3.3 (PAPER.md)", constant=1,
          constant_source="proofs/measurements/experiments.py steps_needed, from "
          "proofs/oracles/maxflow.py's operations (one a step)"),
    # ARM universality, through lag systems.
    Claim("U-lag", "An ARM whose policy sees only the last W tokens (W the window a full-view "
          "run of the construction needs, then enforced on the measured run) simulates a Turing machine through a lag system; T machine "
          "steps cost O(T²) ARM steps (one pass over the tape per step)",
          "ARM", "Turing machines", "steps", "n**2 + 8*n + 16", "upper",
          "Schuurmans et al. 2024; Wang 1963 (PAPER.md §5)", constant=1,
          constant_source="tm_to_arm.run_tm_via_lag: N² + 8N + 16 ARM steps cover N TM steps"),
    # Negative controls: each must come out "fails", for the reason it names.
    _control("NEG-mdm-parity-constant-steps", "Control: the MDM XOR tree decides parity in "
             "a constant number of steps (false: it needs ⌈log₂ n⌉)", "MDM", "parity",
             "steps", "1", "upper", "bound"),
    _control("NEG-arm-parity-log-steps", "Control: an ARM decides parity in O(log n) steps "
             "(false: it writes one token per step; its fitted growth is n)", "ARM", "parity",
             "steps", _LOG, "upper", "growth"),
    _control("NEG-cheating-policy", "Control: an AP-MDM parity policy that keeps a hidden "
             "step counter meets the 2n step bound (the run must be refused as not stateless)",
             "AP-MDM", "parity", "steps", "2*n", "upper", "hidden state", constant=1,
             constant_source=_PARITY),
    _control("NEG-apmdm-counter-polynomial-steps", "Control: the AP-MDM counter at context S "
             "runs at most 2·S² steps (false: it runs 2·(2^S − 1))", "AP-MDM",
             "binary counter", "steps", "S**2", "upper", "bound", variable="S", constant=2,
             constant_source="the control's own statement"),
    _control("NEG-mdm-counter-beyond-law", "Control: an MDM at context S runs the AP-MDM "
             "counter's 2·(2^S − 1) steps (false: Theorem 2's law allows at most S)", "MDM",
             "binary counter", "steps", "2*(2**S - 1)", "lower", "bound", variable="S",
             constant=1, constant_source="the control's own statement"),
    _control("NEG-window-arm-dyck-full-support", "Control: some sound left-to-right sampler "
             "that sees a window of 2 letters covers all of two-sided Dyck-2 at each length "
             "(false: the exhaustive witness of dyck_window over every window-2 table says "
             "none can, from length 4)", "ARM", "two-sided Dyck-k", "support", "1", "lower",
             "coverage", constant=1, constant_source="the control's own statement"),
    _control("NEG-apmdm-maxflow-constant-steps", "Control: the max-flow AP-MDM needs at "
             "most 30 steps at any n (false: BFS layers and augmentations grow with n)",
             "AP-MDM", "max-flow", "steps", "1", "upper", "bound", constant=30,
             constant_source="the control's own statement"),
    _control("NEG-maxflow-one-layer-fewer", "Control: the max-flow AP-MDM finishes within "
             "the steps of its BFS rounds less one layer per augmentation (false: the count "
             "is exact, so the check sees a single extra round)", "AP-MDM", "max-flow",
             "steps", "1", "upper", "bound", constant=1,
             constant_source="the control's own statement"),
    _control("NEG-sudoku-first-empty-cell", "Control: a Sudoku policy that picks the first "
             "empty cell instead of the MRV cell follows the official solver (false: its "
             "transitions differ from the reference's)", "AP-MDM", "sudoku", "transitions",
             "1", "upper", "wrong answer", constant=1,
             constant_source="theory/official_sudoku.py"),
    _control("NEG-mdm-tqbf-one-frame", "Control: an MDM decides the same QBFs as "
             "T4-tqbf-context holding one search frame of 2n + 1 cells beyond the formula "
             "(false: a written token is never remasked, so the search writes a fresh frame "
             "per step and its used context grows with the steps)", "MDM", "TQBF",
             "context used beyond the formula", "2*n + 1", "upper", "bound", constant=1,
             constant_source="the control's own statement (T4-tqbf-context's bound)"),
    _control("NEG-ulag-window-short", "Control: U-lag's ARM still simulates the "
             "machine when its window is one token shorter than the construction's W (false: "
             "the run must stop on its window)", "ARM", "Turing machines", "steps",
             "n**2 + 8*n + 16", "upper", "wrong answer", constant=1,
             constant_source="tm_to_arm.run_tm_via_lag"),
)
"""Every registered claim and control, in the order the checker lists them."""

PAPER_CLAIMS = ("T1", "T2", "T3", "T4", "T5", "T6", "E-sudoku", "E-parity", "E-maxflow",
                "U-lag")
"""The top-level claims of the paper; each is in :data:`CLAIMS`."""

_BY_ID = {claim.id: claim for claim in CLAIMS}

CLAIM_REGISTRY = Registry("claim", _BY_ID, error=ClaimInputError,
                          known="see theory.claims.claim_ids()")
"""Every claim by id: :data:`CLAIMS`, then those added by :func:`register`."""
claim_ids = CLAIM_REGISTRY.names
get_claim = CLAIM_REGISTRY.get


def register(*claims):
    """Add claims defined in another module (a learned policy's, say) to the registry.

    They are listed after :data:`CLAIMS`, in the order registered; registering the same
    claim again is a no-op.

    Raises
    ------
    ClaimInputError
        If a different claim already has the id.
    """
    for claim in claims:
        if _BY_ID.get(claim.id, claim) != claim:
            raise ClaimInputError(f"claim id {claim.id!r} is already registered with a "
                                  "different statement; choose a new id")
        _BY_ID[claim.id] = claim


def unregister(claim_id):
    """Remove a claim added by :func:`register` (the built-in :data:`CLAIMS` stay).

    Raises
    ------
    ClaimInputError
        If ``claim_id`` is a built-in claim or not registered.
    """
    if claim_id in {claim.id for claim in CLAIMS} or claim_id not in _BY_ID:
        raise ClaimInputError(f"claim {claim_id!r} was not added by register(); only those "
                              "can be removed")
    del _BY_ID[claim_id]


def all_claims():
    """Return every registered claim: :data:`CLAIMS`, then those added by :func:`register`."""
    return list(_BY_ID.values())


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
        return all_claims()
    chosen = []
    for claim_id in ids:
        matches = [c for c in all_claims() if c.id == claim_id or c.id.startswith(claim_id + "-")]
        if not matches:
            get_claim(claim_id)  # raises with close matches
        chosen.extend(c for c in matches if c not in chosen)
    return chosen
