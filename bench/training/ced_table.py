"""Side-by-side CED of `facealign eval` reports: share of images at or below each NME threshold.
Usage: python3 bench/training/ced_table.py NAME=out/eval/X/report.json ...  (prints a Markdown table)"""
import json
import sys

thresholds = [1, 2, 3, 4, 5, 6, 8, 10]
print("| model | " + " | ".join(f"<= {t} %" for t in thresholds) + " | AUC at 10 % |")
print("|---|" + "---|" * (len(thresholds) + 1))
for arg in sys.argv[1:]:
    name, path = arg.split("=", 1)
    report = json.load(open(path))
    errors = [item["nme"] for item in report["items"] if item.get("nme") is not None]
    shares = [100 * sum(e <= t for e in errors) / len(errors) for t in thresholds]
    print(f"| {name} | " + " | ".join(f"{s:.1f} %" for s in shares) + f" | {report['auc']:.4f} |")
