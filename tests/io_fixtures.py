"""Small hand-written datasets for the io and validation tests (built in each test's tmp_path)."""

from __future__ import annotations

from pathlib import Path

PROJECTS = """project_id,year,department,legal_form,stage,sector,decision,commentaire
P1,2019,02,association,emergence,culture,labellise,évalué en séance
P2,2019,59,scop,essaimage,habitat,non_labellise,
P3,2020,80,sas,experimentation,sante,ajourne,à revoir
"""

RATERS = """rater_id,college
R1,expert
R2,financeur_public
R3,accompagnement
"""

SCORES = """project_id,rater_id,round,marker,score
P1,R1,individuel,M01,2
P1,R2,individuel,M01,3
P1,R1,individuel,M02,
P1,R2,individuel,M02,1
P1,COMITE,consensus,M01,2
P1,COMITE,consensus,M02,1
P2,R1,individuel,M01,0
P2,R3,individuel,M01,1
P2,R1,revise,M01,1
P3,R2,individuel,M03,3
"""

MARKERS = """code,label_fr,label_en,dimension
M01,Contextualisation du besoin,Contextualisation of need,Contexte d'émergence
M02,Place des bénéficiaires,Place of beneficiaries,Contexte d'émergence
M03,Nature du collectif,Nature of the collective,Processus
"""

SCALE = """level,label_fr,label_en
0,absent,absent
1,faible,weak
2,affirmé,asserted
3,structurant,structuring
"""

BASE = {
    "projects.csv": PROJECTS,
    "raters.csv": RATERS,
    "scores.csv": SCORES,
    "markers.csv": MARKERS,
    "scale.csv": SCALE,
}


def write_folder(folder: Path, files: dict[str, str | bytes | None] | None = None, **kw) -> Path:
    """Write BASE updated with ``files`` (None removes a file) as UTF-8 text (bytes as given)."""
    folder.mkdir(parents=True, exist_ok=True)
    content = dict(BASE)
    content.update(files or {})
    encoding = kw.get("encoding", "utf-8")
    newline = kw.get("newline", "\n")
    for name, text in content.items():
        if text is None:
            continue
        data = text if isinstance(text, bytes) else text.replace("\n", newline).encode(encoding)
        (folder / name).write_bytes(data)
    return folder


def replace_line(text: str, line: int, new: str) -> str:
    """Replace spreadsheet line ``line`` (header = 1) of a CSV text."""
    lines = text.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"
