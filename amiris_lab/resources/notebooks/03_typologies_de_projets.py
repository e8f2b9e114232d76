# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Typologies de projets
#
# Y a-t-il des familles de projets aux profils de marqueurs semblables ? Ce carnet cherche des groupes
# (mélange gaussien, nombre de groupes de 2 à `k_max` choisi par le critère
# BIC), les décrit, les compare à la
# décision du comité et vérifie leur stabilité. Pour vos données, changez seulement `data_dir`.

# %% tags=["parameters"]
data_dir: str = "../data/demo"  # remplacez par le dossier de vos données
seed: int = 2024  # graine des calculs aléatoires
n_boot: int = 50  # tirages bootstrap de la stabilité (200 pour une publication)
year: int = 0  # 0 pour toutes les années, sinon une seule année
k_max: int = 6  # nombre maximal de groupes essayés

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
typologie = al.MarkerTypology("gmm", k_range=(2, k_max), random_state=seed).fit(donnees)
rp.readable(typologie.scores_.assign(chosen=typologie.scores_["chosen"].map({True: "oui", False: ""})),
            headers={"k": "Groupes", "silhouette": "Silhouette", "bic": "BIC", "chosen": "Retenu"},
            digits={"silhouette": 3, "bic": 1})

# %% [markdown]
# ## Les groupes
#
# Taille, note moyenne et nom suggéré à partir des marqueurs qui distinguent chaque groupe.

# %%
resume = cl.cluster_summary(typologie)
noms = dict(zip(resume["cluster"], resume["name"]))
tailles = dict(zip(resume["cluster"], resume["size"]))
rp.readable(resume.assign(cluster=resume["cluster"] + 1)[["cluster", "size", "share", "mean_score", "name"]],
            headers={"cluster": "Groupe", "size": "Projets", "share": "Part", "mean_score": "Note moyenne",
                     "name": "Nom suggéré"}, percent=["share"])

# %%
ax = pl.cluster_profile_heatmap(typologie.profiles_, names=noms, sizes=tailles)

# %%
fig = pl.radar_grid(typologie.profiles_, reference=typologie.project_profiles_.mean(),
                   titles={k: pl.group_label(k, names=noms, sizes=tailles) for k in noms}, ncols=2,
                   suptitle="Profil de chaque groupe (tirets : moyenne de tous les projets)")

# %%
ax = pl.cluster_map(cl.project_map(typologie), names=noms)
ax.set_title("Les projets sur les deux premières composantes principales");

# %% [markdown]
# ## Groupes et décision du comité
#
# Test du khi-deux d'indépendance et V de Cramér (0 = aucun lien, 1 = lien parfait).

# %%
croise = cl.cluster_crosstab(donnees, typologie, by="decision")
p_texte = "p < 0,001" if croise.p_value < 0.001 else f"p = {rp.fmt(croise.p_value, digits=3)}"
print(f"khi2 = {rp.fmt(croise.chi2, digits=1)}, ddl = {croise.dof}, {p_texte}, "
      f"V de Cramér = {rp.fmt(croise.cramers_v)}")
tableau = croise.table[pl.natural_order("decision", croise.table.columns)]
tableau.index = [pl.group_label(k) for k in tableau.index]
rp.readable(tableau.rename_axis("Groupe").rename(columns=lambda d: pl.category_label("decision", d)))

# %% [markdown]
# ## Stabilité
#
# La typologie est réestimée sur des échantillons bootstrap de projets et de membres du comité.
# Jaccard moyen : 0,75 et plus = groupe stable ; moins de 0,6 = à ne pas interpréter.

# %%
stabilite = cl.typology_stability(donnees, typologie, n_boot=n_boot, resample="both",
                                  random_state=seed, progress=False)
rp.readable(stabilite.summary.assign(cluster=stabilite.summary["cluster"] + 1),
            headers={"cluster": "Groupe", "size": "Projets", "mean_jaccard": "Jaccard moyen",
                     "median_jaccard": "Jaccard médian", "dissolved": "Dissous", "recovered": "Retrouvé",
                     "reading": "Lecture"}, percent=["dissolved", "recovered"])
