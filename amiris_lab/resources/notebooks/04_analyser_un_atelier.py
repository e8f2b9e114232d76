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
# Un atelier de formation fait noter un même projet par les participants (tour individuel, tour
# révisé après discussion, consensus). Ce carnet lit l'export d'un atelier (`amiris-lab workshop
# export`, au format des données) et montre où les participants divergent et comment la discussion
# les rapproche. Sans export (`export_dir` vide), il prend un projet des données de démonstration
# noté par son comité, qui a la même forme.

# %% tags=["parameters"]
export_dir: str = ""  # dossier exporté par « amiris-lab workshop export » (vide : exemple)
n_boot: int = 200  # tirages bootstrap
seed: int = 2024  # graine

# %%
# %matplotlib inline
import warnings

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
from amiris_lab.workshop.summary import marker_spread, round_agreement

pd.set_option("display.max_colwidth", None)
al.set_language("fr")
if export_dir:
    atelier = rp.open_dataset(export_dir)
else:  # exemple : un projet de démonstration avec un tour révisé
    demo = rp.open_dataset("demo:")
    revises = demo.scores.loc[demo.scores["round"] == "revise", "project_id"].astype(str)
    atelier = demo.filter(projects=sorted(set(revises))[0])
projet = str(atelier.projects["project_id"].iloc[0])
participants = set(atelier.scores.loc[atelier.scores["round"] != "consensus", "rater_id"].astype(str))
print(f"Projet {projet} : {len(participants)} participants")


# %%
def profils(tour):
    s = atelier.scores[(atelier.scores["project_id"] == projet) & (atelier.scores["round"] == tour)]
    table = s.pivot(index="rater_id", columns="marker", values="score").astype(float)
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    return table.reindex(columns=atelier.marker_codes)

tours = {t: profils(t) for t in ("individuel", "revise", "consensus")}
tours = {t: p for t, p in tours.items() if len(p)}
noms_tours = {t: vocabulary_label("round", t) for t in tours}
rp.readable(pd.DataFrame({"tour": list(noms_tours.values()), "cartes": [len(p) for p in tours.values()]}),
            headers={"tour": "Tour", "cartes": "Cartes de notes"})

# %% [markdown]
# ## Le radar de l'atelier
#
# Un trait fin par participant (tour individuel), le consensus en trait épais.

# %%
individuel = tours["individuel"]
tidy = individuel.stack().rename("score").reset_index()
tidy.columns = ["profile", "marker", "score"]
tidy["role"] = "rater"
if "consensus" in tours:
    c = tours["consensus"].iloc[0]
    tidy = pd.concat([tidy, pd.DataFrame({"profile": "Consensus", "role": "consensus",
                                          "marker": c.index, "score": c.to_numpy()})])
ax = pl.radar(tidy, title=f"Atelier sur le projet {projet}", legend=len(individuel) <= 12)

# %% [markdown]
# ## Où les participants divergent-ils ?
#
# Par marqueur : médiane, quartiles et étendue des notes, du plus grand désaccord au plus petit.

# %%
rp.readable(marker_spread(individuel),
            headers={"marker": "Marqueur", "n": "Notes", "median": "Médiane", "q1": "1er quartile",
                     "q3": "3e quartile", "iqr": "Écart interquartile", "low": "Minimum", "high": "Maximum",
                     "range": "Étendue"}, digits=1)

# %% [markdown]
# ## La discussion rapproche-t-elle les notes ?
#
# Accord entre participants (alpha ordinal de Krippendorff, marqueurs comme unités) au tour
# individuel puis au tour révisé.

# %%
accords = {t: round_agreement(p, n_boot=n_boot, seed=seed) for t, p in tours.items()
           if t != "consensus" and len(p) > 1}
lignes = pd.DataFrame(accords).T
lignes.insert(0, "tour", [noms_tours[t] for t in lignes.index])
lignes["intervalle"] = [format_interval(lo, hi) for lo, hi in zip(lignes["ci_low"], lignes["ci_high"])]
rp.readable(lignes[["tour", "alpha", "intervalle", "percent_agreement", "n_raters"]].reset_index(drop=True)
            .astype({"alpha": float, "percent_agreement": float, "n_raters": int}),
            headers={"tour": "Tour", "alpha": "α de Krippendorff", "intervalle": "IC à 95\u00a0%",
                     "percent_agreement": "Accord observé", "n_raters": "Participants"},
            percent=["percent_agreement"])

# %% [markdown]
# ### Comparaison appariée des deux tours
#
# Les deux intervalles ci-dessus se chevauchent souvent : cela ne dit pas si l'accord a changé, car
# les deux tours portent sur les mêmes participants et les mêmes marqueurs. On compare donc les
# tours de façon appariée : on tire au hasard des marqueurs (avec remise), les mêmes pour les deux
# tours, on recalcule l'alpha de chaque tour chez les participants présents aux deux, et on garde
# la différence (révisé − individuel). Si l'intervalle de cette différence exclut 0, la discussion
# a changé l'accord au-delà du hasard du choix des marqueurs.

# %%
if "revise" in tours and len(tours["revise"]) > 1:
    presents = tours["individuel"].index.intersection(tours["revise"].index)
    avant = tours["individuel"].loc[presents].T.to_numpy(float)  # marqueurs x participants
    apres = tours["revise"].loc[presents].T.to_numpy(float)
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
    bas, haut = np.quantile(ecarts, [0.025, 0.975])
    if bas > 0:
        conclusion = "la discussion a rapproché les notes des participants"
    elif haut < 0:
        conclusion = "la discussion a éloigné les notes des participants"
    else:
        conclusion = "on ne peut pas conclure que la discussion a changé l'accord"
    display(Markdown(
        f"Chez les {len(presents)} participants présents aux deux tours, l'alpha passe de "
        f"{rp.fmt(krippendorff_alpha(avant))} à {rp.fmt(krippendorff_alpha(apres))} : différence "
        f"{format_number(difference, signed=True)}, intervalle à 95\u00a0% "
        f"{format_interval(bas, haut)} ({len(ecarts)} tirages appariés). **Conclusion : {conclusion}.**"
    ))
else:
    display(Markdown("Pas de tour révisé avec au moins deux participants : pas de comparaison."))
