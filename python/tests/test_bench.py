"""python -m passlab.bench on a small module: it runs both sides and their sizes agree."""

import json

from passlab import bench


def test_bench_measures_both_sides_and_the_sizes_agree(binary, module_dir, capsys):
    status = bench.main([str(module_dir / "loop.ll"), "--lists", "4", "--steps", "2", "--binary", binary,
                         "--timeout", "120", "--json"])
    report = json.loads(capsys.readouterr().out)
    summary = report["summary"]
    assert status == 0 and summary["sizesAgree"] and summary["lists"] == 4
    assert summary["nativeRate"] > 0 and summary["pythonRate"] > 0 and summary["stepCount"] == 2
    assert report["rows"][0]["module"].endswith("loop.ll")
