"""Rebuild the linking dev sets in this directory (translations.jsonl, stories.jsonl, story_pairs.tsv).

Reads local snapshots of public GitHub repositories (`fetch`ed git directories under $LAGEBILD_MIRROR,
default /work/.mirror: wmt-conference/wmt21-news-systems, wmt-conference/wmt22-news-systems,
jungokasai/GENIE_wmt2021-de-en) and the German Wikinews texts of ../shared/data/quotes_wikinews (through
samples/build_wikinews.py). Every pair label of stories is written out below by hand; see README.md.

    python benchmarks/data/link/build_sets.py
"""

from __future__ import annotations

import collections
import hashlib
import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

OUT = Path(__file__).resolve().parent
ROOT = OUT.parents[2]
SHARED = ROOT.parent / "shared" / "data" / "quotes_wikinews"

MIRROR = Path(os.environ.get("LAGEBILD_MIRROR", "/work/.mirror"))
W21 = MIRROR / "wmt-conference+wmt21-news-systems/repo"
W22 = MIRROR / "wmt-conference+wmt22-news-systems/repo"
GENIE = MIRROR / "jungokasai+GENIE_wmt2021-de-en/repo"
DATE = "2024-03-15"


def show(git_dir: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def lines(git_dir: Path, path: str) -> list[str]:
    return show(git_dir, path).decode("utf-8").rstrip("\n").split("\n")


def split_of(pair_id: str) -> str:
    return "tune" if int(hashlib.sha256(pair_id.encode()).hexdigest(), 16) % 2 == 0 else "report"


def docs_wmt21_deen() -> list[tuple[str, list[str], list[str], str]]:
    keys = list(json.loads(show(GENIE, "data/submissions/newstest2021.de-en.ref.B.en.json")))
    src = lines(W21, "txt/sources/newstest2021.de-en.src.de")
    ref = lines(W21, "txt/references/newstest2021.de-en.ref.A.en")
    ref_b = lines(W21, "txt/references/newstest2021.de-en.ref.B.en")
    genie = json.loads(show(GENIE, "data/submissions/newstest2021.de-en.ref.B.en.json"))
    assert len(keys) == len(src) == len(ref) == 1000
    assert all(genie[k].strip() == b.strip() for k, b in zip(keys, ref_b, strict=True))
    groups: dict[str, list[int]] = collections.OrderedDict()
    for i, key in enumerate(keys):
        groups.setdefault(key.rsplit(".", 1)[0], []).append(i)
    return [(doc, [src[i] for i in ix], [ref[i] for i in ix], "wmt-docid") for doc, ix in groups.items()]


def docs_wmt22_ende() -> list[tuple[str, list[str], list[str], str]]:
    src = lines(W22, "txt/sources/generaltest2022.en-de.src.en")
    ref = lines(W22, "txt/references/generaltest2022.en-de.ref.A.de")
    where = collections.defaultdict(list)
    for i, line in enumerate(src):
        where[line.strip()].append(i)
    doc_lines: dict[str, set[int]] = collections.defaultdict(set)
    for half in "AB":
        data = show(W22, f"humaneval/DA+SQM/batches/batches.wmt22.eng-deu.{half}.json.zip")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            batches = json.loads(z.read(z.namelist()[0]))
        for batch in batches:
            for item in batch["items"]:
                doc = item["documentID"].split("#")[0]
                for i in where.get(item["sourceText"].strip(), []):
                    doc_lines[doc].add(i)
    out = []
    for doc, ix in sorted(doc_lines.items(), key=lambda kv: min(kv[1])):
        if doc.startswith(("t1_", "t3_", "ecommerce", "en_")):
            continue  # Reddit, e-commerce and chat documents: not news
        rng = range(min(ix), max(ix) + 1)
        out.append((doc, [src[i] for i in rng], [ref[i] for i in rng], "wmt-docid-partial"))
    return out


# WMT21 en-de has no document ids here. A document starts at a headline-like line (no sentence-final
# punctuation, under 200 characters) at least 3 lines after the last start. All 69 starts and the short
# lines of the long documents were then read: these lines (1-based) look like headlines but are
# sub-headlines or a dangling related-article link, and these are headlines that end in punctuation.
_NOT_START = {112, 538, 545, 549, 635}
_FORCE_START = {85, 514, 523, 550, 590}
_END = re.compile(r"[.!?\"”’:;)\]…]$")


def docs_wmt21_ende() -> list[tuple[str, list[str], list[str], str]]:
    src = lines(W21, "txt/sources/newstest2021.en-de.src.en")
    ref = lines(W21, "txt/references/newstest2021.en-de.ref.A.de")
    assert len(src) == len(ref)
    starts = [0]
    for i in range(1, len(src)):
        headline = not _END.search(src[i].strip()) and len(src[i]) < 200
        if (headline and i - starts[-1] >= 3 and i + 1 not in _NOT_START) or i + 1 in _FORCE_START:
            starts.append(i)
    starts.append(len(src))
    out = []
    for a, b in itertools.pairwise(starts):
        out.append((f"newstest2021-en-de-l{a + 1}", src[a:b], ref[a:b], "heuristic"))
    return out


def has_title(segs: list[str], boundary: str) -> bool:
    """Whole documents start with their headline; a partial one only if its first line looks like one."""
    first = segs[0].strip()
    return boundary != "wmt-docid-partial" or (not _END.search(first) and len(first) < 200)


def article(aid: str, segs: list[str], lang: str, outlet: str, pair: str, role: str, meta: dict) -> dict:
    segs = [s.strip() for s in segs]
    title = segs[0] if meta["titled"] else None
    meta = {k: v for k, v in meta.items() if k != "titled"}
    return {
        "id": aid,
        "title": title,
        "text": "\n".join(segs[1:] if title else segs),
        "language": lang,
        "published": DATE,
        "outlet": outlet,
        "pair": pair,
        "role": role,
        "split": split_of(pair),
        **meta,
    }


def build_translations() -> None:
    rows = []
    sets = [
        ("wmt21-de-en", "de", "en", docs_wmt21_deen()),
        ("wmt22-en-de", "en", "de", docs_wmt22_ende()),
        ("wmt21-en-de", "en", "de", docs_wmt21_ende()),
    ]
    for name, orig_lang, trans_lang, docs in sets:
        for doc, orig, trans, boundary in docs:
            if len(orig) < 4:
                continue
            pair = f"{name}:{doc}"
            meta = {
                "source": name,
                "doc": doc,
                "boundary": boundary,
                "direction": f"{orig_lang}-{trans_lang}",
                "titled": has_title(orig, boundary),
            }
            rows.append(article(f"{pair}:{orig_lang}", orig, orig_lang, "original", pair, "original", meta))
            rows.append(
                article(f"{pair}:{trans_lang}", trans, trans_lang, "repost", pair, "translation", meta)
            )
    with (OUT / "translations.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    count = collections.Counter((r["direction"], r["split"]) for r in rows if r["role"] == "original")
    print(len(rows), dict(count))


def wikinews() -> list[dict[str, str]]:
    """The 850 German Wikinews articles (dev and train) as samples/build_wikinews.py reads them."""
    sys.path.insert(0, str(ROOT / "samples"))
    import build_wikinews as bw

    out = []
    for path in sorted((SHARED / "dev").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.append(bw.record(doc["documentName"], doc["originalText"]))
    for path in sorted((SHARED / "train_compact").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.append(bw.record(path.name, " ".join(bw.detokenize(s["Tokens"]) for s in doc["Sentences"])))
    return out


# WMT 2022 news documents picked out of the general test sets by reading (1-based inclusive line ranges).
W22EN = {
    "iran-covid": (5, 17),
    "scholz-poland": (150, 166),
    "g7-russia": (959, 974),
    "iran-talks": (1064, 1080),
    "johnson-parties": (1237, 1253),
    "gabba": (1254, 1264),
    "biden-tornado": (1590, 1605),
    "villa-covid": (1620, 1629),
    "avalanche": (1630, 1645),
    "anne-rice": (1966, 1973),
}
W22DE = {
    "johnson-booster": (89, 100),
    "kentucky": (206, 216),
    "bezos": (356, 377),
    "belarus": (687, 702),
    "f1-protest": (714, 722),
    "verstappen": (736, 756),
    "raikkonen": (875, 883),
    "bob": (884, 904),
    "riiber": (580, 582),
    "ruehle": (1199, 1206),
    "iran-talks": (1265, 1272),
    "thueringen": (1273, 1283),
}

# German WMT22 news document given in its English reference translation (1-based inclusive line range of
# generaltest2022.de-en; the German original is not in the set).
W22DE_EN = {"la-palma": (1552, 1568)}
# French WMT22 news documents (wmttest2022.fr-de, news domain) in their German reference translation.
W22FRDE = [
    "nouvelobs.com.18689",
    "lameuse.be.24478",
    "dhnet.be.76630",
    "euronews-fr.18286",
    "dernieresnouvelles.11533",
    "lalibre.be.410019",
    "lameuse.be.24499",
    "dhnet.be.76291",
]
# Russian and Japanese WMT22 news documents in their English reference translation.
W22XEN = {
    "ru-en": [
        "sovsport.ru.20260",
        "belta.by.15673",
        "rt-russian.47343",
        "voa-golos-ameriki-ru.12402",
        "kp.96064",
        "rfi-russian.2537",
    ],
    "ja-en": ["yahoo-ja.264915", "yahoo-ja.265269"],
}

# (a, b, label, basis). Article keys: w21de:DOC (German original, WMT21 de-en), w21en:LINE / w21en-de:LINE
# (WMT21 en-de English original chunk / its professional German translation), w22de:KEY, w22en:KEY,
# wn:ID (German Wikinews). Labels: same = both report the same specific event; related = same larger
# event or storyline, different facet, sub-event or day (left out of the balanced accuracy, reported
# apart); different = different events (hard: shared person, place, organisation or topic; easy: nothing).
PAIRS: list[tuple[str, str, str, str]] = [
    # UK quarantine for travellers from Spain, 25-26 July 2020
    ("w21de:wienerzeitung.at.136148", "w21en-de:563", "same", "read"),
    ("w21de:wienerzeitung.at.136148", "w21en-de:572", "same", "read"),
    ("w21en-de:563", "w21en-de:572", "same", "read"),
    ("w21de:wienerzeitung.at.136148", "w21en:270", "same", "read"),
    ("w21en-de:563", "w21en:270", "same", "read"),
    ("w21en-de:572", "w21en:270", "same", "read"),
    ("w21de:wienerzeitung.at.136148", "w21en:741", "different-hard", "read"),
    # Premier League final day, 26 July 2020
    ("w21de:wn.de.700458", "w21en:404", "same", "read"),
    ("w21de:wn.de.700458", "w21en:228", "related", "read"),
    ("w21de:wn.de.700458", "w21en-de:130", "related", "read"),
    ("w21en-de:130", "w21en:404", "related", "read"),
    ("w21de:wn.de.700458", "w21en:970", "related", "read"),
    ("w21de:wn.de.700458", "w21de:lampertheimer-zeitung.de.111397", "different-hard", "read"),
    # North Korea: Kaesong lockdown after a suspected Covid-19 case
    ("w21de:rhein-zeitung.de.234631", "w21en:884", "same", "read"),
    ("w21de:rhein-zeitung.de.234631", "w21en:876", "different-hard", "read"),
    # Mamming outbreak among harvest workers
    ("w21de:np-coburg.de.105627", "w21de:np-coburg.de.105625", "same", "read"),
    ("w21de:np-coburg.de.105627", "w21de:nordbayerischer-kurier.de.54332", "different-hard", "read"),
    ("w21de:np-coburg.de.105627", "w21en:503", "different-hard", "read"),
    # US protests, Saturday 25 July 2020
    ("w21de:faz.79601", "w21en:14", "related", "read"),
    ("w21de:faz.79601", "w21en:781", "related", "read"),
    ("w21de:faz.79601", "w21en-de:490", "related", "read"),
    ("w21en-de:490", "w21en:14", "related", "read"),
    ("w21en-de:490", "w21en:781", "related", "read"),
    ("w21de:faz.79601", "w21en:864", "different-hard", "read"),
    ("w21en-de:490", "w21en:864", "different-hard", "read"),
    ("w21de:rhein-zeitung.de.234632", "w21de:faz.79601", "different-hard", "read"),
    ("w21de:rhein-zeitung.de.234632", "w21en:876", "different-hard", "read"),
    # same person or topic, different event (WMT 2021 week)
    ("w21en-de:192", "w21en:853", "different-hard", "read"),
    ("w21en-de:610", "w21en:622", "different-hard", "read"),
    ("w21de:tt.com.149061", "w21en:622", "different-hard", "read"),
    ("w21de:oe24.at.258757", "w21de:braunschweiger-zeitung.de.164637", "different-hard", "read"),
    ("w21de:lampertheimer-zeitung.de.111397", "w21de:morgenpost.de.276366", "different-hard", "read"),
    ("w21de:lampertheimer-zeitung.de.111397", "w21de:usinger-anzeiger.de.246516", "different-hard", "read"),
    ("w21de:wn.de.700404", "w21de:freiepresse.de.254098", "different-hard", "read"),
    ("w21de:mz-web.de.376296", "w21de:mittelbayerische.de.307290", "different-hard", "read"),
    ("w21de:tt.com.148707", "w21de:main-netz.de.61826", "different-hard", "read"),
    ("w21de:hna.de.247362", "w21de:bild.254850", "different-hard", "read"),
    ("w21de:infranken.de.309656", "w21de:schwarzwaelder-bote.de.10836037", "different-hard", "read"),
    ("w21de:pnn.de.185998", "w21de:rundschau-online.de.151934", "different-hard", "read"),
    ("w21de:morgenpost.de.276358", "w22en:villa-covid", "different-hard", "read"),
    ("w21de:mz-web.de.376126", "w22en:g7-russia", "different-hard", "read"),
    # WMT 2022 week (11-13 December 2021)
    ("w22de:kentucky", "w22en:biden-tornado", "related", "read"),
    ("w22de:kentucky", "w22en:avalanche", "different-hard", "read"),
    ("w22de:iran-talks", "w22en:iran-talks", "related", "read"),
    ("w22de:iran-talks", "w22en:iran-covid", "different-hard", "read"),
    ("w22de:johnson-booster", "w22en:johnson-parties", "different-hard", "read"),
    ("w22de:johnson-booster", "w22de:thueringen", "different-hard", "read"),
    ("w22de:thueringen", "w22en:villa-covid", "different-hard", "read"),
    ("w22de:belarus", "w22en:scholz-poland", "different-hard", "read"),
    ("w22de:belarus", "w22en:g7-russia", "different-hard", "read"),
    ("w22de:f1-protest", "w22de:verstappen", "related", "read"),
    ("w22de:f1-protest", "w22de:raikkonen", "related", "read"),
    ("w22de:f1-protest", "w22en:gabba", "different-hard", "read"),
    ("w22de:bob", "w22de:riiber", "different-hard", "read"),
    ("w22de:ruehle", "w22en:anne-rice", "different-hard", "read"),
    ("w22de:bezos", "w22en:anne-rice", "different-easy", "read"),
    # WMT22 week, French outlets in German translation
    ("w22de:johnson-booster", "w22frde:nouvelobs.com.18689", "same", "read"),
    ("w22frde:lameuse.be.24478", "w22en:biden-tornado", "same", "read"),
    ("w22de:f1-protest", "w22frde:dhnet.be.76630", "same", "read"),
    ("w22de-en:la-palma", "w22frde:euronews-fr.18286", "same", "read"),
    ("w22de:kentucky", "w22frde:lameuse.be.24478", "related", "read"),
    ("w22de:kentucky", "w22frde:dernieresnouvelles.11533", "related", "read"),
    ("w22frde:lalibre.be.410019", "w22en:g7-russia", "related", "read"),
    ("w22frde:dhnet.be.76630", "w22de:verstappen", "related", "read"),
    ("w22frde:lalibre.be.410019", "w22en:iran-talks", "different-hard", "read"),
    ("w22frde:lameuse.be.24499", "w22de:thueringen", "different-hard", "read"),
    ("w22frde:dhnet.be.76291", "w22de:johnson-booster", "different-hard", "read"),
    ("w22frde:nouvelobs.com.18689", "w22en:johnson-parties", "different-hard", "read"),
    # WMT22 week, Russian and Japanese outlets in English translation
    ("w22de:f1-protest", "w22xen:sovsport.ru.20260", "same", "read"),
    ("w22frde:dhnet.be.76630", "w22xen:sovsport.ru.20260", "same", "read"),
    ("w22de:bezos", "w22xen:belta.by.15673", "same", "read"),
    ("w22frde:lameuse.be.24478", "w22xen:yahoo-ja.265269", "same", "read"),
    ("w22de:kentucky", "w22xen:yahoo-ja.265269", "related", "read"),
    ("w22de:kentucky", "w22xen:yahoo-ja.264915", "related", "read"),
    ("w22de:johnson-booster", "w22xen:rt-russian.47343", "related", "read"),
    ("w22frde:nouvelobs.com.18689", "w22xen:rt-russian.47343", "related", "read"),
    ("w22frde:lalibre.be.410019", "w22xen:voa-golos-ameriki-ru.12402", "related", "read"),
    ("w22frde:lalibre.be.410019", "w22xen:rfi-russian.2537", "related", "read"),
    ("w22de:belarus", "w22xen:kp.96064", "related", "read"),
    ("w22de:belarus", "w22xen:voa-golos-ameriki-ru.12402", "different-hard", "read"),
    ("w22de:belarus", "w22xen:rfi-russian.2537", "different-hard", "read"),
    # German Wikinews: follow-ups of one event
    ("wn:30456", "wn:30570", "same", "read"),
    ("wn:5114", "wn:5178", "same", "read"),
    ("wn:50164", "wn:50226", "same", "read"),
    ("wn:30965", "wn:31627", "related", "read"),
    ("wn:55038", "wn:54978", "related", "read"),
    ("wn:48687", "wn:48690", "related", "read"),
    ("wn:22510", "wn:24558", "related", "read"),
    ("wn:27237", "wn:28114", "related", "read"),
    ("wn:28114", "wn:28446", "related", "read"),
    ("wn:8562", "wn:9679", "related", "read"),
    ("wn:9679", "wn:9996", "related", "read"),
    ("wn:13837", "wn:13741", "related", "read"),
    ("wn:83753", "wn:83783", "related", "read"),
    # German Wikinews: same person, place or kind of event, different event
    ("wn:69852", "wn:70915", "different-hard", "read"),
    ("wn:56965", "wn:58108", "different-hard", "read"),
    ("wn:50858", "wn:50935", "different-hard", "read"),
    ("wn:15578", "wn:64617", "different-hard", "read"),
    ("wn:15578", "wn:47872", "different-hard", "read"),
    ("wn:48343", "wn:19569", "different-hard", "read"),
    ("wn:72093", "wn:60475", "different-hard", "read"),
    ("wn:35750", "wn:54204", "different-hard", "read"),
    ("wn:45812", "wn:54204", "different-hard", "read"),
    ("wn:12873", "wn:33563", "different-hard", "read"),
    ("wn:12611", "wn:18512", "different-hard", "read"),
    ("wn:74899", "wn:75229", "different-hard", "read"),
    ("wn:33687", "wn:27869", "different-hard", "read"),
    ("wn:50554", "wn:54390", "different-hard", "read"),
    ("wn:52546", "wn:67339", "different-hard", "read"),
    ("wn:14002", "wn:23071", "different-hard", "read"),
    ("wn:12325", "wn:12706", "different-hard", "read"),
    ("wn:21450", "wn:27811", "different-hard", "read"),
    ("wn:57933", "wn:60764", "different-hard", "read"),
    ("wn:8814", "wn:8067", "different-hard", "read"),
]

N_EASY = 30  # random pairs across the pool, half de-de, half de-en, read before keeping


def opaque(key: str) -> str:
    return "st-" + hashlib.sha256(key.encode()).hexdigest()[:10]


def load_articles() -> dict[str, dict]:
    arts: dict[str, dict] = {}
    for doc, orig, _trans, _b in docs_wmt21_deen():
        arts[f"w21de:{doc}"] = {
            "segs": orig,
            "language": "de",
            "origin": f"WMT21 newstest2021 de-en source {doc}",
        }
    for doc, orig, trans, _b in docs_wmt21_ende():
        line = doc.rsplit("-l", 1)[1]
        arts[f"w21en:{line}"] = {
            "segs": orig,
            "language": "en",
            "origin": f"WMT21 newstest2021 en-de source, line {line}",
        }
        arts[f"w21en-de:{line}"] = {
            "segs": trans,
            "language": "de",
            "origin": f"WMT21 newstest2021 en-de reference A (German translation), line {line}",
        }
    w22en = lines(W22, "txt/sources/generaltest2022.en-de.src.en")
    for key, (a, b) in W22EN.items():
        arts[f"w22en:{key}"] = {
            "segs": w22en[a - 1 : b],
            "language": "en",
            "origin": f"WMT22 generaltest2022 en-de source, lines {a}-{b}",
        }
    w22de = lines(W22, "txt/sources/generaltest2022.de-en.src.de")
    for key, (a, b) in W22DE.items():
        arts[f"w22de:{key}"] = {
            "segs": w22de[a - 1 : b],
            "language": "de",
            "origin": f"WMT22 generaltest2022 de-en source, lines {a}-{b}",
        }
    w22deen = lines(W22, "txt/references/generaltest2022.de-en.ref.A.en")
    for key, (a, b) in W22DE_EN.items():
        arts[f"w22de-en:{key}"] = {
            "segs": w22deen[a - 1 : b],
            "language": "en",
            "origin": f"WMT22 generaltest2022 de-en reference A (English translation), lines {a}-{b}",
        }
    root = ET.fromstring(show(W22, "xml/wmttest2022.fr-de.all.xml"))
    for doc in root.iter("doc"):
        if doc.get("id") in W22FRDE:
            ref = next(r for r in doc.iter("ref") if r.get("translator") == "A")
            arts[f"w22frde:{doc.get('id')}"] = {
                "segs": [seg.text or "" for seg in ref.iter("seg")],
                "language": "de",
                "origin": f"WMT22 wmttest2022 fr-de reference A (German), document {doc.get('id')}",
            }
    for pair, ids in W22XEN.items():
        root = ET.fromstring(show(W22, f"xml/wmttest2022.{pair}.all.xml"))
        for doc in root.iter("doc"):
            if doc.get("id") in ids:
                ref = next(r for r in doc.iter("ref") if r.get("translator") == "A")
                arts[f"w22xen:{doc.get('id')}"] = {
                    "segs": [seg.text or "" for seg in ref.iter("seg")],
                    "language": "en",
                    "origin": f"WMT22 wmttest2022 {pair} reference A (English), document {doc.get('id')}",
                }
    for r in wikinews():
        num = r["id"].split("-")[1]
        arts[f"wn:{num}"] = {
            "title": r["title"],
            "text": r["text"],
            "language": "de",
            "origin": f"German Wikinews article {num} ({r['published']})",
        }
    return arts


def record(key: str, art: dict) -> dict:
    if "segs" in art:
        segs = [s.strip() for s in art["segs"]]
        title = segs[0]  # every document and line range of the story set starts at its headline
        text = "\n".join(segs[1:])
    else:
        title, text = art["title"], art["text"]
    return {
        "id": opaque(key),
        "title": title,
        "text": text,
        "language": art["language"],
        "origin": art["origin"],
        "key": key,
    }


def build_stories() -> None:
    arts = load_articles()
    pairs = list(PAIRS)
    # clusters: a pair's split is the hash of its connected component, so no event is in both halves
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b, label, _ in pairs:
        if label != "different-easy" and label != "different-hard":
            parent[find(a)] = find(b)
    chosen = {k.replace("w21en-de:", "w21en:"): k for a, b, _, _ in pairs for k in (a, b)}

    def allowed(k: str) -> bool:
        return chosen.get(k.replace("w21en-de:", "w21en:"), k) == k

    rng = random.Random(20261201)
    # the random pool leaves out the sources added last (w22frde, w22de-en, w22xen), so the easy pairs read
    # before they were added stay the same
    pool = [k for k in arts if not k.startswith(("w22frde:", "w22de-en:", "w22xen:"))]
    german = sorted(k for k in pool if arts[k]["language"] == "de" and not k.startswith("wn:")) + sorted(
        rng.sample(sorted(k for k in pool if k.startswith("wn:")), 60)
    )
    english = sorted(k for k in pool if arts[k]["language"] == "en")
    easy: list[tuple[str, str, str, str]] = []
    taken = set()
    while len(easy) < N_EASY:
        a = rng.choice(german)
        b = rng.choice(german if len(easy) % 2 == 0 else english)
        if a == b or (a, b) in taken or a.split(":")[1] == b.split(":")[1] or find(a) == find(b):
            continue
        if not (allowed(a) and allowed(b)):
            continue
        for k in (a, b):
            chosen[k.replace("w21en-de:", "w21en:")] = k
        taken.add((a, b))
        easy.append((a, b, "different-easy", "random, read"))
    pairs += easy
    keys = sorted({k for a, b, _, _ in pairs for k in (a, b)})
    # a document may appear in one language only (no translation pairs in this set)
    base = collections.Counter(k.replace("w21en-de:", "w21en:") for k in keys)
    assert all(n == 1 for n in base.values()), [k for k, n in base.items() if n > 1]
    with (OUT / "stories.jsonl").open("w", encoding="utf-8") as f:
        for k in keys:
            f.write(json.dumps(record(k, arts[k]), ensure_ascii=False) + "\n")
    # Split: pairs of one event (connected by same/related links) stay in one half. Groups are taken in
    # order (largest first, then by a hash of their id) and each goes to the half that has fewer events
    # (for same/related) or pairs (for different) of its labels so far, so both halves get several
    # `same` events (a plain hash of the group put 9 of the 12 same pairs into one half).
    rows = []
    for a, b, label, basis in pairs:
        la, lb = arts[a]["language"], arts[b]["language"]
        ptype = "de-de" if la == lb == "de" else "de-en"
        lab, neg = label.split("-") if label.startswith("different") else (label, "")
        pid = f"{opaque(a)}~{opaque(b)}"
        group = opaque(find(a)) if label in ("same", "related") else pid
        rows.append(
            {
                "pair_id": pid,
                "id1": opaque(a),
                "id2": opaque(b),
                "label": lab,
                "pair_type": ptype,
                "negative": neg,
                "group": group,
                "basis": basis,
                "key1": a,
                "key2": b,
            }
        )
    groups: dict[str, list[dict]] = collections.defaultdict(list)
    for r in rows:
        groups[r["group"]].append(r)
    load = {"tune": collections.Counter(), "report": collections.Counter()}
    for g in sorted(groups, key=lambda g: (-len(groups[g]), hashlib.sha256(g.encode()).hexdigest())):
        # an event group counts once per label it carries (so the few `same` events spread over both
        # halves), a `different` pair counts as itself
        need = collections.Counter(
            {(r["label"], "event"): 1 for r in groups[g]}
            if groups[g][0]["group"] != groups[g][0]["pair_id"]
            else {(r["label"], r["pair_type"]): 1 for r in groups[g]}
        )
        score = {h: sum(load[h][k] * n for k, n in need.items()) for h in load}
        half = min(load, key=lambda h: (score[h], h != split_of(g)))
        load[half].update(need)
        for r in groups[g]:
            r["split"] = half
    cols = [
        "pair_id",
        "id1",
        "id2",
        "label",
        "pair_type",
        "negative",
        "split",
        "group",
        "basis",
        "key1",
        "key2",
    ]
    with (OUT / "story_pairs.tsv").open("w", encoding="utf-8") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in cols) + "\n")
    c = collections.Counter()
    for a, b, label, _ in pairs:
        la, lb = arts[a]["language"], arts[b]["language"]
        c[(label, "de-de" if la == lb == "de" else "de-en")] += 1
    print(len(keys), "articles;", sorted(c.items()))
    for a, b, label, _ in easy:
        print(label, "|", record(a, arts[a])["title"], "||", record(b, arts[b])["title"])


if __name__ == "__main__":
    build_translations()
    build_stories()
