# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%
# %matplotlib inline
import warnings

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import amiris_lab as al
from amiris_lab import clustering as cl
from amiris_lab import plotting as pl
from amiris_lab import reports as rp
from amiris_lab.analysis import readable_agreement_table
from amiris_lab.definitions import vocabulary_label
from amiris_lab.gtheory import marker_curves
from amiris_lab.i18n import N_, t_
from amiris_lab.rasch import fair_score_changes, flagged_members, notes_justes_sentences

# statistiques non définies : signalées dans le texte (« n.d. »), pas en avertissement
warnings.simplefilter("ignore", al.exceptions.UndefinedStatisticWarning)
plt.rcParams.update({"figure.dpi": 90, "savefig.bbox": "tight"})
pd.set_option("display.precision", 2)
pd.set_option("display.max_colwidth", None)


def texte(text):
    display(Markdown(str(text)))


def titre(ident, text, level=2):
    display(Markdown(f'<h{level} id="{ident}">{text}</h{level}>'))


def afficher(fig_or_ax, alt):
    """Show a figure with its text alternative (what it shows, in words)."""
    rp.show_figure(fig_or_ax, alt=str(alt))


# %% tags=["parameters"]
year: int = 2019  # année du rapport
data_dir: str = "../data/demo"  # dossier des données (ou "demo:" pour les données de démonstration)
lang: str = "fr"  # langue du rapport : "fr" ou "en"
n_boot: int = 1000  # tirages bootstrap des intervalles de confiance
seed: int = 2024  # graine des calculs aléatoires (bootstrap, typologies)
alpha_min: float = 0.667  # seuil d'accord (alpha de Krippendorff) jugé acceptable
previous_years: int = 3  # nombre d'années antérieures comparées

# %%
al.set_language(lang)
dataset = rp.open_dataset(data_dir)
annee = dataset.filter(year=year)
precedentes = [y for y in dataset.years if y < year][-previous_years:] if previous_years else []
decision_de = annee.projects.set_index("project_id")["decision"].astype(str)
titre("titre", t_("Rapport annuel {year} : l'appel à projets d'innovation sociale", year=year), level=1)
texte(t_("Ce rapport présente les candidatures de l'année, la façon dont le comité de "
"labellisation a noté les 12 marqueurs d'innovation sociale de l'Institut Godin "
"(échelle de 0 « absent » à 3 « structurant »), la fiabilité de ces notes et "
"l'évolution par rapport aux années précédentes. Il est produit automatiquement, "
"sans retouche, à partir des données."))

# %%
titre("chiffres-cles", t_("1. Chiffres clés"))
accord = al.agreement_table(
    annee, statistics=("alpha",), round="individuel", n_boot=n_boot, seed=seed, progress=False, lang=lang
)
chiffres = rp.key_figures(dataset, year=year, agreement=accord)
rp.show_key_figures(chiffres)
texte(rp.key_figures_text(chiffres))

# %%
titre("candidatures", t_("2. Candidatures et décisions"))
texte(t_("Nombre de projets par département, forme juridique, stade et secteur, selon la "
"décision du comité (labellisé, ajourné, non labellisé)."))
colonnes = [c for c in ("department", "legal_form", "stage", "sector") if c in annee.projects]
noms = {"department": t_("Département"), "legal_form": t_("Forme juridique"),
        "stage": t_("Stade"), "sector": t_("Secteur")}
fig, axes = plt.subplots(2, 2, figsize=(11, 8.4))
for ax, col in zip(axes.flat, colonnes):
    pl.decision_bars(annee.projects, by=col, title=noms[col], legend=False, ax=ax)
for ax in list(axes.flat)[len(colonnes):]:
    ax.set_visible(False)
fig.legend(*axes.flat[0].get_legend_handles_labels(), loc="upper center", ncol=3, frameon=False,
           bbox_to_anchor=(0.5, 1.0))
fig.tight_layout(rect=(0, 0, 1, 0.96))
par_dep = pl.decision_counts(annee.projects, by="department", total=True)
premier = par_dep.drop(index=t_("Total"))[t_("Total")].idxmax()
afficher(fig, t_("Quatre graphiques en barres empilées : nombre de projets par département, "
"forme juridique, stade et secteur, chaque barre partagée entre labellisés (bleu), ajournés "
"(orange) et non labellisés (gris). Le département qui compte le plus de candidatures est "
"{premier}. Le tableau suivant donne les effectifs par département.", premier=premier))
par_dep.rename_axis(t_("Département"))

# %%
titre("profil", t_("3. Profil des marqueurs de l'année"))
texte(t_("Répartition des notes de consensus du comité par marqueur : à gauche les niveaux "
"bas, à droite les niveaux hauts. Les notes laissées vides ne comptent pas."))
ax = pl.score_distribution(annee.scores, round="consensus")
ax.set_title(t_("Notes de consensus {year}", year=year))
notes_consensus = annee.scores[annee.scores["round"] == "consensus"].dropna(subset=["score"])
hautes = (notes_consensus["score"].astype(int) >= 2).groupby(notes_consensus["marker"].astype(str)).mean()
afficher(ax, t_("Barres divergentes : pour chacun des 12 marqueurs, part des notes de consensus à "
"chaque niveau, les niveaux absent et faible à gauche de l'axe, affirmé et structurant à "
"droite. Le marqueur le plus souvent affirmé ou structurant est {haut} ({part_haute}), le "
"moins souvent {bas} ({part_basse}).", haut=hautes.idxmax(), part_haute=rp.percent(hautes.max()),
bas=hautes.idxmin(), part_basse=rp.percent(hautes.min())))
consensus = annee.profiles(round="consensus")
par_decision = consensus.groupby(decision_de.reindex(consensus.index)).mean()
par_decision = par_decision.reindex(pl.natural_order("decision", par_decision.index))
par_decision.index = [vocabulary_label("decision", d) for d in par_decision.index]
texte(t_("Le radar compare le profil moyen de consensus des projets labellisés, ajournés et "
"non labellisés : plus la surface est grande, plus les marqueurs sont affirmés."))
moyennes_decision = " ; ".join(f"{d} {rp.fmt(v, digits=1)}" for d, v in par_decision.mean(axis=1).items())
afficher(pl.radar(par_decision, colours=pl.category_colours("decision"),
                  title=t_("Profil moyen selon la décision")),
         t_("Radar à 12 axes, un par marqueur, du centre (absent) au bord (structurant) : profil "
"moyen de consensus des projets labellisés (bleu), ajournés (orange) et non labellisés (gris). "
"Note moyenne sur les 12 marqueurs : {moyennes}.", moyennes=moyennes_decision))

# %%
titre("accord", t_("4. Accord du comité par marqueur"))
texte(t_("Les membres du comité notent d'abord seuls. Si le marqueur est clair pour tous, "
"leurs notes concordent. L'alpha de Krippendorff mesure cette concordance : 1 = "
"accord parfait, 0 = pas plus qu'au hasard. On le juge acceptable à partir de {fmt}. "
"L'intervalle (bootstrap, {n_boot} tirages) montre la marge d'incertitude.",
fmt=rp.fmt(alpha_min, digits=3), n_boot=rp.fmt(n_boot, digits=0)))
afficher(pl.agreement_forest(accord, statistic="alpha", thresholds=(alpha_min, 0.800)),
         t_("Graphique en points : l'alpha de Krippendorff de chaque marqueur, un point par "
"marqueur avec son intervalle de confiance à 95 % en trait horizontal, et les seuils {seuil} "
"et 0,800 en lignes verticales. Les valeurs sont dans le tableau qui suit.",
seuil=rp.fmt(alpha_min, digits=3)))
texte(rp.agreement_text(accord, alpha_min=alpha_min, statistic="alpha"))
display(readable_agreement_table(accord, digits=2).set_index(t_("Marqueur")))
texte(al.agreement_table_legend(accord))

# %%
titre("consensus", t_("5. Des notes individuelles au consensus"))
texte(t_("Après discussion, le comité fixe une note de consensus. Pour chaque marqueur : la "
"moyenne des notes individuelles (rond vide) et celle du consensus (rond plein)."))
individuel = annee.scores[annee.scores["round"] == "individuel"]
comite = annee.scores[annee.scores["round"] == "consensus"]
paires = individuel[["project_id", "rater_id", "marker", "score"]].rename(columns={"score": "individual"}).merge(
    comite[["project_id", "marker", "score"]].rename(columns={"score": "consensus"}), on=["project_id", "marker"])
afficher(pl.consensus_movement_plot(paires),
         t_("Pour chacun des 12 marqueurs, sur l'échelle de 0 à 3, la moyenne des notes "
"individuelles (rond vide) et celle du consensus (rond plein), reliées par une flèche. "
"{phrase}", phrase=rp.movement_text(chiffres)))
texte(rp.movement_text(chiffres))

# %%
titre("membres", t_("6. Effets des collèges et des membres"))
texte(t_("La sévérité d'un membre est l'écart moyen entre ses notes et celles des autres "
"membres sur les mêmes projets (négatif = plus sévère). Des écarts marqués ou "
"propres à un collège invitent à revoir ensemble la grille de lecture des marqueurs."))
severite = al.rater_severity(annee)
par_college = al.rater_severity(annee, by="college")
texte("**" + t_("Collèges.") + "** " + rp.severity_text(par_college))
# members apart from the consensus: a test adjusted for 15 comparisons, beyond a quarter level
ecarts = al.rater_consensus_gap(annee, margin=0.25)
membres = rp.severity_text(severite, consensus_gap=ecarts)
texte("**" + t_("Membres.") + "** " + membres)
afficher(pl.rater_severity_plot(severite),
         t_("Graphique en points : pour chacun des {n} membres du comité, l'écart moyen de ses "
"notes à celles des autres membres (à gauche plus sévère, à droite plus indulgent) avec son "
"intervalle, coloré par collège. {phrase}", n=len(severite), phrase=membres))

# %%
titre("notes-justes", t_("Notes justes"), level=3)
texte(t_("Le modèle de Rasch à facettes multiples place projets, marqueurs et membres sur "
"une même échelle et corrige chaque projet de la sévérité des membres qui l'ont noté. La "
"**note juste** d'un projet est la note qu'il aurait reçue d'un membre moyen sur un marqueur "
"moyen. La frontière de labellisation est lue dans les données : la note moyenne brute qui "
"sépare le mieux les projets labellisés des autres."))
try:
    rasch = al.FacetsModel().fit(annee, round="individuel")
except al.EstimationError as erreur:  # données qui donneraient une échelle arbitraire
    rasch = None
    texte(t_("Le modèle n'a pas pu être ajusté sur les notes de l'année : {error}", error=erreur))
if rasch is not None:
    notes_justes = fair_score_changes(rasch)
    membres_signales = flagged_members(rasch)
    texte("\n".join("- " + s for s in notes_justes_sentences(notes_justes, membres_signales)))
    if len(notes_justes):
        display(
            notes_justes[["project_id", "raw_mean", "fair_average", "decision"]]
            .assign(decision=lambda t: [vocabulary_label("decision", d) for d in t["decision"]])
            .rename(columns={
                "project_id": t_("Projet"),
                "raw_mean": t_("Moyenne brute"),
                "fair_average": t_("Note juste"),
                "decision": t_("Décision"),
            })
            .style.hide(axis="index").format(precision=2, decimal="," if lang == "fr" else ".")
        )
    afficher(pl.severity_plot(rasch.measures_),
             t_("Graphique en points : la sévérité de chaque membre du comité mesurée par le "
"modèle de Rasch, avec son intervalle à 95 %, le plus sévère en haut. Membres signalés : "
"{n}.", n=len(membres_signales)))

# %%
titre("typologies", t_("7. Typologies de projets de l'année"))
texte(t_("Les projets de l'année sont regroupés selon leur profil de consensus (mélange "
"gaussien, nombre de groupes, de 2 à 6, choisi par le critère BIC). Les noms sont "
"des suggestions construites à partir des marqueurs qui distinguent chaque groupe."))
typologie = al.MarkerTypology("gmm", k_range=(2, 6), random_state=seed).fit(annee)
resume = cl.cluster_summary(typologie)
tailles = dict(zip(resume["cluster"], resume["size"]))
afficher(pl.cluster_profile_heatmap(typologie.profiles_, sizes=tailles, markers_as_rows=True),
         t_("Tableau coloré : note moyenne de consensus de chacun des {n} groupes (colonnes, "
"numérotés à partir de 1) sur chacun des 12 marqueurs (lignes), du bleu foncé (absent) au "
"jaune (structurant) ; la valeur est écrite dans chaque case. Les noms des groupes sont dans "
"le tableau qui suit.", n=len(resume)))
croise = cl.cluster_crosstab(annee, typologie, by="decision")
texte(t_("{n_resume} groupes. Lien entre groupe et décision : V de Cramér = {fmt} (0 = aucun "
"lien, 1 = la décision suit exactement le groupe).", n_resume=len(resume), fmt=rp.fmt(croise.cramers_v)))
rp.readable(
    resume.assign(cluster=resume["cluster"] + 1)[["cluster", "size", "share", "mean_score", "name"]],
    headers={"cluster": t_("Groupe"), "size": t_("Projets"), "share": t_("Part"),
             "mean_score": t_("Note moyenne"), "name": t_("Nom suggéré")},
    percent=["share"],
)

# %%
titre("evolution", t_("8. Évolution par rapport aux années précédentes"))
if precedentes:
    tendance = pd.concat([rp.key_figures(dataset, year=y) for y in precedentes] + [chiffres])
    for ind, lab in (("applications", N_("candidatures")),
                     ("labelled_share", N_("part de projets labellisés")),
                     ("mean_consensus", N_("note moyenne de consensus"))):
        texte("- " + rp.trend_text(tendance, indicator=ind, label=lab))
    afficher(pl.trend_panels(tendance),
             t_("Trois courbes de {debut} à {year} : nombre de candidatures (axe à partir de 0), "
"part de projets labellisés (de 0 à 100 %) et note moyenne de consensus (sur toute l'échelle, "
"de 0 à 3). Les valeurs sont données dans la liste ci-dessus.", debut=min(precedentes), year=year))
    par_marqueur = tendance[(tendance["indicator"] == "mean_consensus") & (tendance["marker"] != "")]
    texte(t_("**Note moyenne de consensus par marqueur et par année**"))
    display(rp.readable(par_marqueur.pivot(index="marker", columns="year", values="value")
                        .rename_axis(index=t_("Marqueur"), columns=None)))
    # point values only: the intervals of each year are in that year's report
    accords = al.agreement_table(dataset.filter(year=precedentes + [year]), by=("year", "marker"),
                                 statistics=("alpha",), n_boot=20, seed=seed, progress=False)
    alphas = accords.pivot(index="marker", columns="year", values="value")
    medianes = alphas.median()
    texte("- " + rp.trend_text(pd.DataFrame({"year": medianes.index, "indicator": "alpha", "marker": "",
                                             "value": medianes.to_numpy()}),
                               indicator="alpha",
                               label=N_("alpha médian des 12 marqueurs")))
    texte(t_("**Accord (alpha de Krippendorff) par marqueur et par année**"))
    display(rp.readable(alphas.rename_axis(index=t_("Marqueur"), columns=None), digits=3))
else:
    texte(t_("Aucune année antérieure dans les données : pas de comparaison possible."))

# %%
titre("combien-de-membres", t_("9. Combien de membres faut-il ?"))
texte(t_("Une note moyenne est d'autant plus sûre qu'elle réunit plus de membres. La théorie "
"de la généralisabilité mesure d'où vient l'écart entre les notes individuelles (le projet, "
"le membre, le marqueur, leurs combinaisons), puis calcule combien de membres doivent noter "
"un projet pour que sa note soit fiable : 0,80 ou plus, sur une échelle de 0 à 1. "
"Eρ² sert à classer les projets entre eux ; Φ à les situer par rapport à un seuil fixe."))
etude_g = al.gstudy(annee)
besoins = al.min_raters(etude_g, n_boot=min(n_boot, 50), seed=seed, progress=False)
afficher(pl.variance_shares(etude_g.components),
         t_("Barres : part de l'écart entre les notes individuelles qui vient du projet, du membre, "
"du marqueur et de leurs combinaisons (étude G)."))
afficher(pl.dstudy_curves(marker_curves(etude_g, rater_id=range(1, 13))),
         t_("Courbes : fiabilité de la note d'un projet selon le nombre de membres qui le notent, de 1 "
"à 12, avec le seuil de 0,80 ; le tableau qui suit donne le nombre de membres nécessaire."))
texte(rp.members_needed_text(etude_g, besoins))
display(rp.members_needed_table(besoins))
texte(t_("**Méthode.** Composantes de variance estimées par REML sur le plan réel du comité "
"(chaque projet noté par une partie des membres), comme le fait lme4 dans R ; coefficients "
"de Brennan (2001) pour des membres et des marqueurs tirés au hasard. Nombre de membres par "
"marqueur : étude projet × membre de ce marqueur seul, intervalle bootstrap sur les projets."))

# %%
titre("methodes", t_("10. Méthodes et provenance"))
texte(t_("**Méthodes.** Accord : alpha de Krippendorff (données ordinales) sur les notes "
"individuelles, intervalle de confiance bootstrap à 95 % ({tirages} tirages, graine "
"{seed}). Consensus : note du comité. Typologies : mélange gaussien sur les profils "
"de consensus. Une note laissée vide (« non noté ») n'est jamais comptée comme 0. "
"**Reproduire ce rapport** : `amiris-lab report --year {year} --data <dossier> "
"--lang {lang_value} --n-boot {n_boot} --seed {seed}` sur des données de même "
"empreinte donne les mêmes chiffres clés.", tirages=rp.fmt(n_boot, digits=0), n_boot=n_boot, seed=seed, year=year,
lang_value=lang))
parametres = {"year": year, "data_dir": data_dir, "lang": lang, "n_boot": n_boot, "seed": seed,
              "alpha_min": alpha_min, "previous_years": previous_years}
origine = rp.provenance(dataset, parametres, template="rapport_annuel.ipynb")
rp.show_provenance(origine)
rp.provenance_table(origine)
