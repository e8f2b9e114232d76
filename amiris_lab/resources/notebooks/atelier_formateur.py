# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Atelier de cotation : tableau de bord du formateur
#
# Ouvrez ce carnet dans JupyterLab, ou comme seconde page Voila du serveur de l'atelier
# (l'adresse avec `?token=...` affichée par `amiris-lab workshop serve`). Sans le jeton formateur,
# la page ne montre qu'un champ pour le saisir.
#
# 1. **Tableau de bord** : le QR code de l'adresse des participants, à projeter ; participants inscrits et
#    fiches envoyées ; ouvrir, fermer, dévoiler chaque tour ; une fois le tour dévoilé, le radar de tous les
#    profils avec la médiane du groupe, la dispersion par marqueur (les plus discutés d'abord), l'accord du
#    groupe (alpha de Krippendorff ordinal avec intervalle, accord brut ; les 12 marqueurs sont les unités,
#    les participants les juges), le tour 1 face au tour 2, l'écart à la référence ; l'enregistrement du
#    consensus ; la fiche PDF d'une page pour les participants ; l'export en jeu de données.
# 2. **Plusieurs cas** : le menu « Cas » montre chaque cas de la séance et « Passer au cas suivant » y
#    emmène les participants, sans qu'ils aient à rejoindre à nouveau ; la synthèse de la séance compare
#    l'accord des cas et montre qui s'est rapproché de la référence entre les tours.
# 3. **Saisie formateur** : pour une salle sans appareils, le formateur saisit les fiches des participants
#    l'une après l'autre.

# %% tags=["parameters"]
# Parameters: empty values are read from the server's environment or the page's address.
store: str = ""  # SQLite file of the workshops
workshop: str = ""  # workshop name
token: str = ""  # trainer token (asked on the page when empty)

# %%
import os

from amiris_lab.widgets.dashboard import trainer_gate

page = trainer_gate(
    store or os.environ.get("AMIRIS_WORKSHOP_STORE", "ateliers.sqlite"),
    workshop or os.environ.get("AMIRIS_WORKSHOP_NAME", "demo"),
    token=token or None,
    query_string=os.environ.get("QUERY_STRING", ""),
)
page
