# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5. Combien de membres faut-il ? (théorie de la généralisabilité)
#
# Quand plusieurs membres notent un même projet, leurs notes diffèrent. Ce carnet répond à deux
# questions :
#
# 1. **D'où viennent ces écarts ?** Du projet lui-même (c'est ce que l'on veut mesurer), du membre
#    (plus ou moins sévère), du marqueur, ou de leurs combinaisons ?
# 2. **Combien de membres doivent noter un projet** pour que sa note soit fiable (0,80) ?
#
# La méthode est celle de la théorie de la généralisabilité (Cronbach ; Brennan, 2001) : une
# *étude G* estime les composantes de variance sur le plan réel du comité (chaque projet n'est noté
# que par les membres présents), une *étude D* en déduit la fiabilité pour un nombre quelconque de
# membres. Pour vos données, changez seulement `data_dir`.

# %% tags=["parameters"]
data_dir: str = "../data/demo"  # remplacez par le dossier de vos données
year: int = 0  # 0 pour toutes les années, sinon une seule année
n_boot: int = 200  # tirages bootstrap pour les intervalles (1000 pour une publication)
seed: int = 2024  # graine des calculs aléatoires
target: float = 0.80  # fiabilité visée

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.gtheory import marker_curves

pd.set_option("display.precision", 3)
al.set_language("fr")
dataset = rp.open_dataset(data_dir)  # un dossier de données, ou "demo:" (démonstration en mémoire)
annees = year if year else None
dataset

# %% [markdown]
# ## 1. Étude G : d'où viennent les écarts entre notes ?
#
# Les composantes sont estimées par REML (comme `lmer` du paquet R lme4). Sources : le projet, le
# membre, le marqueur, et les interactions deux à deux ; le résiduel réunit l'interaction des
# trois et l'erreur. Une composante estimée à 0 est signalée dans les notes.

# %%
etude = al.gstudy(dataset, year=annees)
print(etude.design)
for note in etude.notes:
    print("·", note)
etude.components

# %%
ax = pl.variance_shares(etude.components)

# %% [markdown]
# La part **projet** est le « signal » ; la part **projet × marqueur** dit que les projets n'ont pas
# le même profil d'un marqueur à l'autre (c'est normal et utile) ; la part **membre** mesure les
# différences de sévérité ; le **résiduel** est le désaccord que rien d'autre n'explique.
#
# ## 2. Étude D : fiabilité selon le nombre de membres
#
# Eρ² (coefficient de généralisabilité) sert à **classer** les projets entre eux ; Φ (fiabilité
# absolue) à les **situer par rapport à un seuil**, et compte donc aussi la sévérité des membres.
# Ici, la note du projet est la moyenne des 12 marqueurs.

# %%
al.dstudy(etude, rater_id=[1, 2, 3, 4, 5, 6, 7, 8, 10, 12])

# %% [markdown]
# ## 3. Marqueur par marqueur
#
# Chaque marqueur est étudié seul (plan projet × membre). Les courbes montrent la fiabilité de la
# note d'un marqueur selon le nombre de membres ; la ligne pointillée est la cible.

# %%
courbes = marker_curves(etude, rater_id=range(1, 16))
fig, axes = plt.subplots(1, 2, figsize=(14, 5))
pl.dstudy_curves(courbes, coefficient="g_coef", target=target, ax=axes[0])
pl.dstudy_curves(courbes, coefficient="phi", target=target, ax=axes[1])
fig.tight_layout()

# %% [markdown]
# ## 4. Combien de membres faut-il ?
#
# Le plus petit nombre de membres qui atteint la cible, par marqueur, avec un intervalle obtenu en
# tirant les projets au hasard avec remise (bootstrap) et en refaisant l'étude à chaque tirage.

# %%
besoins = al.min_raters(etude, target=target, n_boot=n_boot, seed=seed, progress=False)
rp.members_needed_table(besoins)

# %%
from IPython.display import Markdown

Markdown(rp.members_needed_text(etude, besoins))

# %% [markdown]
# ## 5. Une étude par année
#
# Les composantes changent-elles d'une année à l'autre ? Une étude par année, plus l'étude de
# toutes les années réunies (« pooled »), ici pour le marqueur M11.

# %%
par_annee = al.gstudy(dataset, marker="M11", strata="year")
par_annee.components.pivot(index="source", columns="stratum", values="variance")
