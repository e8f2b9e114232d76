# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 6. Mesure de Rasch : notes justes, sévérité des membres, échelle
#
# Une décision de labellisation repose sur des notes brutes. Or un projet noté par des membres
# sévères part désavantagé, et un membre indulgent relève tous les projets qu'il note. Le **modèle
# de Rasch à facettes multiples** (Linacre ; Eckes 2015) place projets, marqueurs et membres sur une
# même échelle en logits :
#
# log(P_k / P_(k-1)) = B_projet − D_marqueur − C_membre − F_k
#
# et corrige chaque projet de la sévérité des membres qui l'ont noté. Il vérifie aussi l'échelle
# elle-même : les 4 niveaux fonctionnent-ils comme des catégories ordonnées ? Pour vos données,
# changez seulement `data_dir`.

# %% tags=["parameters"]
data_dir: str = "../data/demo"  # remplacez par le dossier de vos données
year: int = 0  # 0 pour toutes les années, sinon une seule année
model: str = "rating_scale"  # "rating_scale" (une échelle commune) ou "partial_credit"
compare_cml: bool = True  # comparer l'estimation jointe (FACETS) à la conditionnelle (eRm)

# %%
# %matplotlib inline
import warnings

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.rasch import (
    FacetsModel,
    fair_score_changes,
    flagged_members,
    notes_justes_sentences,
)

warnings.simplefilter("ignore", FutureWarning)
pd.set_option("display.precision", 2)
al.set_language("fr")
dataset = rp.open_dataset(data_dir)  # un dossier de données, ou "demo:" (démonstration en mémoire)
annees = [year] if year else None
dataset

# %% [markdown]
# ## Ajuster le modèle
#
# Estimation jointe (JMLE) comme FACETS, avec la correction de biais (L − 1)/L de Wright ; les
# projets dont toutes les notes sont extrêmes sont mesurés à 0,3 point de l'extrême. Avant
# l'ajustement, le modèle refuse les données qui donneraient une échelle arbitraire (sous-ensembles
# de projets et de membres sans lien, élément noté une seule fois, niveau jamais utilisé).

# %%
with warnings.catch_warnings(record=True) as alertes:
    warnings.simplefilter("always")
    rasch = FacetsModel(model=model).fit(dataset, round="individuel", year=annees)
for alerte in alertes:
    print("Attention :", alerte.message)
print(f"{len(rasch.observations_)} notes, {rasch.n_iter_} itérations, convergence : "
      f"{rasch.converged_}")
rasch.separation_[["n_elements", "sd", "rmse", "separation", "strata", "reliability"]]

# %% [markdown]
# **Lecture.** La *séparation* compare la dispersion vraie des mesures à leur erreur ; les
# *strates* disent combien de niveaux distincts on peut distinguer ; la *fiabilité* (comme un
# alpha) dit si l'ordre des éléments est reproductible. Pour les membres, une fiabilité élevée
# n'est pas une bonne nouvelle : elle signifie que leurs sévérités diffèrent vraiment.

# %% [markdown]
# ## La carte de Wright
#
# Projets, marqueurs, membres et seuils sur une même règle. En haut : les projets les plus
# innovants, les marqueurs les plus difficiles, les membres les plus sévères.

# %%
ax = pl.wright_map(rasch.measures_, rasch.thresholds_)
plt.show()

# %% [markdown]
# ## L'échelle fonctionne-t-elle ?
#
# Les seuils d'Andrich doivent croître d'un niveau au suivant : chaque niveau est alors, sur une
# plage de mesures, le plus probable. Des seuils désordonnés (signalés par un avertissement)
# indiquent un niveau que les membres n'emploient pas comme prévu.

# %%
display(rasch.thresholds_)
etiquettes = list(dataset.scale["label_fr"]) if model == "rating_scale" else None
ax = pl.category_curves_plot(rasch.thresholds_, labels=etiquettes)
plt.show()
rasch.category_stats_[["group", "category", "count", "percent", "avg_measure",
                       "expected_measure", "outfit", "threshold"]]

# %% [markdown]
# ## La sévérité des membres
#
# Sévérité en logits avec son intervalle à 95 % : à droite, un membre qui note plus bas que la
# moyenne. L'ajustement (infit, outfit : 1 attendu, 0,5 à 1,5 acceptable) dit si ses notes
# suivent le modèle.

# %%
ax = pl.severity_plot(rasch.measures_)
plt.show()
rasch.measures_.loc["rater_id"].sort_values("measure", ascending=False)[
    ["measure", "se", "infit", "outfit", "fair_average", "count"]]

# %% [markdown]
# ## Notes justes des projets
#
# La **note juste** (moyenne « Fair-M » de FACETS) est la note qu'un projet aurait reçue d'un membre
# moyen sur un marqueur moyen. La frontière de labellisation est lue dans les données : la note
# moyenne brute qui sépare le mieux les projets labellisés des autres.

# %%
projets = rasch.measures_.loc["project_id"]
changements = fair_score_changes(rasch)
signales = flagged_members(rasch)
frontiere = changements.attrs["boundary"]
fig, ax = plt.subplots(figsize=(6, 5))
ax.scatter(projets["raw_mean"], projets["fair_average"], s=12, color=pl.OKABE_ITO[0], alpha=0.7)
ax.scatter(changements["raw_mean"], changements["fair_average"], s=30, color=pl.OKABE_ITO[3],
           label="change de côté")
lims = [projets[["raw_mean", "fair_average"]].min().min(),
        projets[["raw_mean", "fair_average"]].max().max()]
ax.plot(lims, lims, color="grey", lw=0.8)
ax.axvline(frontiere, color="black", ls=":", lw=0.8)
ax.axhline(frontiere, color="black", ls=":", lw=0.8)
ax.set_xlabel("Moyenne brute des notes individuelles")
ax.set_ylabel("Note juste (membre et marqueur moyens)")
ax.set_title("Notes brutes et notes justes des projets")
ax.legend(frameon=False)
plt.show()
display(Markdown("\n".join("- " + s for s in notes_justes_sentences(changements, signales))))
changements

# %% [markdown]
# ## Biais : un membre est-il sévère sur certains marqueurs seulement ?
#
# Pour chaque couple (membre, marqueur), le biais est l'écart en logits entre les notes observées
# et celles que le modèle attend (positif = plus sévère que d'habitude sur ce marqueur). Au-delà de
# |t| = 2, l'écart mérite une discussion sur la lecture du marqueur.

# %%
biais = rasch.interactions_
biais.loc[biais["t"].abs() >= 2].sort_values("t")[
    ["facet_a", "element_a", "element_b", "count", "obs_minus_exp", "bias", "se", "t"]]

# %% [markdown]
# ## Deux estimations, mêmes conclusions ?
#
# L'estimation conditionnelle (CML, comme le paquet R eRm) élimine les projets de la
# vraisemblance ; elle est plus lente mais sans biais. Les deux doivent donner les mêmes
# sévérités à une fraction d'erreur type près.

# %%
if compare_cml:
    cml = FacetsModel(model=model, estimation="cml").fit(dataset, round="individuel",
                                                         year=annees)
    comparaison = pd.DataFrame({
        "JMLE": rasch.measures_.loc["rater_id", "measure"],
        "CML": cml.measures_.loc["rater_id", "measure"],
        "erreur type": cml.measures_.loc["rater_id", "se"],
    })
    comparaison["écart en erreurs types"] = (
        (comparaison["JMLE"] - comparaison["CML"]) / comparaison["erreur type"])
    plus_grand = comparaison["écart en erreurs types"].abs().max()
    print(f"Plus grand écart : {plus_grand:.3f} erreur type".replace(".", ","))
    display(comparaison)
