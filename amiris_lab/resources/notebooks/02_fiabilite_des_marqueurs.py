# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2. Fiabilité des marqueurs
#
# Les membres du comité appliquent-ils les marqueurs de la même façon ? Ce carnet mesure l'accord
# entre membres marqueur par marqueur (alpha de Krippendorff et intervalles de confiance), les effets
# des membres et des collèges, le passage des notes individuelles au consensus, et la structure des
# marqueurs (ceux qui vont ensemble). Pour vos données, changez seulement `data_dir`.

# %% tags=["parameters"]
data_dir: str = "../data/demo"  # remplacez par le dossier de vos données
seed: int = 2024  # graine des calculs aléatoires
n_boot: int = 200  # tirages bootstrap (1000 pour une publication)
year: int = 0  # 0 pour toutes les années, sinon une seule année

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import amiris_lab as al
from amiris_lab import clustering as cl
from amiris_lab import plotting as pl
from amiris_lab import reports as rp

pd.set_option("display.max_colwidth", None)  # suggested names are read whole
al.set_language("fr")
dataset = rp.open_dataset(data_dir)  # un dossier de données, ou "demo:" (démonstration en mémoire)
dataset

# %%
donnees = dataset.filter(year=year) if year else dataset
donnees

# %% [markdown]
# ## Accord par marqueur
#
# L'alpha de Krippendorff vaut 1 pour un accord parfait et 0 pour un accord pas meilleur que le
# hasard. Seuils usuels : 0,667 (conclusions provisoires) et 0,800 (données fiables).

# %%
accord = al.agreement_table(donnees, round="individuel", n_boot=n_boot, seed=seed)
ax = pl.agreement_forest(accord, statistic="alpha")
ax.set_title("Accord entre membres par marqueur")
display(al.analysis.readable_agreement_table(accord).set_index("Marqueur"))

# %%
from IPython.display import Markdown

display(Markdown(al.agreement_table_legend(accord)))
display(Markdown(rp.agreement_text(accord, statistic="alpha")))

# %% [markdown]
# ## Effets des membres et des collèges
#
# Sévérité : écart moyen entre les notes d'un membre et celles des autres membres sur les mêmes
# projets (négatif = plus sévère).

# %%
severite = al.rater_severity(donnees)
ax = pl.rater_severity_plot(severite)

# %%
membres = cl.rater_clusters(donnees)
resume_membres = membres.summary.assign(
    college=[pl.category_label("college", c) for c in membres.summary["college"].astype(str)],
    cluster=membres.summary["cluster"] + 1,
)
rp.readable(resume_membres, headers={"rater_id": "Membre", "college": "Collège", "cluster": "Groupe",
                                     "n_scores": "Notes", "mean_severity": "Sévérité moyenne"})

# %% [markdown]
# ## Des notes individuelles au consensus
#
# Pour chaque marqueur, moyenne des notes individuelles et du consensus.

# %%
individuel = donnees.scores[donnees.scores["round"] == "individuel"]
comite = donnees.scores[donnees.scores["round"] == "consensus"]
paires = individuel[["project_id", "rater_id", "marker", "score"]].rename(columns={"score": "individual"}).merge(
    comite[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}), on=["project_id", "marker"])
ax = pl.consensus_movement_plot(paires)

# %% [markdown]
# ## Structure des marqueurs
#
# Corrélations de Spearman entre marqueurs (profils de consensus) et dendrogramme : les marqueurs
# voisins distinguent les mêmes projets.

# %%
arbre = cl.marker_dendrogram(donnees)
fig = pl.marker_correlation_heatmap(arbre.correlation, linkage=arbre.linkage)
