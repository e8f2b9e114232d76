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

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.definitions import vocabulary_label

pd.set_option("display.max_colwidth", None)  # suggested names are read whole
al.set_language("fr")
dataset = rp.open_dataset(data_dir)  # un dossier de données, ou "demo:" (démonstration en mémoire)
dataset

# %% [markdown]
# ## Les marqueurs et l'échelle
#
# Chaque projet est noté sur 12 marqueurs répartis en 5 dimensions, sur une échelle de 0 (absent) à
# 3 (structurant). Une case vide veut dire « non noté », ce qui n'est pas un 0.

# %%
rp.readable(
    dataset.markers.assign(dimension=[al.definitions.dimension_label(d) for d in dataset.markers["dimension"]]),
    headers={"code": "Code", "label_fr": "Marqueur", "label_en": "En anglais", "dimension": "Dimension"},
)

# %%
rp.readable(dataset.scale, headers={"level": "Niveau", "label_fr": "Nom", "label_en": "En anglais"})

# %% [markdown]
# ## Les candidatures année par année
#
# Nombre de projets par année et par décision du comité.

# %%
ax = pl.decision_bars(dataset.projects, by="year", title="Candidatures par année et décision")
pl.decision_counts(dataset.projects, by="year", total=True)

# %%
from amiris_lab import summary_table

display(summary_table(dataset))

# %% [markdown]
# ## Qui sont les projets ?
#
# Département, forme juridique et stade des projets, toutes années confondues.

# %%
titres = {"department": "Département", "legal_form": "Forme juridique", "stage": "Stade"}
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for ax, (col, titre) in zip(axes, titres.items()):
    pl.decision_bars(dataset.projects, by=col, title=titre, legend=False, ax=ax)
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=3, frameon=False)
fig.tight_layout(rect=(0, 0.08, 1, 1))

# %% [markdown]
# ## Le comité
#
# Les membres et leur collège ; combien de notes chacun a données.

# %%
individuel = dataset.scores[dataset.scores["round"] == "individuel"]
notes = individuel.groupby(individuel["rater_id"].astype(str))["score"].count().rename("notes")
membres = dataset.raters.assign(rater_id=dataset.raters["rater_id"].astype(str)).set_index("rater_id").join(notes)
membres["college"] = [pl.category_label("college", c) for c in membres["college"].astype(str)]
rp.readable(membres, headers={"rater_id": "Membre", "college": "Collège", "notes": "Notes données"})

# %% [markdown]
# ## Les notes
#
# Répartition des notes individuelles par marqueur, et part des notes laissées vides.

# %%
ax = pl.score_distribution(dataset.scores, round="individuel")

# %%
vides = individuel.groupby(individuel["marker"].astype(str))["score"].apply(lambda s: s.isna().mean())
rp.readable(vides.rename("vides").rename_axis("marqueur").reset_index(),
            headers={"marqueur": "Marqueur", "vides": "Notes laissées vides"}, percent=["vides"])

# %% [markdown]
# ## Le profil moyen de chaque année
#
# Le radar superpose le profil moyen de consensus de chaque année.

# %%
moyennes = pd.DataFrame({str(y): dataset.profiles(year=y).mean() for y in dataset.years}).T
ax = pl.radar(moyennes, title="Profil moyen de consensus par année")
