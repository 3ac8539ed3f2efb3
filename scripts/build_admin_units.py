"""Build ``models/admin_units.csv``: Vietnam's administrative units, two eras.

The pipeline uses the CSV to tell the level of a place named in a plan: "Kiến An"
is a quận of Hải Phòng, "Cẩm Ngọc" a xã of huyện Cẩm Thủy (Thanh Hóa), "Lạng
Sơn" a tỉnh, "Hà Nội" a centrally-run thành phố (province level), "Thanh Hóa"
both a tỉnh and (before 2025) a thành phố of district level.

Source: the PyPI package ``vietnam-provinces`` (https://pypi.org/project/vietnam-provinces/,
upstream https://github.com/sunshine-tech/VietnamProvinces), which packages the
list of administrative units published by Tổng cục Thống kê (General Statistics
Office, https://danhmuchanhchinh.gso.gov.vn/). Two releases are used:

* ``0.6.0`` (January 2025): provinces, districts and communes as they stood just
  before the July 2025 reorganisation -> ``era = "2008-2025"``;
* ``2025.10.1``: the units after 1 July 2025 (34 provinces, communes only, no
  district level) -> ``era = "2025"``.

Each wheel is fetched with ``pip download --no-deps`` into a temporary folder and
read with ``zipfile`` (never installed). The data is the wheel's
``vietnam_provinces/data/nested-divisions.json`` (province -> district -> ward
in 0.6.0, province -> ward in 2025.10.1). In 0.6.0 the ``division_type`` field
is a placeholder (always "tỉnh"/"huyện"/"xã"), so the type is read from the
name's first words ("Quận Kiến An"); in 2025.10.1 it is checked against them.

Names are stored without their type word, in NFC, with the old tone placement
that administrative documents use ("Thanh Hóa", "Thủy"), via
``extract.normalize.fold_tones`` so the CSV and the pipeline agree. Dash variants
become "-" (as ``normalize`` does), typographic apostrophes become "'", and a
word with a lowercase initial in the source ("Đại áng") is capitalized.

Columns: ``name,type,level,province,district,era,code`` (see models/README.md).
Rows are sorted by era, level (province, district, commune) and code, so the
output is deterministic. The CSV is checked in; this script is not needed at run
time. Rerun from the repository root (needs PyPI access) with::

    .venv/bin/python scripts/build_admin_units.py
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.language.vietnamese import fold_tones  # noqa: E402

OUT = ROOT / "models" / "admin_units.csv"
PACKAGE = "vietnam-provinces"
OLD_VERSION, OLD_ERA = "0.6.0", "2008-2025"
NEW_VERSION, NEW_ERA = "2025.10.1", "2025"
DATA_FILE = "nested-divisions.json"
COLUMNS = ["name", "type", "level", "province", "district", "era", "code"]
ERA_ORDER = {OLD_ERA: 0, NEW_ERA: 1}
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}

# type words, longest first so "thành phố" wins over shorter prefixes
TYPE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện",
              "quận", "tỉnh", "xã")
ALLOWED = {
    "province": {"tỉnh", "thành phố"},
    "district": {"quận", "huyện", "thị xã", "thành phố"},
    "commune": {"xã", "phường", "thị trấn", "đặc khu"},
}
# 2025.10.1 division_type -> type word
NEW_DIVISION_TYPES = {"tỉnh": "tỉnh", "thành phố trung ương": "thành phố",
                      "xã": "xã", "phường": "phường", "đặc khu": "đặc khu"}


# the pipeline's normalize() folds dash variants to "-"; the 2025 data writes
# some apostrophes as U+2019 ("Ea H’leo") where 0.6.0 has "'" ("Ea H'leo")
_PUNCT = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-",
                        "\u2018": "'", "\u2019": "'", "\u02bc": "'"})


def clean(text: str) -> str:
    """NFC, single spaces, old-style tone placement, ASCII dash and apostrophe."""
    text = unicodedata.normalize("NFC", text).translate(_PUNCT)
    return fold_tones(" ".join(text.split()))


def capitalize_words(name: str) -> str:
    """Every word of a place name starts with a capital. The source has a few
    lowercase initials ("Xã Đại áng", "Xã é Tòng", "Xã Đắk song"), some of them
    TCVN3 leftovers (TCVN3 has no toned capitals)."""
    words = name.split(" ")
    return " ".join(w[0].upper() + w[1:] if w[0].islower() else w for w in words)


def split_type(full: str, level: str,
               division_type: str | None = None) -> tuple[str, str]:
    """ "Quận Kiến An" -> ("quận", "Kiến An"). A name without a type word (the
    2025 provinces are "Cao Bằng", not "Tỉnh Cao Bằng") takes ``division_type``."""
    full = clean(full)
    lower = full.lower()
    for word in TYPE_WORDS:
        if lower.startswith(word + " "):
            kind, name = word, capitalize_words(full[len(word) + 1:])
            break
    else:
        if division_type is None:
            raise ValueError(f"no type word in {full!r}")
        kind, name = NEW_DIVISION_TYPES[division_type], capitalize_words(full)
    if division_type is not None and NEW_DIVISION_TYPES[division_type] != kind:
        raise ValueError(f"{full!r}: name says {kind!r}, data says {division_type!r}")
    if kind not in ALLOWED[level]:
        raise ValueError(f"{full!r}: {kind!r} is not a {level}-level type")
    return kind, name


def download(version: str, dest: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", f"{PACKAGE}=={version}", "-d", str(dest)],
        check=True,
    )
    wheels = sorted(dest.glob(f"vietnam_provinces-{version}-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one {version} wheel in {dest}, found {wheels}")
    return wheels[0]


def read_data(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if n.endswith("/" + DATA_FILE)]
        if len(names) != 1:
            raise RuntimeError(f"{wheel.name}: no single {DATA_FILE}: {zf.namelist()}")
        return json.loads(zf.read(names[0]).decode("utf-8"))


def row(name: str, kind: str, level: str, province: str, district: str, era: str,
        code: int) -> dict[str, str]:
    return {"name": name, "type": kind, "level": level, "province": province,
            "district": district, "era": era, "code": str(int(code))}


def old_rows(data: list[dict]) -> list[dict[str, str]]:
    """0.6.0: province -> districts -> wards; division_type is not usable."""
    rows = []
    for p in data:
        p_type, p_name = split_type(p["name"], "province")
        rows.append(row(p_name, p_type, "province", p_name, "", OLD_ERA, p["code"]))
        for d in p["districts"]:
            d_type, d_name = split_type(d["name"], "district")
            rows.append(row(d_name, d_type, "district", p_name, "", OLD_ERA, d["code"]))
            for w in d["wards"]:
                w_type, w_name = split_type(w["name"], "commune")
                rows.append(row(w_name, w_type, "commune", p_name, d_name, OLD_ERA,
                                w["code"]))
    return rows


def new_rows(data: list[dict]) -> list[dict[str, str]]:
    """2025.10.1: province -> wards, no districts; division_type is reliable."""
    rows = []
    for p in data:
        p_type, p_name = split_type(p["name"], "province", p["division_type"])
        rows.append(row(p_name, p_type, "province", p_name, "", NEW_ERA, p["code"]))
        for w in p["wards"]:
            w_type, w_name = split_type(w["name"], "commune", w["division_type"])
            rows.append(row(w_name, w_type, "commune", p_name, "", NEW_ERA, w["code"]))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="admin_units_") as tmp:
        rows = []
        for version, build in ((OLD_VERSION, old_rows), (NEW_VERSION, new_rows)):
            wheel = download(version, Path(tmp))
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            print(f"{wheel.name} sha256={digest}")
            rows += build(read_data(wheel))

    keys = Counter((r["era"], r["level"], r["code"]) for r in rows)
    dupes = [k for k, n in keys.items() if n > 1]
    if dupes:
        raise RuntimeError(f"codes repeated within an era and level: {dupes[:10]}")
    rows.sort(key=lambda r: (ERA_ORDER[r["era"]], LEVEL_ORDER[r["level"]],
                             int(r["code"])))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    counts = Counter((r["era"], r["level"], r["type"]) for r in rows)
    size = OUT.stat().st_size
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} rows, {size} bytes")
    for (era, level, kind), n in sorted(counts.items(), key=lambda kv: (
            ERA_ORDER[kv[0][0]], LEVEL_ORDER[kv[0][1]], kv[0][2])):
        print(f"  {era:9} {level:8} {kind:9} {n}")


if __name__ == "__main__":
    main()
