# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%
# %matplotlib inline
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
from amiris_lab.i18n import tr

warnings.simplefilter("ignore")  # statistiques non définies : signalées dans le texte (« n.d. »)
plt.rcParams.update({"figure.dpi": 90, "savefig.bbox": "tight"})
pd.set_option("display.precision", 2)
pd.set_option("display.max_colwidth", None)


def texte(fr, en):
    display(Markdown(tr(fr, en)))


def titre(ident, fr, en, level=2):
    display(Markdown(f'<h{level} id="{ident}">{tr(fr, en)}</h{level}>'))


def afficher(fig_or_ax):
    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    display(fig)
    plt.close(fig)


# %% tags=["parameters"]
year: int = 2019  # année du rapport
data_dir: str = "../data/demo"  # dossier des données (ou "demo:" pour les données de démonstration)
lang: str = "fr"  # langue du rapport : "fr" ou "en"
n_boot: int = 1000  # tirages bootstrap des intervalles de confiance
seed: int = 2024  # graine des calculs aléatoires (bootstrap, typologies)
alpha_min: float = 0.667  # seuil d'accord (alpha de Krippendorff) jugé acceptable
previous_years: int = 3  # nombre d'années antérieures comparées

# %%
al.set_language(lang)
dataset = rp.open_dataset(data_dir)
annee = dataset.filter(year=year)
precedentes = [y for y in dataset.years if y < year][-previous_years:] if previous_years else []
decision_de = annee.projects.set_index("project_id")["decision"].astype(str)
titre("titre", f"Rapport annuel {year} : l'appel à projets d'innovation sociale",
      f"Annual report {year}: the social innovation call", level=1)
texte(
    "Ce rapport présente les candidatures de l'année, la façon dont le comité de labellisation a "
    "noté les 12 marqueurs d'innovation sociale de l'Institut Godin (échelle de 0 « absent » à 3 "
    "« structurant »), la fiabilité de ces notes et l'évolution par rapport aux années précédentes. "
    "Il est produit automatiquement, sans retouche, à partir des données.",
    "This report presents the year's applications, how the labelling committee scored the 12 "
    "Institut Godin markers of social innovation (scale from 0 'absent' to 3 'structuring'), how "
    "reliable those scores are, and how the year compares with earlier ones. It is produced "
    "automatically, without manual editing, from the data.",
)

# %%
titre("chiffres-cles", "1. Chiffres clés", "1. Key figures")
accord = al.agreement_table(
    annee, statistics=("alpha",), round="individuel", n_boot=n_boot, seed=seed, progress=False, lang=lang
)
chiffres = rp.key_figures(dataset, year=year, agreement=accord)
rp.show_key_figures(chiffres)
texte(rp.key_figures_text(chiffres), rp.key_figures_text(chiffres, lang="en"))

# %%
titre("candidatures", "2. Candidatures et décisions", "2. Applications and decisions")
texte(
    "Nombre de projets par département, forme juridique, stade et secteur, selon la décision du "
    "comité (labellisé, ajourné, non labellisé).",
    "Number of projects by department, legal form, stage and sector, by the committee's decision "
    "(labelled, postponed, not labelled).",
)
colonnes = [c for c in ("department", "legal_form", "stage", "sector") if c in annee.projects]
noms = {"department": tr("Département", "Department"), "legal_form": tr("Forme juridique", "Legal form"),
        "stage": tr("Stade", "Stage"), "sector": tr("Secteur", "Sector")}
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
    ax.set_xlabel(tr("projets", "projects"))
    ax.set_ylabel("")
for ax in list(axes.flat)[len(colonnes):]:
    ax.set_visible(False)
fig.tight_layout()
afficher(fig)
par_dep = pd.crosstab(annee.projects["department"].astype(str), annee.projects["decision"].astype(str), margins=True,
                      margins_name=tr("Total", "Total"))
par_dep.index = [vocabulary_label("department", v) if v in al.definitions.VOCABULARIES["department"] else v
                 for v in par_dep.index]
par_dep.columns = [vocabulary_label("decision", v) if v in al.definitions.VOCABULARIES["decision"] else v
                   for v in par_dep.columns]
par_dep

# %%
titre("profil", "3. Profil des marqueurs de l'année", "3. Marker profile of the year")
texte(
    "Répartition des notes de consensus du comité par marqueur : à gauche les niveaux bas, à droite "
    "les niveaux hauts. Les notes laissées vides ne comptent pas.",
    "Distribution of the committee's consensus scores per marker: low levels to the left, high "
    "levels to the right. Empty scores are not counted.",
)
ax = pl.score_distribution(annee.scores, round="consensus")
ax.set_title(tr(f"Notes de consensus {year}", f"Consensus scores {year}"))
afficher(ax)
consensus = annee.profiles(round="consensus")
par_decision = consensus.groupby(decision_de.reindex(consensus.index)).mean()
par_decision.index = [vocabulary_label("decision", d) for d in par_decision.index]
texte(
    "Le radar compare le profil moyen de consensus des projets labellisés, ajournés et non "
    "labellisés : plus la surface est grande, plus les marqueurs sont affirmés.",
    "The radar compares the mean consensus profile of labelled, postponed and not labelled "
    "projects: the larger the area, the stronger the markers.",
)
afficher(pl.radar(par_decision, title=tr("Profil moyen selon la décision", "Mean profile by decision")))

# %%
titre("accord", "4. Accord du comité par marqueur", "4. Committee agreement per marker")
texte(
    "Les membres du comité notent d'abord seuls. Si le marqueur est clair pour tous, leurs notes "
    f"concordent. L'alpha de Krippendorff mesure cette concordance : 1 = accord parfait, 0 = pas plus "
    f"qu'au hasard. On le juge acceptable à partir de {rp.fmt(alpha_min)}. L'intervalle (bootstrap, "
    f"{n_boot} tirages) montre la marge d'incertitude.",
    "Committee members first score alone. If a marker is clear to everyone, their scores agree. "
    f"Krippendorff's alpha measures this agreement: 1 = perfect, 0 = no better than chance. It is "
    f"deemed acceptable from {rp.fmt(alpha_min, lang='en')}. The interval (bootstrap, {n_boot} "
    "draws) shows the uncertainty.",
)
afficher(pl.agreement_forest(accord, statistic="alpha", thresholds=(alpha_min, 0.800)))
texte(rp.agreement_text(accord, alpha_min=alpha_min, statistic="alpha"),
      rp.agreement_text(accord, alpha_min=alpha_min, statistic="alpha", lang="en"))
display(readable_agreement_table(accord, digits=2).set_index(tr("Marqueur", "Marker")))

# %%
titre("consensus", "5. Des notes individuelles au consensus", "5. From individual scores to consensus")
texte(
    "Après discussion, le comité fixe une note de consensus. Pour chaque marqueur : la moyenne des "
    "notes individuelles (rond vide) et celle du consensus (rond plein).",
    "After discussion the committee sets a consensus score. For each marker: the mean of the "
    "individual scores (open dot) and of the consensus (filled dot).",
)
individuel = annee.scores[annee.scores["round"] == "individuel"]
comite = annee.scores[annee.scores["round"] == "consensus"]
paires = individuel[["project_id", "rater_id", "marker", "score"]].rename(columns={"score": "individual"}).merge(
    comite[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}), on=["project_id", "marker"])
afficher(pl.consensus_movement_plot(paires))
texte(rp.movement_text(chiffres), rp.movement_text(chiffres, lang="en"))

# %%
titre("membres", "6. Effets des collèges et des membres", "6. College and rater effects")
texte(
    "La sévérité d'un membre est l'écart moyen entre ses notes et celles des autres membres sur les "
    "mêmes projets (négatif = plus sévère). Des écarts marqués ou propres à un collège invitent à "
    "revoir ensemble la grille de lecture des marqueurs.",
    "A member's severity is the mean difference between their scores and the other members' on the "
    "same projects (negative = more severe). Marked differences, or differences by college, suggest "
    "going through the marker descriptors together again.",
)
severite = al.rater_severity(annee)
par_college = al.rater_severity(annee, by="college")
texte("**" + tr("Collèges.", "Colleges.") + "** " + rp.severity_text(par_college),
      "**Colleges.** " + rp.severity_text(par_college, lang="en"))
texte("**" + tr("Membres.", "Members.") + "** " + rp.severity_text(severite),
      "**Members.** " + rp.severity_text(severite, lang="en"))
afficher(pl.rater_severity_plot(severite))

# %%
titre("typologies", "7. Typologies de projets de l'année", "7. Project typologies of the year")
texte(
    "Les projets de l'année sont regroupés selon leur profil de consensus (mélange gaussien, nombre "
    "de groupes, de 2 à 6, choisi par le critère BIC). Les noms sont des suggestions construites à partir des "
    "marqueurs qui distinguent chaque groupe.",
    "The year's projects are grouped by their consensus profile (Gaussian mixture, number of groups "
    "from 2 to 6, chosen by BIC). The names are suggestions built from the markers that set each group apart.",
)
typologie = al.MarkerTypology("gmm", k_range=(2, 6), random_state=seed).fit(annee)
resume = cl.cluster_summary(typologie)
noms_groupes = dict(zip(resume["cluster"], resume["name"]))
tailles = dict(zip(resume["cluster"], resume["size"]))
afficher(pl.cluster_profile_heatmap(typologie.profiles_, names=noms_groupes, sizes=tailles))
croise = cl.cluster_crosstab(annee, typologie, by="decision")
texte(
    f"{len(resume)} groupes. Lien entre groupe et décision : V de Cramér = {rp.fmt(croise.cramers_v)} "
    f"(0 = aucun lien, 1 = la décision suit exactement le groupe).",
    f"{len(resume)} groups. Link between group and decision: Cramér's V = "
    f"{rp.fmt(croise.cramers_v, lang='en')} (0 = no link, 1 = the decision follows the group exactly).",
)
display(
    resume.assign(share=(100 * resume["share"]).round().astype(int).astype(str) + " %")
    [["cluster", "size", "share", "mean_score", "name"]]
    .rename(columns={"cluster": tr("Groupe", "Group"), "size": tr("Projets", "Projects"),
                     "share": tr("Part", "Share"), "mean_score": tr("Note moyenne", "Mean score"),
                     "name": tr("Nom suggéré", "Suggested name")})
    .set_index(tr("Groupe", "Group"))
)

# %%
titre("evolution", "8. Évolution par rapport aux années précédentes", "8. Trends against earlier years")
if precedentes:
    tendance = pd.concat([rp.key_figures(dataset, year=y) for y in precedentes] + [chiffres])
    for ind, lab in (("applications", ("candidatures", "applications")),
                     ("labelled_share", ("part de projets labellisés", "share of labelled projects")),
                     ("mean_consensus", ("note moyenne de consensus", "mean consensus score"))):
        texte("- " + rp.trend_text(tendance, indicator=ind, label=lab),
              "- " + rp.trend_text(tendance, indicator=ind, label=lab, lang="en"))
    globaux = tendance[tendance["marker"] == ""].pivot(index="year", columns="indicator", values="value")
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    for ax, ind, lab in zip(axes, ("applications", "labelled_share", "mean_consensus"),
                            (tr("Candidatures", "Applications"), tr("Part labellisée", "Labelled share"),
                             tr("Note moyenne de consensus", "Mean consensus score"))):
        ax.plot(globaux.index, globaux[ind], marker="o", color=pl.OKABE_ITO[5])
        ax.set_title(lab)
        ax.set_xticks(list(globaux.index))
    fig.tight_layout()
    afficher(fig)
    par_marqueur = tendance[(tendance["indicator"] == "mean_consensus") & (tendance["marker"] != "")]
    texte("**Note moyenne de consensus par marqueur et par année**", "**Mean consensus score per marker and year**")
    display(par_marqueur.pivot(index="marker", columns="year", values="value")
            .rename_axis(index=tr("Marqueur", "Marker"), columns=tr("Année", "Year")))
    # point values only: the intervals of each year are in that year's report
    accords = al.agreement_table(dataset.filter(year=precedentes + [year]), by=("year", "marker"),
                                 statistics=("alpha",), n_boot=20, seed=seed, progress=False)
    alphas = accords.pivot(index="marker", columns="year", values="value")
    medianes = alphas.median()
    texte("- " + rp.trend_text(pd.DataFrame({"year": medianes.index, "indicator": "alpha", "marker": "",
                                             "value": medianes.to_numpy()}),
                               indicator="alpha", label=("alpha médian des 12 marqueurs", "median alpha of the 12 markers")),
          "- " + rp.trend_text(pd.DataFrame({"year": medianes.index, "indicator": "alpha", "marker": "",
                                             "value": medianes.to_numpy()}),
                               indicator="alpha", label=("", "median alpha of the 12 markers"), lang="en"))
    texte("**Accord (alpha de Krippendorff) par marqueur et par année**",
          "**Agreement (Krippendorff's alpha) per marker and year**")
    display(alphas.rename_axis(index=tr("Marqueur", "Marker"), columns=tr("Année", "Year")))
else:
    texte("Aucune année antérieure dans les données : pas de comparaison possible.",
          "No earlier year in the data: no comparison possible.")

# %%
titre("methodes", "9. Méthodes et provenance", "9. Methods and provenance")
texte(
    "**Méthodes.** Accord : alpha de Krippendorff (données ordinales) sur les notes individuelles, "
    f"intervalle de confiance bootstrap à 95 % ({n_boot} tirages, graine {seed}). Consensus : note "
    "du comité. Typologies : mélange gaussien sur les profils de consensus. Une note laissée vide "
    "(« non noté ») n'est jamais comptée comme 0. **Reproduire ce rapport** : "
    f"`amiris-lab report --year {year} --data <dossier> --lang {lang} --n-boot {n_boot} --seed {seed}` "
    "sur des données de même empreinte donne les mêmes chiffres clés.",
    "**Methods.** Agreement: Krippendorff's alpha (ordinal data) on the individual scores, 95% "
    f"bootstrap confidence interval ({n_boot} draws, seed {seed}). Consensus: the committee's score. "
    "Typologies: Gaussian mixture on consensus profiles. An empty score ('not scored') is never "
    "counted as 0. **Reproduce this report**: "
    f"`amiris-lab report --year {year} --data <folder> --lang {lang} --n-boot {n_boot} --seed {seed}` "
    "on data with the same fingerprint gives the same key figures.",
)
parametres = {"year": year, "data_dir": data_dir, "lang": lang, "n_boot": n_boot, "seed": seed,
              "alpha_min": alpha_min, "previous_years": previous_years}
origine = rp.provenance(dataset, parametres, template="rapport_annuel.ipynb")
rp.show_provenance(origine)
rp.provenance_table(origine)
