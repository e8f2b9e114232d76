# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. Découvrir les données
#
# Ce carnet fait le tour d'un jeu de données de l'appel à projets : les projets candidats, les membres
# du comité, les notes données aux 12 marqueurs de l'Institut Godin. Il tourne tel quel sur les
# données de démonstration (entièrement synthétiques) ; pour vos données, changez seulement
# `data_dir` dans la cellule suivante (le format est décrit dans `data/README.md`).

# %% tags=["parameters"]
data_dir: str = "../data/demo"  # remplacez par le dossier de vos données
seed: int = 2024  # graine des calculs aléatoires
n_boot: int = 200  # tirages bootstrap (1000 pour une publication)

# %%
# %matplotlib inline
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
dataset

# %% [markdown]
# ## Les marqueurs et l'échelle
#
# Chaque projet est noté sur 12 marqueurs répartis en 5 dimensions, sur une échelle de 0 (absent) à
# 3 (structurant). Une case vide veut dire « non noté », ce qui n'est pas un 0.

# %%
dataset.markers

# %%
dataset.scale

# %% [markdown]
# ## Les candidatures année par année
#
# Nombre de projets par année et par décision du comité.

# %%
par_annee = pd.crosstab(dataset.projects["year"], dataset.projects["decision"].astype(str))
par_annee.columns = [vocabulary_label("decision", d) for d in par_annee.columns]
ax = par_annee.plot.bar(stacked=True, color=pl.OKABE_ITO[1:4], rot=0)
ax.set_ylabel("projets")
ax.set_xlabel("");

# %%
from amiris_lab import summary_table

display(summary_table(dataset))

# %% [markdown]
# ## Qui sont les projets ?
#
# Département, forme juridique et stade des projets, toutes années confondues.

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.5))
for ax, col in zip(axes, ("department", "legal_form", "stage")):
    comptes = dataset.projects[col].astype(str).value_counts().sort_index()
    comptes.index = [vocabulary_label(col, v) for v in comptes.index]
    comptes.plot.barh(ax=ax, color=pl.OKABE_ITO[5])
    ax.set_title(col)
fig.tight_layout()

# %% [markdown]
# ## Le comité
#
# Les membres et leur collège ; combien de notes chacun a données.

# %%
individuel = dataset.scores[dataset.scores["round"] == "individuel"]
notes = individuel.groupby(individuel["rater_id"].astype(str))["score"].count().rename("notes")
dataset.raters.set_index("rater_id").join(notes)

# %% [markdown]
# ## Les notes
#
# Répartition des notes individuelles par marqueur, et part des notes laissées vides.

# %%
ax = pl.score_distribution(dataset.scores, round="individuel")

# %%
vides = individuel.groupby(individuel["marker"].astype(str))["score"].apply(lambda s: s.isna().mean())
(100 * vides).round(1).rename("% non noté").to_frame().T

# %% [markdown]
# ## Le profil moyen de chaque année
#
# Le radar superpose le profil moyen de consensus de chaque année.

# %%
moyennes = pd.DataFrame({str(y): dataset.profiles(year=y).mean() for y in dataset.years}).T
ax = pl.radar(moyennes, title="Profil moyen de consensus par année")
