"""The product's own figure: alerts raised over the shared dev set served as a news site, end to end.

The dev set is read from ``../shared/eval/dev`` beside the repository; the test skips without it."""

import importlib.util

from tests.conftest import ROOT, shared_dev

# The dev set is report-only since the coder was redesigned for unseen coverage (issue 14): nothing is
# tuned on it. Measured after the redesign: P 0.714 (15 of 21), R 0.882 (15 of 17); the rules tuned on
# this set had reached P 0.938. A change that costs more than one alert either way fails here.
MIN_PRECISION = 0.70
MIN_RECALL = 0.80


def test_alerts_over_the_dev_set_stay_precise_and_complete(home):
    dev = shared_dev()
    spec = importlib.util.spec_from_file_location("eval_alerts", ROOT / "scripts" / "eval_alerts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scores = module.evaluate(dev)
    assert scores["expected"] == 17
    assert scores["precision"] >= MIN_PRECISION and scores["recall"] >= MIN_RECALL, scores
