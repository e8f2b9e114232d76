# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Atelier de cotation des marqueurs d'innovation sociale
#
# Entrez le code de l'atelier donné par le formateur, un pseudonyme et votre collège, puis cotez le
# projet présenté sur les 12 marqueurs (ou indiquez « non évalué »). Vos réponses sont enregistrées à
# chaque clic : si la page se recharge, votre lien personnel vous ramène à votre fiche. Les fiches des
# autres participants ne s'affichent qu'après leur dévoilement par le formateur.

# %% tags=["parameters"]
# Parameters: empty values are read from the server's environment.
store: str = ""  # SQLite file of the workshops
workshop: str = ""  # workshop name

# %%
# The page served to each participant by `amiris-lab workshop serve` (Voila, one kernel per page).
# It stays light: no pandas or matplotlib, only ipywidgets and the SQLite store. A preheated
# kernel runs this cell before anyone asks: it builds the page, then waits for its participant.
import os

from amiris_lab.widgets.participant_page import ParticipantPage
from amiris_lab.workshop.request import page_query_string

page = ParticipantPage(
    store or os.environ.get("AMIRIS_WORKSHOP_STORE", "ateliers.sqlite"),
    workshop or os.environ.get("AMIRIS_WORKSHOP_NAME", "demo"),
)
query_string = page_query_string()

# %%
page.show(query_string)
