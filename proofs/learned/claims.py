"""Claims about learned models, measured: train (or load) a model, evaluate it, and give a verdict.

Each :class:`LearnedClaim` names a training run (a :class:`~proofs.learned.train.TrainConfig`,
the same ``genpower train`` makes) and a length-generalisation test: the claim holds
when the free-running accuracy is at least ``threshold`` at every evaluated size, and
fails otherwise; the verdict is measured, and a learned model need not generalise, so
"fails" is a finding, not a bug. :func:`check_learned` is what ``genpower check
--learned`` runs: it loads ``DIR/<claim>.pt`` (training it there when ``train`` is set
and it is missing); without torch every claim is inconclusive with the reason
:data:`~proofs.learned.loading.TORCH_MISSING`. :func:`measure_claim` judges any model,
which is how a planted fault is shown to turn a verdict to "fails".
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from proofs.learned.evaluate import evaluate
from proofs.learned.loading import TORCH_MISSING
from simulators.errors import InvalidArgumentError

__all__ = ["LearnedClaim", "LearnedVerdict", "LEARNED_CLAIMS", "measure_claim", "check_learned",
           "claim_by_id"]


@dataclass(frozen=True)
class LearnedClaim:
    """A claim about a model trained as ``train`` says, tested at ``sizes``.

    ``train`` holds the keyword arguments of :class:`~proofs.learned.train.TrainConfig`.
    """

    id: str
    statement: str
    task: str
    machine: str
    train: dict
    sizes: tuple
    count: int = 20
    threshold: float = 1.0
    seed: int = 12345
    command: str = ""


@dataclass
class LearnedVerdict:
    """The measured verdict of one :class:`LearnedClaim`."""

    claim: str
    verdict: str  # "holds" | "fails" | "inconclusive"
    reason: str
    accuracy: dict = field(default_factory=dict)
    evaluation: object = field(default=None, repr=False)

    def as_dict(self):
        """The verdict as a plain dict (the evaluation left out)."""
        return {"claim": self.claim, "verdict": self.verdict, "reason": self.reason,
                "accuracy": self.accuracy}


_PARITY_SIZES = (4, 8, 16, 32, 64)
_BUDGET = dict(steps=1200, batch=32, lr=3e-3, hidden_size=64, n_heads=4, n_blocks=2, seed=0)



def _trajectory_claim(machine, what):
    """A parity claim for ``machine`` trained on trajectories of n = 4, 8, 16."""
    claim_id = f"L-parity-{machine}-length-generalisation"
    return LearnedClaim(
        claim_id, f"{what} solves parity at every n in 4..64", "parity", machine,
        dict(_BUDGET, sizes=[4, 8, 16], count=64), _PARITY_SIZES,
        command=f"genpower train parity --machine {machine} --sizes 4 8 16 --count 64 "
                f"--steps 1200 --out DIR/{claim_id}.pt")


LEARNED_CLAIMS = (
    LearnedClaim(
        "L-parity-apmdm-official7-length-generalisation",
        "an AP-MDM model trained on the 7 official length-3 parity transitions solves parity "
        "at every n in 4..64 (free-running, the family's verifier)",
        "parity", "apmdm", dict(_BUDGET, official=True, steps=400), _PARITY_SIZES,
        command="genpower train parity --machine apmdm --official --steps 400 "
                "--out DIR/L-parity-apmdm-official7-length-generalisation.pt"),
    *(_trajectory_claim(machine, what) for machine, what in (
        ("apmdm", "an AP-MDM model trained on elimination trajectories of n = 4, 8, 16"),
        ("mdm", "an MDM model with the same budget (the oracle's XOR-tree canvases of "
                "n = 4, 8, 16, MDLM loss)"),
        ("arm", "an ARM model with the same budget (prefix-parity sequences of n = 4, 8, 16)"))),
    LearnedClaim(
        "L-sudoku4-apmdm-exact-solve",
        "an AP-MDM model trained on the official process's trajectories of 64 4x4 puzzles "
        "solves at least 90 % of held-out 4x4 puzzles exactly",
        "sudoku", "official", dict(_BUDGET, sizes=[4], count=64, steps=800), (4,),
        count=50, threshold=0.9,
        command="genpower train sudoku --machine official --sizes 4 --count 64 --steps 800 "
                "--out DIR/L-sudoku4-apmdm-exact-solve.pt"),
)
"""The demonstrations' claims; their commands make the checkpoints ``check_learned`` reads."""


def claim_by_id(claim_id):
    """Return the claim called ``claim_id``.

    Raises
    ------
    InvalidArgumentError
        For an unknown id.
    """
    for claim in LEARNED_CLAIMS:
        if claim.id == claim_id:
            return claim
    raise InvalidArgumentError(f"no learned claim {claim_id!r}; known: "
                               f"{', '.join(c.id for c in LEARNED_CLAIMS)}")


def measure_claim(claim, model, *, sizes=None, count=None):
    """Evaluate ``model`` on the claim's task and sizes and return its :class:`LearnedVerdict`.

    The claim holds when the free-running accuracy is at least ``claim.threshold`` at
    every size; the reason of a failure names the size and the first divergence there.
    """
    report = evaluate(model, claim.task, claim.machine, sizes or claim.sizes,
                      count or claim.count, claim.seed, teacher_forced=False,
                      model_name=claim.id)
    accuracy = {s.n: s.accuracy for s in report.sizes}
    short = [s for s in report.sizes if s.accuracy < claim.threshold]
    if not short:
        return LearnedVerdict(claim.id, "holds", f"accuracy >= {claim.threshold:.0%} at every "
                              f"n in {list(accuracy)}", accuracy, report)
    worst = short[0]
    first = worst.first_divergence
    where = "" if first is None else (
        f"; first divergence at step {first.step}, position {first.position}: "
        f"oracle {first.oracle}, model {first.model}")
    return LearnedVerdict(claim.id, "fails", f"accuracy {worst.accuracy:.0%} < "
                          f"{claim.threshold:.0%} at n = {worst.n}{where}", accuracy, report)


def check_learned(directory, *, train=False, claims=None, progress=None):
    """Measure every learned claim on the checkpoints in ``directory`` (``<claim id>.pt``).

    Parameters
    ----------
    directory : str or pathlib.Path
    train : bool
        Train a missing checkpoint there first (each takes minutes on a CPU).
    claims : sequence of LearnedClaim or None
        Default: :data:`LEARNED_CLAIMS`.
    progress : callable or None
        ``progress(claim)`` before each claim.

    Returns
    -------
    list of LearnedVerdict
        Inconclusive, with the reason, where torch is missing or a checkpoint is absent.
    """
    claims = LEARNED_CLAIMS if claims is None else claims
    try:
        import torch

        from proofs.learned.torch_model import load_checkpoint
        from proofs.learned.train import TrainConfig
        from proofs.learned.train import train as train_model
    except ImportError:
        return [LearnedVerdict(c.id, "inconclusive", TORCH_MISSING) for c in claims]
    directory = Path(directory)
    verdicts = []
    for claim in claims:
        if progress is not None:
            progress(claim)
        path = directory / f"{claim.id}.pt"
        config = TrainConfig(task=claim.task, machine=claim.machine, **claim.train)
        if not path.exists():
            if not train:
                verdicts.append(LearnedVerdict(
                    claim.id, "inconclusive", f"no checkpoint {path}; make it with: "
                    + claim.command.replace("DIR", str(directory))))
                continue
            directory.mkdir(parents=True, exist_ok=True)
            train_model(config, path)
        trained = torch.load(path, map_location="cpu", weights_only=False).get("genpower", {})
        if trained.get("train") != asdict(config):
            verdicts.append(LearnedVerdict(
                claim.id, "inconclusive", f"{path} was not trained as the claim says; make it "
                "with: " + claim.command.replace("DIR", str(directory))))
            continue
        verdicts.append(measure_claim(claim, load_checkpoint(path)))
    return verdicts
