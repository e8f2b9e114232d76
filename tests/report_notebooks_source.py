"""Source of the report template and the research notebooks in ``notebooks/``.

The notebooks are generated from the cell lists below (so that their text can be
reviewed as code) and committed without outputs. Regenerate them with::

    python tests/report_notebooks_source.py

Narration that must follow ``lang`` lives in code cells printing Markdown written
with ``t_("texte français")`` (English in the message catalogue,
``amiris_lab/locale/en/LC_MESSAGES/amiris_lab.po``); fixed French narration of the research notebooks lives in
Markdown cells.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

# ---------------------------------------------------------------------------------------------
# The annual report template
# ---------------------------------------------------------------------------------------------
REPORT_PARAMETERS = """year: int = 2019  # année du rapport
data_dir: str = "../data/demo"  # dossier des données (ou "demo:" pour les données de démonstration)
lang: str = "fr"  # langue du rapport : "fr" ou "en"
n_boot: int = 1000  # tirages bootstrap des intervalles de confiance
seed: int = 2024  # graine des calculs aléatoires (bootstrap, typologies)
alpha_min: float = 0.667  # seuil d'accord (alpha de Krippendorff) jugé acceptable
previous_years: int = 3  # nombre d'années antérieures comparées"""

REPORT_CELLS: list[tuple[str, str]] = [
    (
        "code",
        """%matplotlib inline
import warnings

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import amiris_lab as al
from amiris_lab import clustering as cl
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.analysis import readable_agreement_table
from amiris_lab.definitions import vocabulary_label
from amiris_lab.i18n import N_, t_

warnings.simplefilter("ignore")  # statistiques non définies : signalées dans le texte (« n.d. »)
plt.rcParams.update({"figure.dpi": 90, "savefig.bbox": "tight"})
pd.set_option("display.precision", 2)
pd.set_option("display.max_colwidth", None)


def texte(text):
    display(Markdown(str(text)))


def titre(ident, text, level=2):
    display(Markdown(f'<h{level} id="{ident}">{text}</h{level}>'))


def afficher(fig_or_ax):
    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    display(fig)
    plt.close(fig)""",
    ),
    ("code", REPORT_PARAMETERS),
    (
        "code",
        """al.set_language(lang)
dataset = rp.open_dataset(data_dir)
annee = dataset.filter(year=year)
precedentes = [y for y in dataset.years if y < year][-previous_years:] if previous_years else []
decision_de = annee.projects.set_index("project_id")["decision"].astype(str)
titre("titre", t_("Rapport annuel {year} : l'appel à projets d'innovation sociale", year=year), level=1)
texte(t_("Ce rapport présente les candidatures de l'année, la façon dont le comité de "
"labellisation a noté les 12 marqueurs d'innovation sociale de l'Institut Godin "
"(échelle de 0 « absent » à 3 « structurant »), la fiabilité de ces notes et "
"l'évolution par rapport aux années précédentes. Il est produit automatiquement, "
"sans retouche, à partir des données."))""",
    ),
    (
        "code",
        """titre("chiffres-cles", t_("1. Chiffres clés"))
accord = al.agreement_table(
    annee, statistics=("alpha",), round="individuel", n_boot=n_boot, seed=seed, progress=False, lang=lang
)
chiffres = rp.key_figures(dataset, year=year, agreement=accord)
rp.show_key_figures(chiffres)
texte(rp.key_figures_text(chiffres))""",
    ),
    (
        "code",
        """titre("candidatures", t_("2. Candidatures et décisions"))
texte(t_("Nombre de projets par département, forme juridique, stade et secteur, selon la "
"décision du comité (labellisé, ajourné, non labellisé)."))
colonnes = [c for c in ("department", "legal_form", "stage", "sector") if c in annee.projects]
noms = {"department": t_("Département"), "legal_form": t_("Forme juridique"),
        "stage": t_("Stade"), "sector": t_("Secteur")}
decisions = [d for d in ("labellise", "ajourne", "non_labellise")]
fig, axes = plt.subplots(2, 2, figsize=(11, 8))
for ax, col in zip(axes.flat, colonnes):
    table = pd.crosstab(annee.projects[col].astype(str), annee.projects["decision"].astype(str))
    table = table.reindex(columns=[d for d in decisions if d in table.columns], fill_value=0)
    if col in ("department", "legal_form", "stage"):
        table.index = [vocabulary_label(col, v) for v in table.index]
    else:
        table.index = [v.replace("_", " ").capitalize() for v in table.index]
    table.columns = [vocabulary_label("decision", d) for d in table.columns]
    table.plot.barh(stacked=True, ax=ax, color=pl.OKABE_ITO[1:1 + table.shape[1]], legend=ax is axes.flat[0])
    ax.set_title(noms[col])
    ax.set_xlabel(t_("projets"))
    ax.set_ylabel("")
for ax in list(axes.flat)[len(colonnes):]:
    ax.set_visible(False)
fig.tight_layout()
afficher(fig)
par_dep = pd.crosstab(annee.projects["department"].astype(str), annee.projects["decision"].astype(str), margins=True,
                      margins_name=t_("Total"))
par_dep.index = [vocabulary_label("department", v) if v in al.definitions.VOCABULARIES["department"] else v
                 for v in par_dep.index]
par_dep.columns = [vocabulary_label("decision", v) if v in al.definitions.VOCABULARIES["decision"] else v
                   for v in par_dep.columns]
par_dep""",
    ),
    (
        "code",
        """titre("profil", t_("3. Profil des marqueurs de l'année"))
texte(t_("Répartition des notes de consensus du comité par marqueur : à gauche les niveaux "
"bas, à droite les niveaux hauts. Les notes laissées vides ne comptent pas."))
ax = pl.score_distribution(annee.scores, round="consensus")
ax.set_title(t_("Notes de consensus {year}", year=year))
afficher(ax)
consensus = annee.profiles(round="consensus")
par_decision = consensus.groupby(decision_de.reindex(consensus.index)).mean()
par_decision.index = [vocabulary_label("decision", d) for d in par_decision.index]
texte(t_("Le radar compare le profil moyen de consensus des projets labellisés, ajournés et "
"non labellisés : plus la surface est grande, plus les marqueurs sont affirmés."))
afficher(pl.radar(par_decision, title=t_("Profil moyen selon la décision")))""",
    ),
    (
        "code",
        """titre("accord", t_("4. Accord du comité par marqueur"))
texte(t_("Les membres du comité notent d'abord seuls. Si le marqueur est clair pour tous, "
"leurs notes concordent. L'alpha de Krippendorff mesure cette concordance : 1 = "
"accord parfait, 0 = pas plus qu'au hasard. On le juge acceptable à partir de {fmt}. "
"L'intervalle (bootstrap, {n_boot} tirages) montre la marge d'incertitude.", fmt=rp.fmt(alpha_min), n_boot=n_boot))
afficher(pl.agreement_forest(accord, statistic="alpha", thresholds=(alpha_min, 0.800)))
texte(rp.agreement_text(accord, alpha_min=alpha_min, statistic="alpha"))
display(readable_agreement_table(accord, digits=2).set_index(t_("Marqueur")))""",
    ),
    (
        "code",
        """titre("consensus", t_("5. Des notes individuelles au consensus"))
texte(t_("Après discussion, le comité fixe une note de consensus. Pour chaque marqueur : la "
"moyenne des notes individuelles (rond vide) et celle du consensus (rond plein)."))
individuel = annee.scores[annee.scores["round"] == "individuel"]
comite = annee.scores[annee.scores["round"] == "consensus"]
paires = individuel[["project_id", "rater_id", "marker", "score"]].rename(columns={"score": "individual"}).merge(
    comite[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}), on=["project_id", "marker"])
afficher(pl.consensus_movement_plot(paires))
texte(rp.movement_text(chiffres))""",
    ),
    (
        "code",
        """titre("membres", t_("6. Effets des collèges et des membres"))
texte(t_("La sévérité d'un membre est l'écart moyen entre ses notes et celles des autres "
"membres sur les mêmes projets (négatif = plus sévère). Des écarts marqués ou "
"propres à un collège invitent à revoir ensemble la grille de lecture des marqueurs."))
severite = al.rater_severity(annee)
par_college = al.rater_severity(annee, by="college")
texte("**" + t_("Collèges.") + "** " + rp.severity_text(par_college),
      "**Colleges.** " + rp.severity_text(par_college, lang="en"))
texte("**" + t_("Membres.") + "** " + rp.severity_text(severite),
      "**Members.** " + rp.severity_text(severite, lang="en"))
afficher(pl.rater_severity_plot(severite))""",
    ),
    (
        "code",
        """titre("typologies", t_("7. Typologies de projets de l'année"))
texte(t_("Les projets de l'année sont regroupés selon leur profil de consensus (mélange "
"gaussien, nombre de groupes, de 2 à 6, choisi par le critère BIC). Les noms sont "
"des suggestions construites à partir des marqueurs qui distinguent chaque groupe."))
typologie = al.MarkerTypology("gmm", k_range=(2, 6), random_state=seed).fit(annee)
resume = cl.cluster_summary(typologie)
noms_groupes = dict(zip(resume["cluster"], resume["name"]))
tailles = dict(zip(resume["cluster"], resume["size"]))
afficher(pl.cluster_profile_heatmap(typologie.profiles_, names=noms_groupes, sizes=tailles))
croise = cl.cluster_crosstab(annee, typologie, by="decision")
texte(t_("{n_resume} groupes. Lien entre groupe et décision : V de Cramér = {fmt} (0 = aucun "
"lien, 1 = la décision suit exactement le groupe).", n_resume=len(resume), fmt=rp.fmt(croise.cramers_v)))
display(
    resume.assign(share=(100 * resume["share"]).round().astype(int).astype(str) + " %")
    [["cluster", "size", "share", "mean_score", "name"]]
    .rename(columns={"cluster": t_("Groupe"), "size": t_("Projets"),
                     "share": t_("Part"), "mean_score": t_("Note moyenne"),
                     "name": t_("Nom suggéré")})
    .set_index(t_("Groupe"))
)""",
    ),
    (
        "code",
        """titre("evolution", t_("8. Évolution par rapport aux années précédentes"))
if precedentes:
    tendance = pd.concat([rp.key_figures(dataset, year=y) for y in precedentes] + [chiffres])
    for ind, lab in (("applications", N_("candidatures")),
                     ("labelled_share", N_("part de projets labellisés")),
                     ("mean_consensus", N_("note moyenne de consensus"))):
        texte("- " + rp.trend_text(tendance, indicator=ind, label=lab))
    globaux = tendance[tendance["marker"] == ""].pivot(index="year", columns="indicator", values="value")
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    for ax, ind, lab in zip(axes, ("applications", "labelled_share", "mean_consensus"),
                            (t_("Candidatures"), t_("Part labellisée"),
                             t_("Note moyenne de consensus"))):
        ax.plot(globaux.index, globaux[ind], marker="o", color=pl.OKABE_ITO[5])
        ax.set_title(lab)
        ax.set_xticks(list(globaux.index))
    fig.tight_layout()
    afficher(fig)
    par_marqueur = tendance[(tendance["indicator"] == "mean_consensus") & (tendance["marker"] != "")]
    texte(t_("**Note moyenne de consensus par marqueur et par année**"))
    display(par_marqueur.pivot(index="marker", columns="year", values="value")
            .rename_axis(index=t_("Marqueur"), columns=t_("Année")))
    # point values only: the intervals of each year are in that year's report
    accords = al.agreement_table(dataset.filter(year=precedentes + [year]), by=("year", "marker"),
                                 statistics=("alpha",), n_boot=20, seed=seed, progress=False)
    alphas = accords.pivot(index="marker", columns="year", values="value")
    medianes = alphas.median()
    texte("- " + rp.trend_text(pd.DataFrame({"year": medianes.index, "indicator": "alpha", "marker": "",
                                             "value": medianes.to_numpy()}),
                               indicator="alpha",
                               label=N_("alpha médian des 12 marqueurs")))
    texte(t_("**Accord (alpha de Krippendorff) par marqueur et par année**"))
    display(alphas.rename_axis(index=t_("Marqueur"), columns=t_("Année")))
else:
    texte(t_("Aucune année antérieure dans les données : pas de comparaison possible."))""",
    ),
    (
        "code",
        """titre("methodes", t_("9. Méthodes et provenance"))
texte(t_("**Méthodes.** Accord : alpha de Krippendorff (données ordinales) sur les notes "
"individuelles, intervalle de confiance bootstrap à 95 % ({n_boot} tirages, graine "
"{seed}). Consensus : note du comité. Typologies : mélange gaussien sur les profils "
"de consensus. Une note laissée vide (« non noté ») n'est jamais comptée comme 0. "
"**Reproduire ce rapport** : `amiris-lab report --year {year} --data <dossier> "
"--lang {lang_value} --n-boot {n_boot} --seed {seed}` sur des données de même "
"empreinte donne les mêmes chiffres clés.", n_boot=n_boot, seed=seed, year=year, lang_value=lang))
parametres = {"year": year, "data_dir": data_dir, "lang": lang, "n_boot": n_boot, "seed": seed,
              "alpha_min": alpha_min, "previous_years": previous_years}
origine = rp.provenance(dataset, parametres, template="rapport_annuel.ipynb")
rp.show_provenance(origine)
rp.provenance_table(origine)""",
    ),
]


def _notebook(cells: list[tuple[str, str]], *, parameters: str | None = None, after: int = 0):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            if parameters is not None and source == parameters:
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):  # stable ids: same notebook, same bytes
        cell["id"] = f"cell-{i:02d}"
    return nb


def report_template() -> nbformat.NotebookNode:
    """The annual report template, without outputs."""
    return _notebook(REPORT_CELLS, parameters=REPORT_PARAMETERS)


def write_all(folder: Path = NOTEBOOKS) -> list[Path]:
    """Write every generated notebook to ``folder``; return their paths."""
    written = []
    for name, nb in (("rapport_annuel.ipynb", report_template()), *RESEARCH.items()):
        path = folder / name
        nbformat.write(nb if isinstance(nb, nbformat.NotebookNode) else nb(), path)
        written.append(path)
    return written


RESEARCH: dict = {}

# ---------------------------------------------------------------------------------------------
# Research notebooks (French narration; one parameter, data_dir, to switch to your own data)
# ---------------------------------------------------------------------------------------------
SETUP = """%matplotlib inline
import warnings

import matplotlib.pyplot as plt
import pandas as pd

import amiris_lab as al
from amiris_lab import clustering as cl
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.definitions import vocabulary_label

warnings.simplefilter("ignore", FutureWarning)
pd.set_option("display.precision", 2)
al.set_language("fr")
dataset = rp.open_dataset(data_dir)  # un dossier de données, ou "demo:" (démonstration en mémoire)
dataset"""

DATA_PARAMETERS = """data_dir: str = "../data/demo"  # remplacez par le dossier de vos données
seed: int = 2024  # graine des calculs aléatoires
n_boot: int = 200  # tirages bootstrap (1000 pour une publication)"""

NB01 = [
    (
        "md",
        """# 1. Découvrir les données

Ce carnet fait le tour d'un jeu de données de l'appel à projets : les projets candidats, les membres
du comité, les notes données aux 12 marqueurs de l'Institut Godin. Il tourne tel quel sur les
données de démonstration (entièrement synthétiques) ; pour vos données, changez seulement
`data_dir` dans la cellule suivante (le format est décrit dans `data/README.md`).""",
    ),
    ("code", DATA_PARAMETERS),
    ("code", SETUP),
    (
        "md",
        """## Les marqueurs et l'échelle

Chaque projet est noté sur 12 marqueurs répartis en 5 dimensions, sur une échelle de 0 (absent) à
3 (structurant). Une case vide veut dire « non noté », ce qui n'est pas un 0.""",
    ),
    ("code", """dataset.markers"""),
    ("code", """dataset.scale"""),
    (
        "md",
        """## Les candidatures année par année

Nombre de projets par année et par décision du comité.""",
    ),
    (
        "code",
        """par_annee = pd.crosstab(dataset.projects["year"], dataset.projects["decision"].astype(str))
par_annee.columns = [vocabulary_label("decision", d) for d in par_annee.columns]
ax = par_annee.plot.bar(stacked=True, color=pl.OKABE_ITO[1:4], rot=0)
ax.set_ylabel("projets")
ax.set_xlabel("");""",
    ),
    (
        "code",
        """from amiris_lab.summary import summary_table

display(summary_table(dataset))""",
    ),
    (
        "md",
        """## Qui sont les projets ?

Département, forme juridique et stade des projets, toutes années confondues.""",
    ),
    (
        "code",
        """fig, axes = plt.subplots(1, 3, figsize=(13, 3.5))
for ax, col in zip(axes, ("department", "legal_form", "stage")):
    comptes = dataset.projects[col].astype(str).value_counts().sort_index()
    comptes.index = [vocabulary_label(col, v) for v in comptes.index]
    comptes.plot.barh(ax=ax, color=pl.OKABE_ITO[5])
    ax.set_title(col)
fig.tight_layout()""",
    ),
    (
        "md",
        """## Le comité

Les membres et leur collège ; combien de notes chacun a données.""",
    ),
    (
        "code",
        """individuel = dataset.scores[dataset.scores["round"] == "individuel"]
notes = individuel.groupby(individuel["rater_id"].astype(str))["score"].count().rename("notes")
dataset.raters.set_index("rater_id").join(notes)""",
    ),
    (
        "md",
        """## Les notes

Répartition des notes individuelles par marqueur, et part des notes laissées vides.""",
    ),
    ("code", """ax = pl.score_distribution(dataset.scores, round="individuel")"""),
    (
        "code",
        """vides = individuel.groupby(individuel["marker"].astype(str))["score"].apply(lambda s: s.isna().mean())
(100 * vides).round(1).rename("% non noté").to_frame().T""",
    ),
    (
        "md",
        """## Le profil moyen de chaque année

Le radar superpose le profil moyen de consensus de chaque année.""",
    ),
    (
        "code",
        """moyennes = pd.DataFrame({str(y): dataset.profiles(year=y).mean() for y in dataset.years}).T
ax = pl.radar(moyennes, title="Profil moyen de consensus par année")""",
    ),
]

NB02 = [
    (
        "md",
        """# 2. Fiabilité des marqueurs

Les membres du comité appliquent-ils les marqueurs de la même façon ? Ce carnet mesure l'accord
entre membres marqueur par marqueur (alpha de Krippendorff et intervalles de confiance), les effets
des membres et des collèges, le passage des notes individuelles au consensus, et la structure des
marqueurs (ceux qui vont ensemble). Pour vos données, changez seulement `data_dir`.""",
    ),
    (
        "code",
        DATA_PARAMETERS
        + """
year: int = 0  # 0 pour toutes les années, sinon une seule année""",
    ),
    ("code", SETUP),
    (
        "code",
        """donnees = dataset.filter(year=year) if year else dataset
donnees""",
    ),
    (
        "md",
        """## Accord par marqueur

L'alpha de Krippendorff vaut 1 pour un accord parfait et 0 pour un accord pas meilleur que le
hasard. Seuils usuels : 0,667 (conclusions provisoires) et 0,800 (données fiables).""",
    ),
    (
        "code",
        """accord = al.agreement_table(donnees, round="individuel", n_boot=n_boot, seed=seed)
ax = pl.agreement_forest(accord, statistic="alpha")
display(accord)""",
    ),
    (
        "code",
        """from IPython.display import Markdown

display(Markdown(rp.agreement_text(accord, statistic="alpha")))""",
    ),
    (
        "md",
        """## Effets des membres et des collèges

Sévérité : écart moyen entre les notes d'un membre et celles des autres membres sur les mêmes
projets (négatif = plus sévère).""",
    ),
    (
        "code",
        """severite = al.rater_severity(donnees)
ax = pl.rater_severity_plot(severite)""",
    ),
    (
        "code",
        """membres = cl.rater_clusters(donnees)
membres.summary.round(2)""",
    ),
    (
        "md",
        """## Des notes individuelles au consensus

Pour chaque marqueur, moyenne des notes individuelles et du consensus.""",
    ),
    (
        "code",
        """individuel = donnees.scores[donnees.scores["round"] == "individuel"]
comite = donnees.scores[donnees.scores["round"] == "consensus"]
paires = individuel[["project_id", "rater_id", "marker", "score"]].rename(columns={"score": "individual"}).merge(
    comite[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}), on=["project_id", "marker"])
ax = pl.consensus_movement_plot(paires)""",
    ),
    (
        "md",
        """## Structure des marqueurs

Corrélations de Spearman entre marqueurs (profils de consensus) et dendrogramme : les marqueurs
voisins distinguent les mêmes projets.""",
    ),
    (
        "code",
        """arbre = cl.marker_dendrogram(donnees)
fig = pl.marker_correlation_heatmap(arbre.correlation, linkage=arbre.linkage)""",
    ),
]

NB03 = [
    (
        "md",
        """# 3. Typologies de projets

Y a-t-il des familles de projets aux profils de marqueurs semblables ? Ce carnet cherche des groupes
(mélange gaussien, nombre de groupes de 2 à `k_max` choisi par le critère
BIC), les décrit, les compare à la
décision du comité et vérifie leur stabilité. Pour vos données, changez seulement `data_dir`.""",
    ),
    (
        "code",
        DATA_PARAMETERS
        + """
year: int = 0  # 0 pour toutes les années, sinon une seule année
k_max: int = 6  # nombre maximal de groupes essayés""",
    ),
    ("code", SETUP),
    (
        "code",
        """donnees = dataset.filter(year=year) if year else dataset
typologie = al.MarkerTypology("gmm", k_range=(2, k_max), random_state=seed).fit(donnees)
typologie.scores_.round(3)""",
    ),
    (
        "md",
        """## Les groupes

Taille, note moyenne et nom suggéré à partir des marqueurs qui distinguent chaque groupe.""",
    ),
    (
        "code",
        """resume = cl.cluster_summary(typologie)
noms = dict(zip(resume["cluster"], resume["name"]))
tailles = dict(zip(resume["cluster"], resume["size"]))
resume[["cluster", "size", "share", "mean_score", "name"]]""",
    ),
    ("code", """ax = pl.cluster_profile_heatmap(typologie.profiles_, names=noms, sizes=tailles)"""),
    (
        "code",
        """fig = pl.radar_grid(typologie.profiles_, reference=typologie.project_profiles_.mean(),
                   titles={k: f"{k} · {v} (n = {tailles[k]})" for k, v in noms.items()}, ncols=2)""",
    ),
    ("code", """ax = pl.cluster_map(cl.project_map(typologie), names=noms)"""),
    (
        "md",
        """## Groupes et décision du comité

Test du khi-deux d'indépendance et V de Cramér (0 = aucun lien, 1 = lien parfait).""",
    ),
    (
        "code",
        """croise = cl.cluster_crosstab(donnees, typologie, by="decision")
print(f"khi2 = {croise.chi2:.1f}, ddl = {croise.dof}, p = {croise.p_value:.2g}, V de Cramér = {croise.cramers_v:.2f}")
croise.table""",
    ),
    (
        "md",
        """## Stabilité

La typologie est réestimée sur des échantillons bootstrap de projets et de membres du comité.
Jaccard moyen : 0,75 et plus = groupe stable ; moins de 0,6 = à ne pas interpréter.""",
    ),
    (
        "code",
        """stabilite = cl.typology_stability(donnees, typologie, n_boot=10, resample="both",
                                  random_state=seed, progress=False)
stabilite.summary.round(2)""",
    ),
]

NB04 = [
    (
        "md",
        """# 4. Analyser un atelier

Un atelier de formation fait noter un même projet par les participants (tour individuel, tour
révisé après discussion, consensus). Ce carnet lit l'export d'un atelier (`amiris-lab workshop
export`, au format des données) et montre où les participants divergent et comment la discussion
les rapproche. Sans export (`export_dir` vide), il prend un projet des données de démonstration
noté par son comité, qui a la même forme.""",
    ),
    (
        "code",
        """export_dir: str = ""  # dossier exporté par « amiris-lab workshop export » (vide : exemple)
n_boot: int = 200  # tirages bootstrap
seed: int = 2024  # graine""",
    ),
    (
        "code",
        """%matplotlib inline
import pandas as pd

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.workshop.summary import marker_spread, round_agreement

al.set_language("fr")
if export_dir:
    atelier = rp.open_dataset(export_dir)
else:  # exemple : un projet de démonstration avec un tour révisé
    demo = rp.open_dataset("demo:")
    revises = demo.scores.loc[demo.scores["round"] == "revise", "project_id"].astype(str)
    atelier = demo.filter(projects=sorted(set(revises))[0])
projet = str(atelier.projects["project_id"].iloc[0])
participants = set(atelier.scores.loc[atelier.scores["round"] != "consensus", "rater_id"].astype(str))
print(f"Projet {projet} : {len(participants)} participants")""",
    ),
    (
        "code",
        """def profils(tour):
    s = atelier.scores[(atelier.scores["project_id"] == projet) & (atelier.scores["round"] == tour)]
    table = s.pivot(index="rater_id", columns="marker", values="score").astype(float)
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    return table.reindex(columns=atelier.marker_codes)

tours = {t: profils(t) for t in ("individuel", "revise", "consensus")}
tours = {t: p for t, p in tours.items() if len(p)}
{t: len(p) for t, p in tours.items()}""",
    ),
    (
        "md",
        """## Le radar de l'atelier

Un trait fin par participant (tour individuel), le consensus en trait épais.""",
    ),
    (
        "code",
        """individuel = tours["individuel"]
tidy = individuel.stack().rename("score").reset_index()
tidy.columns = ["profile", "marker", "score"]
tidy["role"] = "rater"
if "consensus" in tours:
    c = tours["consensus"].iloc[0]
    tidy = pd.concat([tidy, pd.DataFrame({"profile": "Consensus", "role": "consensus",
                                          "marker": c.index, "score": c.to_numpy()})])
ax = pl.radar(tidy, title=f"Atelier sur le projet {projet}")""",
    ),
    (
        "md",
        """## Où les participants divergent-ils ?

Par marqueur : médiane, quartiles et étendue des notes, du plus grand désaccord au plus petit.""",
    ),
    ("code", """marker_spread(individuel)"""),
    (
        "md",
        """## La discussion rapproche-t-elle les notes ?

Accord entre participants (alpha ordinal de Krippendorff, marqueurs comme unités) au tour
individuel puis au tour révisé.""",
    ),
    (
        "code",
        """accords = {t: round_agreement(p, n_boot=n_boot, seed=seed) for t, p in tours.items()
           if t != "consensus" and len(p) > 1}
pd.DataFrame(accords).T[["alpha", "ci_low", "ci_high", "percent_agreement", "n_raters"]]""",
    ),
]

RESEARCH.update(
    {
        "01_decouvrir_les_donnees.ipynb": lambda: _notebook(NB01, parameters=DATA_PARAMETERS),
        "02_fiabilite_des_marqueurs.ipynb": lambda: _notebook(NB02, parameters=NB02[1][1]),
        "03_typologies_de_projets.ipynb": lambda: _notebook(NB03, parameters=NB03[1][1]),
        "04_analyser_un_atelier.ipynb": lambda: _notebook(NB04, parameters=NB04[1][1]),
    }
)

if __name__ == "__main__":
    for p in write_all():
        print(p.name)
