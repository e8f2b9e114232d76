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
n_boot: int = 200  # tirages bootstrap (1000 pour une publication)
year: int = 0  # 0 pour toutes les années, sinon une seule année
k_max: int = 6  # nombre maximal de groupes essayés

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

# %%
donnees = dataset.filter(year=year) if year else dataset
typologie = al.MarkerTypology("gmm", k_range=(2, k_max), random_state=seed).fit(donnees)
typologie.scores_.round(3)

# %% [markdown]
# ## Les groupes
#
# Taille, note moyenne et nom suggéré à partir des marqueurs qui distinguent chaque groupe.

# %%
resume = cl.cluster_summary(typologie)
noms = dict(zip(resume["cluster"], resume["name"]))
tailles = dict(zip(resume["cluster"], resume["size"]))
resume[["cluster", "size", "share", "mean_score", "name"]]

# %%
ax = pl.cluster_profile_heatmap(typologie.profiles_, names=noms, sizes=tailles)

# %%
fig = pl.radar_grid(typologie.profiles_, reference=typologie.project_profiles_.mean(),
                   titles={k: f"{k} · {v} (n = {tailles[k]})" for k, v in noms.items()}, ncols=2)

# %%
ax = pl.cluster_map(cl.project_map(typologie), names=noms)

# %% [markdown]
# ## Groupes et décision du comité
#
# Test du khi-deux d'indépendance et V de Cramér (0 = aucun lien, 1 = lien parfait).

# %%
croise = cl.cluster_crosstab(donnees, typologie, by="decision")
print(f"khi2 = {croise.chi2:.1f}, ddl = {croise.dof}, p = {croise.p_value:.2g}, V de Cramér = {croise.cramers_v:.2f}")
croise.table

# %% [markdown]
# ## Stabilité
#
# La typologie est réestimée sur des échantillons bootstrap de projets et de membres du comité.
# Jaccard moyen : 0,75 et plus = groupe stable ; moins de 0,6 = à ne pas interpréter.

# %%
stabilite = cl.typology_stability(donnees, typologie, n_boot=10, resample="both",
                                  random_state=seed, progress=False)
stabilite.summary.round(2)
