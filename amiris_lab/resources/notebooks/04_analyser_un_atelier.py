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
import pandas as pd

import amiris_lab as al
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.workshop.summary import marker_spread, round_agreement

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
{t: len(p) for t, p in tours.items()}

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
ax = pl.radar(tidy, title=f"Atelier sur le projet {projet}")

# %% [markdown]
# ## Où les participants divergent-ils ?
#
# Par marqueur : médiane, quartiles et étendue des notes, du plus grand désaccord au plus petit.

# %%
marker_spread(individuel)

# %% [markdown]
# ## La discussion rapproche-t-elle les notes ?
#
# Accord entre participants (alpha ordinal de Krippendorff, marqueurs comme unités) au tour
# individuel puis au tour révisé.

# %%
accords = {t: round_agreement(p, n_boot=n_boot, seed=seed) for t, p in tours.items()
           if t != "consensus" and len(p) > 1}
pd.DataFrame(accords).T[["alpha", "ci_low", "ci_high", "percent_agreement", "n_raters"]]
