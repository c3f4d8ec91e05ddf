"""The page in a real browser (headless Chromium through Selenium): what it shows at step k is state k.

Skipped when selenium (the ``show`` extra) or chromium and chromedriver are missing.
Screenshots of each view go to $GENPOWER_TEST_ARTEFACTS/show (default: a pytest
temporary folder).
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from genpower.show import (first_difference, from_task_run, from_trace, load_trajectory,
                           running_resources, write_page)
from genpower.show.trajectory import KINDS
from proofs.tasks import run_task
from proofs.trajectories import generate_samples
from proofs.trajectory_files import write_samples

from .runs import naive_first_difference, oracle_and_model, trajectory

webdriver = pytest.importorskip("selenium.webdriver", reason="the show extra (selenium)")

MASK_GLYPH = "\u2592"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,800")


def _binary(variable, *names):
    """The program $variable names, or the first of ``names`` on the PATH (None: neither)."""
    return next(filter(None, map(shutil.which, [os.environ.get(variable, ""), *names])), None)


@pytest.fixture(scope="module")
def browser():
    chromium = _binary("GENPOWER_CHROMIUM", "chromium", "chromium-browser", "google-chrome")
    driver_path = _binary("GENPOWER_CHROMEDRIVER", "chromedriver")
    if chromium is None or driver_path is None:
        pytest.skip("chromium and chromedriver are not installed")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="genpower-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    width, height = driver.execute_script("return [innerWidth, innerHeight]")
    driver.set_window_size(2 * 1280 - width, 2 * 800 - height)  # a 1280×800 viewport
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory):
    folder = os.environ.get("GENPOWER_TEST_ARTEFACTS")
    folder = Path(folder) / "show" if folder else tmp_path_factory.mktemp("show-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Pages of real runs: a Sudoku export, a parity run, a max-flow run, an edits run."""
    folder = tmp_path_factory.mktemp("pages")
    export = folder / "sudoku.jsonl"
    write_samples(generate_samples("sudoku", 2, 9, seed=0), export)
    runs = {"sudoku": load_trajectory(export, 1),
            "parity": trajectory("parity", "apmdm", 40),
            "maxflow": trajectory("maxflow", "apmdm", 10),
            "edits": trajectory("edits", "apmdm", 10)}
    made = {}
    for name, run in runs.items():
        write_page(folder / f"{name}.html", [run])
        made[name] = (folder / f"{name}.html", run)
    return made


def open_page(driver, path, timeout=30):
    driver.get(path.as_uri())
    driver.get_log("browser")  # nothing before this page
    deadline = time.time() + timeout
    while driver.execute_script("return document.body.dataset.ready") != "1":
        error = driver.execute_script("return document.getElementById('error').textContent")
        assert not error, error
        assert time.time() < deadline, "the page did not become ready"
        time.sleep(0.02)


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def shown_step(driver):
    return int(driver.execute_script("return document.getElementById('slider').value"))


def go(driver, k):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element(By.ID, "goto")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(str(k), Keys.ENTER)
    deadline = time.time() + 10
    while shown_step(driver) != k:
        assert time.time() < deadline, f"the page did not move to step {k}"
        time.sleep(0.01)
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => r()))")


def press(driver, *keys):
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script("document.activeElement.blur()")
    ActionChains(driver).send_keys(*keys).perform()
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => r()))")


def _ids(texts, run):
    names = list(run.names)
    return [run.mask_id if t == MASK_GLYPH else names.index(t) for t in texts]


def shown_strip(driver, run, pane=0):
    """(start, ids) of the tokens the strip of ``pane`` shows."""
    start, texts = driver.execute_script(
        "const p = document.querySelector(`.pane[data-run='${arguments[0]}'] .strip`);"
        "return [+p.dataset.start, [...p.querySelectorAll('.tok')].map(e => e.textContent)]",
        pane)
    texts = [t for t in texts if t != "end"]
    return start, _ids(texts, run)


def shown_board(driver, run, pane=0):
    """The state a Sudoku board shows, read cell by cell from what each cell displays."""
    cells = driver.execute_script(
        "return [...document.querySelectorAll(`.pane[data-run='${arguments[0]}'] .cell`)]"
        ".map(c => [...c.querySelectorAll('span')].map(s => s.textContent))", pane)
    names = list(run.names)
    value = {"": names.index("[EMPTY]"), MASK_GLYPH: run.mask_id}
    colour = {"": names.index("[WHITE]"), MASK_GLYPH: run.mask_id}
    marker = {"": names.index("[NORMAL]"), "\u2620": names.index("[SKULL]"),
              "\u22D4": names.index("[BRANCH]"), MASK_GLYPH: run.mask_id}
    state = []
    for v, c, m, s in cells:
        state += [value.get(v, names.index(v) if v in names else -1),
                  colour.get(c, names.index(f"[COLOR_{c[1:]}]") if c.startswith("c") else -1),
                  marker.get(m, names.index(m) if m in names else -1),
                  names.index("[SEP]") if s == "" else _ids([s], run)[0]]
    return np.array(state)


def shown_resources(driver, pane=0):
    cells = driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll("
        "`.pane[data-run='${arguments[0]}'] td[data-key]`)]"
        ".map(t => [t.dataset.key, t.textContent]))",
        pane)
    return {key: int(text.replace(",", "")) for key, text in cells.items()}


def shown_operations(driver, pane=0):
    """How many tokens (or cells) the page marks with each operation style."""
    return driver.execute_script(
        "const p = document.querySelector(`.pane[data-run='${arguments[0]}']`);"
        "return ['op-u', 'op-r', 'op-i']"
        ".map(c => p.querySelectorAll('.tok.' + c + ', .cell.' + c).length)"
        ".concat([p.querySelectorAll('.strip .delmark').length])", pane)


def _steps_to_check(run):
    T = run.steps
    rng = np.random.default_rng(0)
    return sorted({0, 1, T // 3, T // 2, T - 1, T, *rng.integers(0, T + 1, 4).tolist()})


@pytest.mark.parametrize("view", ["sudoku", "parity", "maxflow", "edits"])
def test_state_shown_at_step_k_is_the_trajectorys_state_k(browser, pages, artefacts, view):
    path, run = pages[view]
    open_page(browser, path)
    states = list(run.iter_states())
    resources = running_resources(run)
    names = {"context": "context", "peak": "peak_context", "unmasks": "unmasks",
             "remasks": "remasks", "inserts": "inserts", "deletes": "deletes",
             "written": "tokens_written", "cost": "serial_cost"}
    for k in _steps_to_check(run):
        go(browser, k)
        if view == "sudoku":
            assert np.array_equal(shown_board(browser, run), states[k]), f"step {k}"
        else:
            start, ids = shown_strip(browser, run)
            assert ids == states[k][start:start + 400].tolist(), f"step {k}"
            assert len(ids) == min(400, len(states[k]) - start)
        shown = shown_resources(browser)
        assert {key: shown[key] for key in names} == {
            key: int(resources[name][k]) for key, name in names.items()}, f"step {k}"
        kinds, positions, _ = run.step_operations(k - 1) if k else ([], [], [])
        if view != "sudoku":  # every operation of the step is marked, in its style
            assert shown_operations(browser) == np.bincount(kinds, minlength=4).tolist()
        else:  # the cells the step changed are marked (a step of the process only writes)
            marked = browser.execute_script(
                "return [...document.querySelectorAll('.cell')].flatMap((c, i) => "
                "c.classList.contains('op-u') || c.classList.contains('op-r') ? [i] : [])")
            assert marked == sorted({int(p) // 4 for p in positions})
    go(browser, run.steps * {"parity": 1, "edits": 2}.get(view, 3) // 4)  # a busy moment
    browser.save_screenshot(str(artefacts / f"{view}.png"))
    assert browser.execute_script("return [innerWidth, innerHeight]") == [1280, 800]
    assert browser.execute_script(  # fits the width, and the view fits the height
        "return document.documentElement.scrollWidth <= innerWidth && "
        "document.querySelector('.views').getBoundingClientRect().bottom <= innerHeight")
    assert console_errors(browser) == []


def test_each_kind_of_operation_is_marked_at_a_step_that_has_it(browser, pages, artefacts):
    path, run = pages["edits"]
    open_page(browser, path)
    for kind, key in zip(range(4), "urid"):
        press(browser, "\ue011")  # Home
        press(browser, key)
        step = shown_step(browser)
        has = [t + 1 for t in range(run.steps) if kind in run.step_operations(t)[0]]
        assert step == has[0], KINDS[kind]
        assert shown_operations(browser)[kind] >= 1
    browser.save_screenshot(str(artefacts / "edits-delete.png"))
    assert console_errors(browser) == []


def test_keyboard_moves_the_step(browser, pages):
    path, run = pages["maxflow"]
    open_page(browser, path)
    press(browser, "\ue014")  # Right
    assert shown_step(browser) == 1
    press(browser, "\ue010")  # End
    assert shown_step(browser) == run.steps
    press(browser, "\ue012")  # Left
    assert shown_step(browser) == run.steps - 1
    press(browser, "\ue011")  # Home
    assert shown_step(browser) == 0
    press(browser, " ")  # play, then pause
    time.sleep(0.5)
    press(browser, " ")
    assert shown_step(browser) > 0


def test_two_runs_open_at_their_first_difference(browser, tmp_path, artefacts):
    oracle, model = oracle_and_model()
    runs = [from_trace(oracle, title="oracle"), from_trace(model, title="model (one fault)")]
    path = tmp_path / "two.html"
    write_page(path, runs)
    step, position = naive_first_difference(oracle, model)
    open_page(browser, path)
    assert shown_step(browser) == step
    for pane, run in enumerate(runs):
        state = shown_board(browser, run, pane)
        assert np.array_equal(state, run.state(step))
        marked = browser.execute_script(
            "return [...document.querySelectorAll(`.pane[data-run='${arguments[0]}'] .cell`)]"
            ".flatMap((c, i) => c.classList.contains('diff') ? [i] : [])", pane)
        assert marked == [position // 4]
    assert not np.array_equal(shown_board(browser, runs[0], 0), shown_board(browser, runs[1], 1))
    browser.save_screenshot(str(artefacts / "two-runs.png"))
    go(browser, step - 1)  # one step earlier the boards agree, and nothing is marked
    for pane, run in enumerate(runs):
        assert np.array_equal(shown_board(browser, run, pane), run.state(step - 1))
    assert browser.execute_script("return document.querySelectorAll('.diff.cell').length") == 0
    press(browser, "f")
    assert shown_step(browser) == step
    assert first_difference(*runs).step == step
    assert console_errors(browser) == []


def test_a_100000_step_page_opens_and_seeks_quickly(browser, tmp_path, artefacts):
    bits = np.random.default_rng(5).integers(0, 2, 75_000)
    run = from_task_run(run_task("parity", bits, "apmdm", record=True))
    assert run.steps >= 100_000
    path = tmp_path / "long.html"
    size, _ = write_page(path, [run])
    open_page(browser, path)
    ready_ms = int(browser.execute_script("return document.body.dataset.readyMs"))
    seeks = []
    for k in (run.steps // 2 + 1, 17, run.steps - 3, run.steps // 3):
        began = time.perf_counter()
        go(browser, k)
        seeks.append(time.perf_counter() - began)
        start, ids = shown_strip(browser, run)
        # state k, independently: the same run stopped after k steps
        partial = run_task("parity", bits, "apmdm", max_steps=k).result.final
        assert ids == partial[start:start + 400].tolist(), f"step {k}"
    assert console_errors(browser) == []
    (artefacts / "long-page.txt").write_text(
        f"steps {run.steps}, page {size} bytes, ready {ready_ms} ms after navigation, "
        f"seeks {', '.join(f'{s:.3f}' for s in seeks)} s\n")
    assert ready_ms < 10_000 and max(seeks) < 5
