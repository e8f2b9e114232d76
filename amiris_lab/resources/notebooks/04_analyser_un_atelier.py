# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4. Analyser un atelier
#
# Un atelier de formation fait noter un à quatre projets (les « cas ») par les participants : tour
# individuel, tour révisé après discussion, consensus. Ce carnet lit l'export d'un atelier
# (`amiris-lab workshop export`, au format des données : un projet par cas) et montre, cas par cas,
# où les participants divergent, si la discussion les rapproche, et qui s'est rapproché du consensus.
# Sans export (`export_dir` vide), il prend trois projets des données de démonstration notés par
# leur comité, qui ont la même forme.

# %% tags=["parameters"]
export_dir: str = ""  # dossier exporté par « amiris-lab workshop export » (vide : exemple)
n_boot: int = 200  # tirages bootstrap
seed: int = 2024  # graine

# %%
# %matplotlib inline
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.agreement import krippendorff_alpha
from amiris_lab.definitions import vocabulary_label
from amiris_lab.exceptions import UndefinedStatisticWarning
from amiris_lab.numbers import format_interval, format_number
from amiris_lab.workshop.summary import marker_spread, reference_moves, round_agreement

pd.set_option("display.max_colwidth", None)
al.set_language("fr")
if export_dir:
    atelier = rp.open_dataset(export_dir)
else:  # exemple : trois projets de démonstration avec un tour révisé
    demo = rp.open_dataset("demo:")
    revises = demo.scores.loc[demo.scores["round"] == "revise", "project_id"].astype(str)
    atelier = demo.filter(projects=sorted(set(revises))[:3])
projets = [str(p) for p in atelier.projects["project_id"]]
participants = set(atelier.scores.loc[atelier.scores["round"] != "consensus", "rater_id"].astype(str))
print(f"{len(projets)} cas ({', '.join(projets)}) : {len(participants)} participants")


# %%
def profils(projet, tour):
    s = atelier.scores[
        (atelier.scores["project_id"].astype(str) == projet) & (atelier.scores["round"] == tour)
    ]
    table = s.pivot(index="rater_id", columns="marker", values="score").astype(float)
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    return table.reindex(columns=atelier.marker_codes)


cas = {
    projet: {t: p for t in ("individuel", "revise", "consensus") if len(p := profils(projet, t))}
    for projet in projets
}
cartes = pd.DataFrame({projet: {vocabulary_label("round", t): len(p) for t, p in tours.items()}
                       for projet, tours in cas.items()}).T.fillna(0).astype(int)
rp.readable(cartes.rename_axis("Projet"))

# %% [markdown]
# ## Le radar de chaque cas
#
# Un trait fin par participant (tour individuel), le consensus en trait épais quand il existe.

# %%
fig, axes = plt.subplots(
    1, len(cas), figsize=(4.6 * len(cas) + 3, 5), subplot_kw={"projection": "polar"}, squeeze=False
)
for i, (ax, (projet, tours)) in enumerate(zip(axes[0], cas.items(), strict=True)):
    tidy = tours["individuel"].stack().rename("score").reset_index()
    tidy.columns = ["profile", "marker", "score"]
    tidy["role"] = "rater"
    if "consensus" in tours:
        c = tours["consensus"].iloc[0]
        tidy = pd.concat([tidy, pd.DataFrame({"profile": "Consensus", "role": "consensus",
                                              "marker": c.index, "score": c.to_numpy()})])
    pl.radar(tidy, ax=ax, title=projet, labels="code", legend=i == len(cas) - 1)
fig.tight_layout()

# %% [markdown]
# ## Où les participants divergent-ils ?
#
# Par cas et par marqueur : médiane, quartiles et étendue des notes du tour individuel ; les trois
# marqueurs au plus grand désaccord de chaque cas.

# %%
ecarts_cas = pd.concat(
    {projet: marker_spread(tours["individuel"]).head(3) for projet, tours in cas.items()},
    names=["projet", None],
).reset_index(level=0)
rp.readable(ecarts_cas.reset_index(drop=True),
            headers={"projet": "Projet", "marker": "Marqueur", "n": "Notes", "median": "Médiane",
                     "q1": "1er quartile", "q3": "3e quartile", "iqr": "Écart interquartile",
                     "low": "Minimum", "high": "Maximum", "range": "Étendue"}, digits=1)

# %% [markdown]
# ## La discussion rapproche-t-elle les notes ?
#
# Accord entre participants (alpha ordinal de Krippendorff, marqueurs comme unités), par cas, au
# tour individuel puis au tour révisé.

# %%
accords = pd.DataFrame(
    [
        {"projet": projet, "tour": t} | round_agreement(p, n_boot=n_boot, seed=seed)
        for projet, tours in cas.items()
        for t, p in tours.items()
        if t != "consensus" and len(p) > 1
    ]
)
accords["tour"] = [vocabulary_label("round", t) for t in accords["tour"]]
accords["intervalle"] = [format_interval(lo, hi) for lo, hi in zip(accords["ci_low"], accords["ci_high"])]
rp.readable(accords[["projet", "tour", "alpha", "intervalle", "percent_agreement", "n_raters"]],
            headers={"projet": "Projet", "tour": "Tour", "alpha": "α de Krippendorff",
                     "intervalle": "IC à 95\u00a0%", "percent_agreement": "Accord observé",
                     "n_raters": "Participants"}, percent=["percent_agreement"])

# %% [markdown]
# ### Comparaison appariée des deux tours
#
# Les deux intervalles d'un cas se chevauchent souvent : cela ne dit pas si l'accord a changé, car
# les deux tours portent sur les mêmes participants et les mêmes marqueurs. On compare donc les
# tours de façon appariée : on tire au hasard des marqueurs (avec remise), les mêmes pour les deux
# tours, on recalcule l'alpha de chaque tour chez les participants présents aux deux, et on garde
# la différence (révisé − individuel). Si l'intervalle de cette différence exclut 0, la discussion
# a changé l'accord au-delà du hasard du choix des marqueurs.


# %%
def comparaison_appariee(avant, apres):
    difference = krippendorff_alpha(apres) - krippendorff_alpha(avant)
    tirage = np.random.default_rng(seed)
    ecarts = []
    for _ in range(n_boot):
        lignes_tirees = tirage.integers(0, avant.shape[0], avant.shape[0])
        with warnings.catch_warnings():  # un tirage sans variation n'a pas d'alpha : il est écarté
            warnings.simplefilter("ignore", UndefinedStatisticWarning)
            ecarts.append(krippendorff_alpha(apres[lignes_tirees]) - krippendorff_alpha(avant[lignes_tirees]))
    ecarts = np.array(ecarts)
    ecarts = ecarts[np.isfinite(ecarts)]
    return difference, *np.quantile(ecarts, [0.025, 0.975]), len(ecarts)


phrases = []
for projet, tours in cas.items():
    if "revise" not in tours or len(tours["revise"]) < 2:
        phrases.append(f"- **{projet}** : pas de tour révisé avec au moins deux participants.")
        continue
    presents = tours["individuel"].index.intersection(tours["revise"].index)
    avant = tours["individuel"].loc[presents].T.to_numpy(float)  # marqueurs x participants
    apres = tours["revise"].loc[presents].T.to_numpy(float)
    difference, bas, haut, tirages = comparaison_appariee(avant, apres)
    if bas > 0:
        conclusion = "la discussion a rapproché les notes des participants"
    elif haut < 0:
        conclusion = "la discussion a éloigné les notes des participants"
    else:
        conclusion = "on ne peut pas conclure que la discussion a changé l'accord"
    phrases.append(
        f"- **{projet}** : chez les {len(presents)} participants présents aux deux tours, l'alpha passe "
        f"de {rp.fmt(krippendorff_alpha(avant))} à {rp.fmt(krippendorff_alpha(apres))} (différence "
        f"{format_number(difference, signed=True)}, intervalle à 95\u00a0% {format_interval(bas, haut)}, "
        f"{tirages} tirages appariés). **Conclusion : {conclusion}.**"
    )
display(Markdown("\n".join(phrases)))

# %% [markdown]
# ## Qui s'est rapproché du consensus ?
#
# Pour chaque participant ayant noté les deux tours : écart absolu moyen au consensus du groupe au
# tour individuel (`gap_1`) puis au tour révisé (`gap_2`) ; `toward` = plus proche.

# %%
mouvements = {
    projet: reference_moves(tours["individuel"], tours["revise"], tours["consensus"].iloc[0].dropna().to_dict())
    for projet, tours in cas.items()
    if {"individuel", "revise", "consensus"} <= set(tours)
}
(pd.concat(mouvements, names=["projet", None]) if mouvements
 else "Aucun cas n'a les deux tours et un consensus.")
