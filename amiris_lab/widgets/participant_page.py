"""What the participant page's last cell shows: the card, or a notice saying it failed.

Voila hides a cell's errors from the page (``show_tracebacks=False``), so a card that
could not be built would leave the participant in front of a page with nothing to
fill in. :class:`ParticipantPage` never raises: its :meth:`~ParticipantPage.show`
returns the participant app's widget (with the page's phone layout), or a plain HTML
notice, in the page's language, saying what happened and offering to try again with
the same address.
The notice is plain HTML, not a widget, so it shows even when widgets cannot render,
and a server can tell the two apart in the page it sends (``amiris-page-error``).

CSS hooks: ``amiris-page``, ``amiris-page-error``, ``amiris-page-retry``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..i18n import t_
from ..workshop.request import tell_server
from .participant import _Unavailable, participant_page

#: The phone layout: nothing wider than the screen, touch targets of 44 px at least.
PAGE_CSS = """<style>
.amiris-page { max-width: 100%; box-sizing: border-box; }
.amiris-page .widget-box, .amiris-page .widget-html, .amiris-page .widget-toggle-buttons {
  max-width: 100%; box-sizing: border-box; }
.amiris-page .widget-html, .amiris-page .widget-html-content { height: auto; line-height: 1.45; }
.amiris-page .widget-text, .amiris-page .widget-dropdown {
  flex-wrap: wrap; width: auto; align-self: stretch; height: auto; margin-bottom: 8px;
  box-sizing: border-box; }
.amiris-page .widget-text > label, .amiris-page .widget-dropdown > label {
  width: 100% !important; text-align: left; line-height: 1.6; }
.amiris-page .widget-text input, .amiris-page .widget-dropdown select {
  flex: 1 1 100%; width: 100%; min-height: 44px; font-size: 16px; box-sizing: border-box; }
.amiris-page button.jupyter-button { min-height: 44px; min-width: 44px; height: auto; }
.amiris-page .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.amiris-page a { display: inline-block; min-height: 44px; line-height: 44px;
  color: #0b57d0; text-decoration: underline; }
.amiris-page table { display: block; max-width: 100%; overflow-x: auto; }
</style>"""


def _tell_trainer(exc: BaseException) -> None:
    """One line on the server's terminal (never on the participant's page)."""
    tell_server("message", f"amiris-lab: participant page not built: {type(exc).__name__}: {exc}")


def failure_notice(message: str, *, query_string: str = "", lang: str | None = None):
    """A plain HTML notice (``IPython.display.HTML``) with a link that reloads the page.

    Examples
    --------
    >>> notice = failure_notice("Serveur occupé.", query_string="code=AB7K9Q")
    >>> "amiris-page-error" in notice.data, "href='?code=AB7K9Q'" in notice.data
    (True, True)
    """
    from IPython.display import HTML

    retry = t_("Réessayer", lang=lang)
    hint = t_(
        "Votre fiche n'a pas pu être préparée. Réessayez : si vous aviez déjà rejoint "
        "l'atelier, votre lien personnel vous ramène à votre fiche.",
        lang=lang,
    )
    href = "?" + html.escape(query_string, quote=True) if query_string else ""
    return HTML(
        "<div class='amiris-page-error' role='alert' style='border:2px solid #b00;"
        "padding:12px;border-radius:6px;max-width:100%;box-sizing:border-box'>"
        f"<p style='color:#b00;margin:0 0 8px'><b>{html.escape(message, quote=False)}</b></p>"
        f"<p style='margin:0 0 8px'>{html.escape(hint, quote=False)}</p>"
        f"<a class='amiris-page-retry' href='{href}' style='display:inline-block;"
        "min-height:44px;line-height:44px;padding:0 20px;background:#1565c0;color:#fff;"
        f"border-radius:4px;text-decoration:none'>{html.escape(retry, quote=False)}</a></div>"
    )


class ParticipantPage:
    """The participant page, built before its participant is known, shown with their address.

    A room joins at once; what costs the server is not the kernel but the widgets:
    each page holds about 190 widget models, each announced to Voila by a message
    that Voila's single process must read. Built in a preheated kernel (before any
    request), those messages are spread over the server's start-up; the request then
    only applies the address (:meth:`show`), a handful of messages.

    Parameters
    ----------
    store_path, name
        The workshop file and the workshop's name.
    poll_interval : float or None, default 3.0
        Seconds between checks of the rounds' state.
    lang : {'fr', 'en'}, optional

    Attributes
    ----------
    app : ParticipantApp or None
        None when the page could not be built (``error`` says why).
    error : str or None
    """

    def __init__(
        self,
        store_path: str,
        name: str,
        *,
        poll_interval: float | None = 3.0,
        lang: str | None = None,
    ):
        self.lang = lang
        self.app = None
        self.error = None
        try:
            app = participant_page(store_path, name, poll_interval=poll_interval, lang=lang)
        except Exception as exc:  # whatever happens, the participant will be told
            _tell_trainer(exc)
            self.error = self._server_failed()
            return
        if isinstance(app, _Unavailable):
            self.error = app.message
            return
        self.app = app
        self.widget = widgets.VBox([widgets.HTML(PAGE_CSS), app.widget])
        self.widget.add_class("amiris-page")

    def _server_failed(self) -> str:
        return t_("Le serveur de l'atelier n'a pas pu préparer votre fiche.", lang=self.lang)

    def show(self, query_string: str | None = None):
        """What the page displays: its widget given the address, or a failure notice.

        Returns
        -------
        ipywidgets.VBox or IPython.display.HTML
            The page (CSS hook ``amiris-page``), or a notice (``amiris-page-error``)
            with a link to reload the same address.
        """
        query_string = query_string or ""
        if self.app is not None:
            try:
                self.app.apply_query(query_string)
            except Exception as exc:
                _tell_trainer(exc)
                self.error = self._server_failed()
            else:
                return self.widget
        return failure_notice(self.error, query_string=query_string, lang=self.lang)


def participant_card_page(
    store_path: str,
    name: str,
    *,
    query_string: str | None = None,
    poll_interval: float | None = 3.0,
    lang: str | None = None,
):
    """The participant page's content at once: ``ParticipantPage(...).show(query_string)``.

    Examples
    --------
    >>> notice = participant_card_page("absent.sqlite", "demo", query_string="code=AB7K9Q")
    >>> "amiris-page-error" in notice.data and "Aucun fichier d'ateliers" in notice.data
    True
    """
    page = ParticipantPage(store_path, name, poll_interval=poll_interval, lang=lang)
    return page.show(query_string)
