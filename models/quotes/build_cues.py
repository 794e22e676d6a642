"""Rebuild src/lagebild/data/speech_cues.tsv, the verbs and frames that introduce speech.

Source: the cue annotations of GePaDe SpkAtt (Bundestag speeches, CC0 1.0) in
../shared/data/quotes_gepade_debates/{train,dev}, plus rules written here (inflection, strong-verb
forms, separable particles, news frames such as "laut"/"zufolge"). No Wikinews annotation
(CC BY-NC-SA) goes into the lexicon, so the shipped file is CC0 + Apache-2.0.

    python models/quotes/build_cues.py [--data ../shared/data/quotes_gepade_debates] [--min-count 2]

Each verb seen as a GePaDe cue is reduced to a stem and re-inflected (present, preterite, participle,
Konjunktiv), because parliamentary speech uses "ich sage" where news writes "sagte er". Separable verbs
("mitteilen") get rows for their finite forms with the particle the clause must end in ("teilte … mit").
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def words(text: str) -> list[str]:
    return text.split()


PARTICLES = (
    "auseinander", "hervor", "hinzu", "zurück", "zusammen", "bekannt", "klar", "fest", "dar", "vor",
    "nach", "mit", "hin", "aus", "auf", "ein", "an", "ab", "zu", "bei",
)  # fmt: skip
NOT_SEPARABLE = ("antwort", "zitier", "anwalt", "angst", "analys", "abstimm", "hinter")
INSEPARABLE = ("be", "er", "ver", "ent", "zer", "ge", "miss", "wider", "über", "unter", "hinter")
# Cue tokens in GePaDe that are not verbs of saying in news text (function words, politeness formulae).
NOT_CUES = {
    "für", "ist", "sind", "bin", "war", "hat", "haben", "habe", "wird", "werden", "sich", "mich", "es",
    "das", "die", "der", "bitte", "danke", "dank", "gehört", "steht", "stehen", "nach", "laut", "so",
    "gibt", "geht", "machen", "macht", "stellen", "halten", "kommen", "lesen", "hören", "sehen", "sehe",
    "gesehen", "finden", "finde", "zeigt", "zeigen", "gezeigt", "erlaubt", "beschäftigen", "wissen",
    "weiß", "verstehen", "verstanden", "erkennen", "vorstellen", "verpflichtet", "heißt", "heißen",
    "unterhalten", "beraten", "gewusst",
    "zustimmen", "freue", "erinnern", "erinnere", "erinnert", "nachdenken", "wünschen", "wünsche",
    "zitiere", "bedanke", "lassen", "lässt", "gelesen", "vorlegen", "vorgelegt", "schreiben", "hoffe",
    "vorliegen", "vorliegt", "legen", "gehen", "liest", "hört", "höre", "zuhören", "zuzuhören", "hält",
    "nachlesen", "anhören", "halte", "bieten", "gefasst", "waren", "ernst", "eingehen", "eingegangen",
    "vorstellt", "vorgestellt", "zurückkommen", "nachvollziehen", "aufgreifen", "aufgegriffen", "einbringen",
    "eingebracht", "bekannt", "klar", "einig", "dankbar", "vorvorliegen", "nachdenkt", "nachzudenken",
}  # fmt: skip
# Stems of GePaDe cues that are not verbs of saying outside parliament ("eine Debatte führen").
NOT_STEMS = words(
    "führ durchführ wurd sein komm mach nehm nimm genomm gegeb geb lieg steh stell treff getroff zieh "
    "gezog geword wand wend werb geworb sing kling fass find fand les rech richtig deutlich sicher froh "
    "willens hiel gehal strei vertr verbrei zeichn verzeichn teil erlass erteil dank bit freu wunder "
    "verwunder bewus erkann empfind urteil wahrnehm wahrgenomm vernomm überleg überdenk bestimm "
    "beschäftig besprech besproch debattier diskutier verhandel verständig übereinstimm "
    "unterzeichn präsentier hetz fasel jammer infrag herumgesproch schlechtzured herausverlang bejubel "
    "beleidig diffamier diskreditier verharmlos erfahr vermittel zähl setz red leg hal tre schreib "
    "verschweig sieh bedank bedenk erweck wahr denk dach wuss weiß erwar erwart"
)
# Participles that are more often adjectives or plain passives in news than verbs of saying.
NOT_FORMS = words(
    "genannt gefunden veröffentlicht verboten verurteilt geschlossen geschlagen erlaubt gesehen gerechnet "
    "bekannt beschrieben geschrieben gegeben geboten bietet"
)
# Strong and irregular verbs of saying: present 3rd person and preterite forms the rules cannot make.
STRONG = {
    "sprechen": "spricht sprach sprachen gesprochen",
    "geben": "gibt gab gaben gegeben",
    "weisen": "weist wies wiesen gewiesen",
    "rufen": "ruft rief riefen gerufen",
    "schreiben": "schreibt schrieb schrieben geschrieben",
    "heißen": "heißt hieß",
    "bitten": "bittet bat baten gebeten",
    "nennen": "nennt nannte nannten genannt",
    "heben": "hebt hob hoben gehoben",
    "werfen": "wirft warf warfen geworfen",
    "schlagen": "schlägt schlug schlugen geschlagen",
    "schließen": "schließt schloss schlossen geschlossen",
    "streiten": "streitet stritt stritten gestritten",
    "befehlen": "befiehlt befahl befahlen befohlen",
    "empfehlen": "empfiehlt empfahl empfahlen empfohlen",
    "bieten": "bietet bot boten geboten",
    "gehen": "geht ging gingen gegangen",
    "finden": "findet fand fanden gefunden",
    "stehen": "gesteht gestand gestanden",
    "machen": "macht machte machten gemacht",
    "verweisen": "verweist verwies verwiesen",
}
# Strong verbs that report speech only with their particle ("wies … hin", never a bare "wies").
PARTICLE_ONLY = {
    "weisen": "hin zurück", "geben": "an bekannt zu", "rufen": "auf", "heben": "hervor", "werfen": "vor",
    "schlagen": "vor", "schließen": "aus", "bieten": "an", "streiten": "ab", "gehen": "aus",
    "finden": "heraus", "stehen": "ein", "machen": "deutlich klar",
}  # fmt: skip
# Verbs of saying that news uses and a parliamentary corpus rarely does (past tense, reporting voice).
NEWS_VERBS = words(
    "sagen erklären betonen mitteilen bekanntgeben ankündigen berichten warnen fordern kritisieren "
    "bestätigen dementieren bestreiten zurückweisen hinweisen verweisen unterstreichen hervorheben "
    "einräumen zugeben versichern versprechen behaupten vermuten meinen glauben hoffen befürchten "
    "fürchten bezweifeln beklagen bemängeln monieren verlangen appellieren aufrufen vorwerfen "
    "beschuldigen bezeichnen nennen ergänzen hinzufügen erläutern schildern berichten melden "
    "verkünden antworten entgegnen erwidern fragen kommentieren zitieren verurteilen begrüßen loben "
    "ablehnen drohen bekräftigen feststellen klarstellen darlegen andeuten anmerken ausschließen "
    "prognostizieren schätzen rechnen argumentieren begründen empfehlen raten vorschlagen bitten "
    "informieren mahnen ermahnen beteuern bekennen gestehen zusagen schreiben sprechen äußern "
    "bekunden unterstellen anzweifeln verteidigen widersprechen protestieren bedauern zusichern "
    "ausführen einschätzen bilanzieren resümieren beschließen entscheiden vereinbaren erwägen signalisieren "
    "nachsagen"
)
# Verbs whose object alone carries a message ("X warnte vor Sanktionen"): these make reported speech.
REPORTED = words(
    "warnen fordern ablehnen zurückweisen dementieren ankündigen appellieren aufrufen vorwerfen "
    "beschuldigen bezeichnen verlangen protestieren beklagen bemängeln loben bekräftigen berichten "
    "hinweisen bedauern widersprechen"
)
# English verbs of saying, in the forms news uses: lagebild reads English articles with the same rules
# ("“We are ready,” Blinken said"; "Lavrov said the talks were useful").
ENGLISH = words(
    "said says say told tells added adds stated states warned warns explained explains noted notes "
    "asked asks replied replies claimed claims argued argues insisted insists announced announces "
    "confirmed confirms denied denies wrote writes urged urges stressed stresses"
)
# Prepositions and frames that attribute a whole clause: "laut X", "X zufolge", "nach Angaben von X".
FRAMES = {
    "prep": "laut gemäß zufolge",
    "after": "angaben aussage aussagen ansicht auffassung meinung einschätzung darstellung informationen "
    "berichten erkenntnissen schätzungen worten überzeugung vorstellung bericht meldung mitteilung analyse "
    "vernehmen",
}


def stem_of(form: str) -> tuple[str, str]:
    """(particle, stem) of an infinitive or finite form: 'ankündigen' -> ('an', 'kündig')."""
    particle = ""
    if not form.startswith(NOT_SEPARABLE):
        for p in PARTICLES:
            if form.startswith(p) and len(form) - len(p) >= 4:
                particle, form = p, form[len(p) :]
                break
    if particle and form.startswith("zu") and len(form) > 6:
        form = form[2:]
    if form.startswith("ge") and form.endswith("t") and len(form) > 5:
        form = form[2:]
    for suffix in ("eten", "ete", "ten", "te", "en", "et", "st", "rn", "ln", "t", "e"):
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            return particle, form[: -len(suffix) + (1 if suffix in ("rn", "ln") else 0)] or form
    return particle, form


def stem_of_infinitive(verb: str) -> tuple[str, str]:
    """(particle, stem) of a known infinitive, where "-ten" is never a past ending ("vermuten")."""
    particle = ""
    if not verb.startswith(NOT_SEPARABLE):
        particle = next((p for p in PARTICLES if verb.startswith(p) and len(verb) - len(p) >= 4), "")
    rest = verb[len(particle) :]
    return particle, rest[:-1] if rest.endswith(("ern", "eln")) else rest[:-2]


def inflect(particle: str, stem: str) -> dict[str, str]:
    """Surface forms of a weak verb, each mapped to the particle its clause must end with ('' if none)."""
    e = "e" if stem.endswith(("t", "d", "chn", "gn", "ffn")) else ""
    infinitive = stem + ("n" if stem.endswith(("er", "el")) else "en")
    finite = [stem + "e", stem + e + "t", infinitive, stem + e + "te", stem + e + "ten", stem + e + "st"]
    inseparable = stem.startswith(INSEPARABLE) or stem.endswith("ier")
    participle = ("" if inseparable else "ge") + stem + e + "t"
    forms = dict.fromkeys(finite, particle)
    if particle:
        # Verb-final subordinate clauses join particle and verb: "wie die Polizei mitteilte".
        forms.update(dict.fromkeys((particle + f for f in finite[1:]), ""))
        forms[particle + infinitive] = ""
        forms[particle + participle] = ""
        forms[particle + "zu" + infinitive] = ""
    else:
        forms[participle] = ""
    return forms


def gepade_cues(data: Path) -> Counter[str]:
    """Lower-case cue tokens of GePaDe that look like verbs (German nouns are capitalised)."""
    counts: Counter[str] = Counter()
    for path in sorted(data.glob("*/*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        tokens = {s["SentenceId"]: s["Tokens"] for s in doc["Sentences"]}
        for ann in doc["Annotations"]:
            for ref in ann["Cue"]:
                sent, tok = (int(x) for x in ref.split(":"))
                word = tokens[sent][tok]
                if word.islower() and word.isalpha() and len(word) >= 4 and word not in NOT_CUES:
                    counts[word] += 1
    return counts


def build(data: Path, min_count: int) -> list[tuple[str, str, str, int]]:
    counts = gepade_cues(data)
    lemmas: Counter[tuple[str, str]] = Counter()
    for word, n in counts.items():
        particle, stem = stem_of(word)
        if n >= min_count and stem not in NOT_STEMS:
            lemmas[(particle, stem)] += n
    for verb in NEWS_VERBS:
        lemmas[stem_of_infinitive(verb)] += 0
    reported = {stem_of_infinitive(v) for v in REPORTED}
    rows: dict[tuple[str, str], tuple[str, int]] = {}
    for (particle, stem), n in lemmas.items():
        for form, needs in inflect(particle, stem).items():
            # Only finite forms report on their own; "verurteilt" is as often an adjective.
            finite = bool(needs) or (not particle and not form.startswith("ge"))
            kind = "reported" if finite and (particle, stem) in reported else "verb"
            rows[(form, needs)] = (kind, max(n, rows.get((form, needs), ("", 0))[1]))
    for verb, forms in STRONG.items():
        only = PARTICLE_ONLY.get(verb)
        for particle in only.split() if only else [""]:
            for form in forms.split():
                key = (form, particle)
                # Only the participle (listed last) joins its particle; "geht", "gesteht" are finite.
                if particle and form == forms.split()[-1] and form.startswith("ge"):
                    key = (particle + form, "")
                elif particle:
                    rows.setdefault((particle + form, ""), ("verb", 0))
                finite = not key[0].startswith(("ge", particle + "ge"))
                kind = "reported" if finite and (particle, stem_of(verb)[1]) in reported else "verb"
                rows.setdefault(key, (kind, 0))
    out = [
        (kind, form, needs or "-", n) for (form, needs), (kind, n) in rows.items() if form not in NOT_FORMS
    ]
    out.extend(("verb", form, "-", 0) for form in sorted(ENGLISH))
    for kind, names in FRAMES.items():
        out.extend((kind, w, "-", 0) for w in names.split())
    return sorted(out, key=lambda r: (r[0], r[1], r[2]))


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(root.parent / "shared/data/quotes_gepade_debates"))
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("-o", "--out", default=str(root / "src/lagebild/data/speech_cues.tsv"))
    args = parser.parse_args()
    rows = build(Path(args.data), args.min_count)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(
            "# kind\tform\tparticle the clause must end with (- for none)\tGePaDe cue count (0: rule)\n"
            "# Built by models/quotes/build_cues.py from GePaDe SpkAtt cues (CC0 1.0) and written rules.\n"
        )
        for kind, form, needs, n in rows:
            out.write(f"{kind}\t{form}\t{needs}\t{n}\n")
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
