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
import matplotlib.pyplot as plt
import pandas as pd

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.workshop.summary import marker_spread, reference_moves, round_agreement

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
pd.DataFrame({projet: {t: len(p) for t, p in tours.items()} for projet, tours in cas.items()}).T

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
pd.concat(
    {projet: marker_spread(tours["individuel"]).head(3) for projet, tours in cas.items()},
    names=["projet", None],
)

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
accords[["projet", "tour", "alpha", "ci_low", "ci_high", "percent_agreement", "n_raters"]]

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
