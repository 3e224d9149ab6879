"""Turn the bench steps' figures into results.json entries, and print them."""

from __future__ import annotations

from bench.measure import spread
from bench.pages import (
    AGGREGATE,
    API,
    FRESH,
    IMPORT,
    NOT_MODIFIED,
    REPEAT,
    TARGETS,
)

BULK = "bulk CSV/JSON"
SIGNUP = "sign-up burst, PostgreSQL, 4 workers, 50 clients"
BULK_MEMORY = "bulk CSV/JSON, memory flat at 1× and 10×"
ORDER = [FRESH, REPEAT, API, NOT_MODIFIED, SIGNUP, BULK, BULK_MEMORY, IMPORT, AGGREGATE]
TARGETS = {**TARGETS, BULK: 0.8, BULK_MEMORY: 0.8, SIGNUP: 0.4, AGGREGATE: 0.5}
FLOORS = {
    BULK: "raw cursor read",
    BULK_MEMORY: "peak memory 1× / 10×",
    SIGNUP: "one-INSERT view",
    IMPORT: "plain openpyxl read",
    AGGREGATE: "the same function at the smallest scale (ms there / ms here)",
}


def part(row: str, name: str, scale, ratios: list[float], **extra) -> dict:
    target = TARGETS[row]
    met = bool(ratios) and min(ratios) >= target
    if row == NOT_MODIFIED:
        met = met and extra.get("queries") == 1
    return {
        "row": row,
        "name": name,
        "scale": scale,
        "ratios": [round(r, 4) for r in ratios],
        "target": target,
        "met": met,
        **extra,
    }


def _pages(found: dict) -> list[dict]:
    out = []
    for p in found.get("parts", []):
        extra = {k: p[k] for k in ("path", "floor", "queries", "stored", "how") if k in p}
        extra["rps"] = [round(x, 2) for x in p["rps"]]
        extra["floor_rps"] = [round(x, 2) for x in p["floor_rps"]]
        out.append(part(p["row"], p["name"], found["scale"], p["ratios"], **extra))
    if r := found.get("import"):
        out.append(
            part(
                IMPORT,
                f"progress import, {r[0]['rows']:,} rows",
                found["scale"],
                [x["ratio"] for x in r],
                rps=[round(x["import_rows_per_s"]) for x in r],
                floor_rps=[round(x["openpyxl_rows_per_s"]) for x in r],
                floor=FLOORS[IMPORT],
                unit="rows/s",
            )
        )
    return out


def _aggregate(found_by_scale: list[dict]) -> list[dict]:
    timed = [f for f in found_by_scale if f.get("aggregate_ms")]
    if not timed:
        return []
    smallest = min(timed, key=lambda f: f["scale"])["aggregate_ms"]
    return [
        part(
            AGGREGATE,
            "national aggregate: scope_dashboard + national_coverage, year 2026",
            f["scale"],
            [a / b for a, b in zip(smallest, f["aggregate_ms"], strict=False)],
            ms=[round(x, 1) for x in f["aggregate_ms"]],
            floor=FLOORS[AGGREGATE],
        )
        for f in timed
    ]


def _bulk(data: dict) -> list[dict]:
    out = []
    for size, scale in (("1x", 1), ("10x", 10)):
        for dataset in ("commitments", "targets"):
            for fmt in ("csv", "json"):
                rounds = [r[dataset] for r in data[size]]
                out.append(
                    part(
                        BULK,
                        f"bulk {dataset}.{fmt} stream, {rounds[0]['rows']:,} rows",
                        scale,
                        [r[f"{fmt}_ratio"] for r in rounds],
                        floor=FLOORS[BULK],
                        database=data["vendor"],
                    )
                )
    for dataset in ("commitments", "targets"):
        peaks = [
            (a[dataset]["peak"], b[dataset]["peak"])
            for a, b in zip(data["1x"], data["10x"], strict=False)
        ]
        out.append(
            part(
                BULK_MEMORY,
                f"bulk {dataset}.csv peak memory",
                10,
                [a / b for a, b in peaks],
                peak_bytes_1x=[a for a, _ in peaks],
                peak_bytes_10x=[b for _, b in peaks],
                floor=FLOORS[BULK_MEMORY],
            )
        )
    return out


def _signup(data: dict) -> list[dict]:
    rounds = data["measured"]
    return [
        part(
            SIGNUP,
            f"public sign-up POST, {data['clients']} clients, {data['workers']} workers",
            None,
            [r["signups_per_s"] / r["inserts_per_s"] for r in rounds],
            rps=[round(r["signups_per_s"], 1) for r in rounds],
            floor_rps=[round(r["inserts_per_s"], 1) for r in rounds],
            floor=FLOORS[SIGNUP],
            database="postgresql",
        )
    ]


def collect(found_by_scale: list[dict], bulk: dict | None, signup: dict | None) -> list[dict]:
    parts = [p for f in found_by_scale for p in _pages(f)]
    parts += _aggregate(found_by_scale)
    parts += _bulk(bulk) if bulk else []
    parts += _signup(signup) if signup else []
    return sorted(parts, key=lambda p: (ORDER.index(p["row"]), p["scale"] or 0))


def summarise(parts: list[dict]) -> list[dict]:
    """One entry per targets row and scale: per round the worst ratio of its parts."""
    rows = []
    keys = []
    for p in parts:
        if (p["row"], p["scale"]) not in keys:
            keys.append((p["row"], p["scale"]))
    for row, scale in keys:
        mine = [p for p in parts if p["row"] == row and p["scale"] == scale]
        n = min(len(p["ratios"]) for p in mine)
        rows.append(
            {
                "name": row,
                "scale": scale,
                "ratios": [round(min(p["ratios"][i] for p in mine), 4) for i in range(n)],
                "target": TARGETS[row],
                "met": all(p["met"] for p in mine),
                "parts": [p["name"] for p in mine],
                "extra": row == AGGREGATE,  # not a row of the targets table
            }
        )
    return rows


def _nums(values, fmt="{:.1f}") -> str:
    return " / ".join(fmt.format(v) for v in values) if values else "–"


def show(report: dict) -> None:
    meta = report["meta"]
    print(
        f"\nBench at {meta['commit']}; load {meta['load_before'][0]:.2f} before, "
        f"{meta['load_after'][0]:.2f} after; {meta['rounds']} rounds of {meta['seconds']:g} s."
    )
    current = None
    for p in report["parts"]:
        if p["row"] != current:
            current = p["row"]
            print(f"\n{current} (target ≥ {p['target']:g} of {p.get('floor', '')})")
        scale = "" if p["scale"] is None else f"{p['scale']:g}×"
        per_round = _nums(p["rps"]) if "rps" in p else _nums(p.get("ms", []), "{:.0f} ms")
        floor = f" vs {_nums(p['floor_rps'])}" if "floor_rps" in p else ""
        queries = f" q={p['queries']}" if "queries" in p else ""
        print(
            f"  {scale:>5} {p['name'][:44]:<44} {per_round}{floor}{queries}\n"
            f"        ratio {_nums(p['ratios'], '{:.3f}')}  spread {spread(p['ratios'])}  "
            f"{'met' if p['met'] else 'NOT met'}"
        )
    print("\nSummary (worst part per round):")
    for r in report["rows"]:
        scale = "" if r["scale"] is None else f"{r['scale']:g}×"
        print(
            f"  {r['name'][:58]:<58} {scale:>5}  {_nums(r['ratios'], '{:.3f}')}  "
            f"≥ {r['target']:g}  {'met' if r['met'] else 'NOT met'}"
            + ("  (extra row)" if r["extra"] else "")
        )


def markdown(report: dict) -> str:
    """The parts as a Markdown table (for bench/README.md)."""
    lines = [
        "| row | scale | measured | req/s per round (floor) | ratio per round | spread | target | met |",
        "|---|---:|---|---|---|---|---:|---|",
    ]
    for p in report["parts"]:
        scale = "–" if p["scale"] is None else f"{p['scale']:g}×"
        if "rps" in p:
            figures = " / ".join(
                f"{a:,.1f} ({b:,.1f})" for a, b in zip(p["rps"], p["floor_rps"], strict=False)
            )
        elif "ms" in p:
            figures = " / ".join(f"{m:.0f} ms" for m in p["ms"])
        else:
            figures = "–"
        queries = f", {p['queries']} q" if "queries" in p else ""
        lines.append(
            f"| {p['row']} | {scale} | {p['name']}{queries} | {figures} | "
            f"{_nums(p['ratios'], '{:.3f}')} | {spread(p['ratios'])} | {p['target']:g} | "
            f"{'yes' if p['met'] else 'no'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
