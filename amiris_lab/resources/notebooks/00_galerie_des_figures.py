# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Galerie des figures
#
# Ce carnet montre **chaque figure** de l'atelier sur les données de démonstration (entièrement
# synthétiques : aucun projet ni aucun membre de comité n'est réel). Chaque figure est produite par
# une fonction publique de `amiris_lab.plotting` à partir d'un tableau « tidy » ; il suffit de
# remplacer le dossier de données pour obtenir les mêmes figures sur ses propres données.
#
# Les couleurs sont lisibles par les personnes daltoniennes (palette d'Okabe et Ito, cividis, BrBG)
# et les libellés sont en français (passer `lang = "en"` pour l'anglais).

# %% tags=["parameters"]
data_dir = "../data/demo"  # dossier du jeu de données (format décrit dans data/README.md)
lang = "fr"  # langue des libellés : "fr" ou "en"
seed = 20240601  # graine des calculs aléatoires (bootstrap, k-means...)

# %%
# %matplotlib inline
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import amiris_lab as al
from amiris_lab import clustering as cl
from amiris_lab import plotting as pl

al.set_language(lang)
if any(Path(data_dir).glob("scores.*")):
    dataset = al.load_dataset(data_dir)
else:  # dossier pas encore généré : le même jeu de démonstration, tiré en mémoire
    dataset = al.make_demo_dataset()
dataset

# %% [markdown]
# ## 1. Le radar du comité
#
# Le radar est la représentation graphique de la méthode : un axe par marqueur, dans l'ordre de
# l'appel à manifestation d'intérêt, les secteurs colorés regroupant les marqueurs d'une même
# dimension, et un anneau par niveau de l'échelle. On y superpose les notes individuelles des
# membres (traits fins), la position de consensus du comité (trait épais) et une référence (tirets),
# ici la moyenne des consensus de l'année. C'est ainsi qu'un atelier voit ses désaccords.

# %%
project = dataset.projects.sort_values("project_id")["project_id"].iloc[0]
year = int(dataset.projects.set_index("project_id").loc[project, "year"])
scores = dataset.scores[(dataset.scores["project_id"] == project)
                        & dataset.scores["round"].isin(["individuel", "consensus"])]
profils = pd.DataFrame({
    "profile": scores["rater_id"].astype(str),
    "role": scores["round"].map({"individuel": "rater", "consensus": "consensus"}).astype(str),
    "marker": scores["marker"].astype(str),
    "score": scores["score"].astype(float),
})
profils["profile"] = profils["profile"].replace({"COMITE": "Consensus du comité"})
moyenne = dataset.profiles(year=year).mean()
reference = pd.DataFrame({"profile": f"Moyenne {year}", "role": "reference",
                          "marker": moyenne.index, "score": moyenne.to_numpy()})
ax = pl.radar(pd.concat([profils, reference]), title=f"Projet {project}")

# %% [markdown]
# Le même radar compare des groupes : ici le profil moyen de consensus des projets labellisés et
# non labellisés, pour le rapport annuel.

# %%
decisions = dataset.projects.set_index("project_id")["decision"].astype(str)
consensus = dataset.profiles()
par_decision = consensus.groupby(decisions.reindex(consensus.index)).mean()
par_decision.index = [al.definitions.vocabulary_label("decision", d) for d in par_decision.index]
ax = pl.radar(par_decision, title="Profil moyen selon la décision")

# %% [markdown]
# ## 2. Distribution des notes par marqueur
#
# Barres empilées divergentes : à gauche de zéro les niveaux bas (« absent », « faible »), à droite
# les niveaux hauts. Les notes laissées vides (« non noté ») sont exclues des parts.

# %%
ax = pl.score_distribution(dataset.scores, round="individuel")
ax.set_title("Notes individuelles, toutes années");

# %% [markdown]
# ## 3. Des notes individuelles au consensus
#
# Pour chaque marqueur, la moyenne des notes individuelles (rond vide) et celle du consensus (rond
# plein) ; à droite, la part des notes individuelles sous le consensus (↑, le comité a noté plus
# haut) et au-dessus (↓). Le tableau d'entrée a une ligne par note individuelle, accompagnée du
# consensus du comité sur le même projet et le même marqueur.

# %%
individuel = dataset.scores[dataset.scores["round"] == "individuel"]
comite = dataset.scores[dataset.scores["round"] == "consensus"]
paires = individuel[["project_id", "rater_id", "marker", "score"]].rename(
    columns={"score": "individual"}
).merge(
    comite[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}),
    on=["project_id", "marker"],
)
ax = pl.consensus_movement_plot(paires)

# %% [markdown]
# ## 4. Accord entre membres du comité
#
# Le graphique en forêt donne, par marqueur, l'α de Krippendorff (ordinal) et son intervalle de
# confiance bootstrap ; les lignes verticales marquent les seuils de Krippendorff : 0,667 (conclusions
# provisoires seulement) et 0,800 (données fiables).

# %%
accord = al.agreement_table(dataset, statistics=("alpha",), n_boot=200, seed=seed)
ax = pl.agreement_forest(accord, statistic="alpha")

# %% [markdown]
# La sévérité d'un membre est l'écart moyen entre sa note et la moyenne des autres membres sur le
# même projet et le même marqueur (négatif = plus sévère). Les paires de membres sont comparées par
# un kappa pondéré.

# %%
severite = al.rater_severity(dataset)
ax = pl.rater_severity_plot(severite)

# %%
from amiris_lab.agreement import pairwise_kappa

kappas = pairwise_kappa(dataset.ratings("M07"), weights="quadratic")
ax = pl.kappa_heatmap(kappas, title="Gouvernance (M07) : kappa pondéré par paire")

# %% [markdown]
# ## 5. Marqueurs qui vont ensemble
#
# Corrélations de Spearman entre marqueurs (profils de consensus) et classification hiérarchique
# sur la distance 1 − ρ : les marqueurs voisins dans le dendrogramme distinguent les mêmes projets.

# %%
arbre = cl.marker_dendrogram(dataset)
fig = pl.marker_correlation_heatmap(arbre.correlation, linkage=arbre.linkage)

# %% [markdown]
# ## 6. Typologies de projets
#
# Un mélange gaussien choisit le nombre de groupes par le critère BIC (le tableau garde le score de
# chaque k essayé) ; les groupes sont numérotés du profil le plus élevé au plus faible. Les noms sont
# des suggestions construites à partir des marqueurs qui distinguent chaque groupe (écart
# standardisé au reste des projets d'au moins 0,5).

# %%
typologie = al.MarkerTypology("gmm", random_state=seed).fit(dataset)
typologie.scores_.round(3)

# %%
resume = cl.cluster_summary(typologie)
noms = dict(zip(resume["cluster"], resume["name"]))
tailles = dict(zip(resume["cluster"], resume["size"]))
resume[["cluster", "size", "share", "mean_score", "name"]].round(2)

# %%
ax = pl.cluster_profile_heatmap(typologie.profiles_, names=noms, sizes=tailles)

# %%
fig = pl.radar_grid(
    typologie.profiles_,
    reference=typologie.project_profiles_.mean(),
    titles={k: f"{k} · {v} (n = {tailles[k]})" for k, v in noms.items()},
    ncols=2,
)

# %%
ax = pl.cluster_map(cl.project_map(typologie), names=noms)

# %% [markdown]
# Les groupes se répartissent-ils différemment selon la décision du comité ? Test du khi-deux
# d'indépendance (V de Cramér pour la taille de l'effet).

# %%
croise = cl.cluster_crosstab(dataset, typologie, by="decision")
print(f"khi2 = {croise.chi2:.1f}, ddl = {croise.dof}, p = {croise.p_value:.2g}, "
      f"V de Cramér = {croise.cramers_v:.2f}")
croise.table

# %% [markdown]
# Stabilité (approche de Hennig) : la typologie est réestimée sur des échantillons bootstrap de
# projets **et** en tirant à nouveau les membres de chaque comité, pour que la stabilité reflète
# le bruit de notation. Lecture du Jaccard moyen : 0,75 et plus stable, moins de 0,6 à ne pas
# interpréter.

# %%
stabilite = cl.typology_stability(dataset, typologie, n_boot=20, resample="both",
                                  random_state=seed, progress=False)
print(f"Indice de Rand ajusté moyen : {stabilite.mean_ari:.2f}")
stabilite.summary.round(2)

# %% [markdown]
# ## 7. Membres qui notent de la même façon
#
# Classification de Ward des profils de sévérité des membres sur les 12 marqueurs (groupe 0 = les
# plus indulgents).

# %%
membres = cl.rater_clusters(dataset)
membres.summary.round(2)
