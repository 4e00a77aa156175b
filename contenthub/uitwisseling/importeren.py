"""Import: validated shapes → content in the hub, in one transaction, idempotent by uuid.

All-or-nothing: every file is validated first (shapes, references, duplicate uuids); writing happens in
one transaction that a failing item rolls back. An item whose record would not change is left alone
entirely (no revision, no publish, no log entry), so re-importing a source never causes channel traffic.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from contenthub.content.models import (
    GemeentelijkeAanvulling,
    Kennisartikel,
    PersoonlijkSjabloon,
    SectieAanpassing,
    VraagAntwoord,
)
from contenthub.content.secties import SECTIES
from contenthub.core.models import Gemeente
from contenthub.core.zoekindex import zoekindex_in_bulk
from contenthub.uitwisseling import omzetten
from contenthub.uitwisseling.lezen import Gelezen, ImportFout, Probleem, Record, lees_corpus
from contenthub.uitwisseling.vormen import SECTIE_SLEUTELS, EigenTrefwoord, ExtraSectie, KennisartikelVorm, OverlayVorm


class Voortgang:
    """Progress on one line on a terminal (with an ETA), a line per 10 % elsewhere (CI logs)."""

    def __init__(self, schrijf: Callable[[str], None] | None, label: str, totaal: int, interactief: bool):
        self.schrijf, self.label, self.totaal, self.interactief = schrijf, label, totaal, interactief
        self.gedaan = 0
        self._laatste_tiende = -1
        self._begin = time.monotonic()

    def _eta(self) -> str:
        verstreken = time.monotonic() - self._begin
        if self.gedaan >= self.totaal:
            return f"{verstreken:.1f} s"
        rest = verstreken / self.gedaan * (self.totaal - self.gedaan)
        return f"nog ~{rest:.0f} s"

    def stap(self) -> None:
        self.gedaan += 1
        if not self.schrijf or not self.totaal:
            return
        if self.interactief:
            breedte = 30
            gevuld = int(breedte * self.gedaan / self.totaal)
            eind = "\n" if self.gedaan == self.totaal else ""
            balk = f"[{'#' * gevuld}{'.' * (breedte - gevuld)}]"
            self.schrijf(f"\r  {self.label:<28} {balk} {self.gedaan}/{self.totaal} {self._eta():<14}{eind}")
        else:
            tiende = self.gedaan * 10 // self.totaal
            if tiende > self._laatste_tiende:
                self._laatste_tiende = tiende
                self.schrijf(f"  {self.label}: {self.gedaan}/{self.totaal} ({self._eta()})\n")


@dataclass
class ImportResultaat:
    telling: Counter = field(default_factory=Counter)
    waarschuwingen: list[str] = field(default_factory=list)
    html_omgezet: int = 0

    def tel(self, soort: str, uitkomst: str) -> None:
        self.telling[(soort, uitkomst)] += 1

    def samenvatting(self) -> str:
        soorten = sorted({s for s, _ in self.telling})
        regels = []
        for soort in soorten:
            delen = [
                f"{self.telling[(soort, u)]} {u}"
                for u in ("nieuw", "gewijzigd", "gepubliceerd", "ongewijzigd", "overgeslagen")
                if self.telling[(soort, u)]
            ]
            regels.append(f"  {soort}: {', '.join(delen)}")
        if self.html_omgezet:
            regels.append(f"  HTML omgezet naar Markdown: {self.html_omgezet} tekst(en)")
        regels += [f"  let op: {w}" for w in self.waarschuwingen]
        return "\n".join(regels)


@contextmanager
def _als_een_geheel() -> Iterator[None]:
    """Write a part of the import without nested savepoints and without full garbage collections over the read corpus.

    Wagtail opens a nested ``atomic()`` several times per saved item. Each becomes a PostgreSQL subtransaction;
    thousands of them in one transaction make every later statement slower, so import time per item grew with
    the size of the load. The import is all-or-nothing: an error in any nested block rolls back the whole part
    (Django marks it for rollback without a savepoint), so those savepoints bought nothing. The outer block
    still has its own savepoint, so an import inside a caller's transaction rolls back only itself.

    The read corpus is large and lives until the end; freezing it keeps the collector from walking it again
    after every few thousand new objects, which otherwise costs more per item the larger the load is.
    """
    features = connection.features
    vorige = features.__dict__.get("uses_savepoints")
    features.uses_savepoints = False
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if vorige is None:
            del features.uses_savepoints
        else:
            features.uses_savepoints = vorige


class _ItemFout(Exception):
    """One item failed model validation; the transaction is rolled back and these are reported."""

    def __init__(self, problemen: list[Probleem]):
        self.problemen = problemen


# --- references (need the database) -------------------------------------------------------------------


def controleer_verwijzingen(g: Gelezen) -> list[Probleem]:
    """References between files and to content already in the hub; duplicate uuids across files."""
    problemen: list[Probleem] = []
    gezien: dict[UUID, str] = {}
    for record in [*g.kennisartikelen, *g.lokale_kennisartikelen, *g.overlays, *g.vacs, *g.sjablonen]:
        uuid = record.vorm.uuid
        if uuid in gezien:
            problemen.append(Probleem(record.bestand, f"{record.pad}.uuid", f"uuid {uuid} komt al voor in {gezien[uuid]}"))
        gezien[uuid] = record.plek

    kennis = {r.vorm.uuid for r in g.kennisartikelen} | set(Kennisartikel.objects.values_list("uuid", flat=True))
    slugs = {v.slug for _, v in g.gemeenten} | set(Gemeente.objects.values_list("slug", flat=True))
    per_gemeente: dict[tuple[str, UUID], str] = {}
    for r in g.overlays:
        v = r.vorm
        if r.gemeente not in slugs:
            problemen.append(Probleem(r.bestand, "$", f"gemeente '{r.gemeente}' bestaat niet en er is geen gemeente.json"))
        if v.generiekUuid is not None:
            if v.generiekUuid not in kennis:
                problemen.append(Probleem(r.bestand, f"{r.pad}.generiekUuid", f"onbekend kennisartikel {v.generiekUuid}"))
            sleutel = (r.gemeente, v.generiekUuid)
            if sleutel in per_gemeente:
                problemen.append(
                    Probleem(
                        r.bestand,
                        f"{r.pad}.generiekUuid",
                        f"deze gemeente vult dit kennisartikel al aan in {per_gemeente[sleutel]}",
                    )
                )
            per_gemeente[sleutel] = r.pad
        elif not v.titel:
            problemen.append(
                Probleem(r.bestand, f"{r.pad}.titel", "een lokaal product (generiekUuid null) heeft een titel nodig")
            )
    for r in g.lokale_kennisartikelen:
        if r.gemeente not in slugs:
            problemen.append(Probleem(r.bestand, "$", f"gemeente '{r.gemeente}' (--gemeente) bestaat niet"))

    vac_gemeente = {r.vorm.uuid: r.vorm.gemeente for r in g.vacs}
    vac_gemeente.update(
        {u: s for u, s in VraagAntwoord.objects.exclude(uuid__in=list(vac_gemeente)).values_list("uuid", "gemeente__slug")}
    )
    for r in g.vacs:
        v = r.vorm
        if v.gemeente is not None and v.gemeente not in slugs:
            problemen.append(Probleem(r.bestand, f"{r.pad}.gemeente", f"onbekende gemeente '{v.gemeente}'"))
        if v.vervangt is not None:
            if v.vervangt not in vac_gemeente:
                problemen.append(Probleem(r.bestand, f"{r.pad}.vervangt", f"onbekende VAC {v.vervangt}"))
            elif v.gemeente is None or vac_gemeente[v.vervangt] is not None:
                problemen.append(
                    Probleem(r.bestand, f"{r.pad}.vervangt", "alleen een gemeentelijke VAC kan een generieke VAC vervangen")
                )
    return problemen


def _als_overlay(record: Record, generiek_per_uri: dict[str, UUID]) -> Record:
    """A gemeente's own kennisartikel (import --gemeente) as the hub stores it: an aanvulling that replaces
    every section it fills when the product exists generiek (same upnUri), else a local product."""
    v: KennisartikelVorm = record.vorm
    nl = v.nl
    generiek = generiek_per_uri.get(v.upnUri)
    secties = [
        ExtraSectie(sectie=sleutel, modus="vervangen", tekst=getattr(nl, sleutel))
        for sleutel in SECTIE_SLEUTELS
        if getattr(nl, sleutel).strip()
    ]
    overlay = OverlayVorm(
        uuid=v.uuid,
        upnUri=v.upnUri,
        upnLabel="" if generiek else v.upnLabel,
        doelgroep=None if generiek else v.doelgroep,
        generiekUuid=generiek,
        titel=nl.titel,
        secties=secties,
        deskMemo=nl.deskMemo,
        trefwoorden=[EigenTrefwoord(trefwoord=t.trefwoord) for t in nl.trefwoorden],
        levensgebeurtenissen=v.levensgebeurtenissen,
        datumWijziging=nl.datumWijziging.date(),
        eigenaar=v.eigenaar,
        herzieningsdatum=v.herzieningsdatum,
        gepubliceerd=v.gepubliceerd,
    )
    # Errors name the field of the source record, not of the overlay it became.
    i = v.nl_index
    paden = {f"secties[{j}].tekst": f"vertalingen[{i}].{s.sectie}" for j, s in enumerate(secties)}
    paden.update(titel=f"vertalingen[{i}].titel", deskMemo=f"vertalingen[{i}].deskMemo")
    return Record(record.bestand, record.pad, overlay, record.ruw, gemeente=record.gemeente, paden=paden)


# Model field -> JSON path inside one item, for error messages.
VELD_PADEN: dict[type, dict[str, str]] = {
    Kennisartikel: {
        "upn_uri": "upnUri",
        "upn_label": "upnLabel",
        "titel": "vertalingen[0].titel",
        "desk_memo": "vertalingen[0].deskMemo",
        **{s.veld: f"vertalingen[0].{s.json}" for s in SECTIES},
    },
    GemeentelijkeAanvulling: {
        "upn_uri": "upnUri",
        "titel": "titel",
        "aangewezen_kanaal": "aangewezenKanaal",
        "desk_memo": "deskMemo",
    },
    VraagAntwoord: {
        "kort_antwoord": "kortAntwoord",
        "alternatieve_vragen": "alternatieveVragen",
        "gerelateerde_vacs": "gerelateerdeVACs",
    },
    PersoonlijkSjabloon: {"vereist_betrouwbaarheidsniveau": "vereistBetrouwbaarheidsniveau", "voorbeelddata": "voorbeeldData"},
    Gemeente: {
        "telefoon": "contact.telefoon",
        "email": "contact.email",
        "adres": "contact.adres",
        "openingstijden": "contact.openingstijden",
        "owms_identifier": "owmsIdentifier",
    },
}


class Importeur:
    def __init__(
        self,
        *,
        publiceren: bool = True,
        alleen_nieuw: bool = False,
        gemeente: str | None = None,
        per_gemeente: bool = False,
        schrijf: Callable[[str], None] | None = None,
        interactief: bool = False,
    ):
        self.publiceren = publiceren
        self.alleen_nieuw = alleen_nieuw
        self.gemeente = gemeente
        self.per_gemeente = per_gemeente
        self._alle_vacs: set = set()
        self.schrijf = schrijf
        self.interactief = interactief
        self.resultaat = ImportResultaat()

    def importeer(self, pad: Path) -> ImportResultaat:
        gelezen = lees_corpus(Path(pad), gemeente=self.gemeente)
        if self.gemeente and not (
            Gemeente.objects.filter(slug=self.gemeente).exists() or any(v.slug == self.gemeente for _, v in gelezen.gemeenten)
        ):
            raise ImportFout([Probleem("--gemeente", self.gemeente, "deze gemeente bestaat niet in de hub en niet in de import")])
        problemen = controleer_verwijzingen(gelezen)
        if problemen:
            raise ImportFout(problemen)
        self.resultaat.waarschuwingen += gelezen.waarschuwingen
        self.resultaat.html_omgezet = gelezen.html_omgezet
        self._alle_vacs = {r.vorm.uuid for r in gelezen.vacs}
        delen = self._per_gemeente(gelezen) if self.per_gemeente else [("", gelezen)]
        klaar: list[str] = []
        for naam, deel in delen:
            try:
                # Per-save indexing would cost more per item as the database grows; index in bulk after the write.
                with zoekindex_in_bulk(), transaction.atomic(), _als_een_geheel():
                    self._schrijf_alles(deel)
            except _ItemFout as exc:
                if klaar:
                    exc.problemen.append(
                        Probleem(
                            "--per-gemeente",
                            "",
                            f"al opgeslagen: {', '.join(klaar)}. Herstel de fout en start dezelfde opdracht opnieuw; "
                            "wat al is opgeslagen blijft dan ongewijzigd.",
                        )
                    )
                raise ImportFout(exc.problemen) from exc.__cause__
            if naam:
                klaar.append(naam)
        return self.resultaat

    @staticmethod
    def _per_gemeente(g: Gelezen) -> list[tuple[str, Gelezen]]:
        """The national part first (gemeenten, generiek articles and VACs, sjablonen), then one part per gemeente.

        Each part is its own transaction: a national load stays fast because no transaction grows without end,
        and a failing gemeente writes nothing of itself while the parts before it stay."""
        landelijk = Gelezen(
            gemeenten=g.gemeenten,
            kennisartikelen=g.kennisartikelen,
            vacs=[r for r in g.vacs if r.vorm.gemeente is None],
            sjablonen=g.sjablonen,
        )
        delen = [("landelijke inhoud", landelijk)]
        slugs = sorted(
            {r.gemeente for r in g.overlays}
            | {r.gemeente for r in g.lokale_kennisartikelen}
            | {r.vorm.gemeente for r in g.vacs if r.vorm.gemeente}
        )
        for slug in slugs:
            deel = Gelezen(
                overlays=[r for r in g.overlays if r.gemeente == slug],
                lokale_kennisartikelen=[r for r in g.lokale_kennisartikelen if r.gemeente == slug],
                vacs=[r for r in g.vacs if r.vorm.gemeente == slug],
            )
            delen.append((slug, deel))
        return delen

    def _voortgang(self, label: str, totaal: int) -> Voortgang:
        return Voortgang(self.schrijf, label, totaal, self.interactief)

    def _schrijf_alles(self, g: Gelezen) -> None:
        gemeenten = {}
        voortgang = self._voortgang("Gemeenten", len(g.gemeenten))
        for bestand, vorm in g.gemeenten:
            gemeenten[vorm.slug] = self._gemeente(bestand, vorm)
            voortgang.stap()
        gemeenten.update({gm.slug: gm for gm in Gemeente.objects.exclude(slug__in=list(gemeenten))})

        voortgang = self._voortgang("Kennisartikelen", len(g.kennisartikelen))
        for r in g.kennisartikelen:
            self._item(
                r, Kennisartikel, omzetten.kennisartikel_naar_json, lambda obj, r: omzetten.vul_kennisartikel(obj, r.vorm, r.ruw)
            )
            voortgang.stap()

        overlays = list(g.overlays)
        if g.lokale_kennisartikelen:
            generiek_per_uri = dict(Kennisartikel.objects.values_list("upn_uri", "uuid"))
            overlays += [_als_overlay(r, generiek_per_uri) for r in g.lokale_kennisartikelen]
        generiek_uri = {str(u): uri for uri, u in Kennisartikel.objects.values_list("upn_uri", "uuid")}
        voortgang = self._voortgang("Gemeentelijke aanvullingen", len(overlays))
        for r in overlays:
            uri = generiek_uri.get(str(r.vorm.generiekUuid)) if r.vorm.generiekUuid else None
            self._item(
                r,
                GemeentelijkeAanvulling,
                lambda obj, uri=uri: omzetten.aanvulling_naar_json(obj, uri),
                lambda obj, r, uri=uri: omzetten.vul_aanvulling(obj, r.vorm, gemeenten[r.gemeente], uri),
            )
            voortgang.stap()

        bekende_vacs = self._alle_vacs | {r.vorm.uuid for r in g.vacs} | set(VraagAntwoord.objects.values_list("uuid", flat=True))
        # Generiek VACs first, so a gemeente VAC can point at the one it replaces.
        vacs = sorted(g.vacs, key=lambda r: r.vorm.gemeente is not None)
        voortgang = self._voortgang("Vraag-antwoordcombinaties", len(vacs))
        for r in vacs:
            self._item(
                r,
                VraagAntwoord,
                omzetten.vac_naar_json,
                lambda obj, r: omzetten.vul_vac(obj, r.vorm, r.ruw, gemeenten, bekende_vacs),
            )
            voortgang.stap()

        voortgang = self._voortgang("Persoonlijke sjablonen", len(g.sjablonen))
        for r in g.sjablonen:
            self._item(r, PersoonlijkSjabloon, omzetten.sjabloon_naar_json, lambda obj, r: omzetten.vul_sjabloon(obj, r.vorm))
            voortgang.stap()

    def _gemeente(self, bestand: str, vorm) -> Gemeente:
        gemeente = Gemeente.objects.filter(slug=vorm.slug).first() or Gemeente(slug=vorm.slug)
        if not gemeente._state.adding and (self.alleen_nieuw or self._gelijk_gemeente(gemeente, vorm)):
            self.resultaat.tel("gemeenten", "ongewijzigd")
            return gemeente
        nieuw = gemeente._state.adding
        omzetten.vul_gemeente(gemeente, vorm)
        self._valideer(gemeente, bestand, "$", VELD_PADEN[Gemeente])
        gemeente.save()
        self.resultaat.tel("gemeenten", "nieuw" if nieuw else "gewijzigd")
        return gemeente

    @staticmethod
    def _gelijk_gemeente(gemeente: Gemeente, vorm) -> bool:
        kandidaat = Gemeente(slug=vorm.slug)
        omzetten.vul_gemeente(kandidaat, vorm)
        return omzetten.gemeente_naar_json(gemeente) == omzetten.gemeente_naar_json(kandidaat)

    ANALYSEER_ELKE = 1000

    def _statistieken_bijwerken(self) -> None:
        """A national load is one transaction; PostgreSQL's statistics still say the tables are (nearly) empty, so
        its plans turn into scans that grow with every item. ANALYZE inside the transaction sees the new rows."""
        self._geschreven = getattr(self, "_geschreven", 0) + 1
        if self._geschreven % self.ANALYSEER_ELKE or connection.vendor != "postgresql":
            return
        tabellen = [
            m._meta.db_table
            for m in (Kennisartikel, GemeentelijkeAanvulling, SectieAanpassing, VraagAntwoord, PersoonlijkSjabloon, Gemeente)
        ] + ["wagtailcore_revision", "wagtailcore_modellogentry", "wagtailcore_referenceindex"]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tabellen))

    def _item(self, r: Record, model, naar_json, vul) -> None:
        self._statistieken_bijwerken()
        soort = str(model._meta.verbose_name_plural)
        bestaand = model.objects.filter(pk=r.vorm.uuid).first()
        if bestaand is not None and self.alleen_nieuw:
            self.resultaat.tel(soort, "ongewijzigd")
            return
        if bestaand is not None and bestaand.workflow_in_progress:
            # Publishing would cancel a colleague's review; the import never decides that.
            self.resultaat.tel(soort, "overgeslagen")
            self.resultaat.waarschuwingen.append(f"{r.plek}: '{bestaand}' is in review en is niet bijgewerkt.")
            return
        # An item exported as not live (withdrawn, or a draft never reviewed) stays a concept here too.
        publiceren = self.publiceren and getattr(r.vorm, "gepubliceerd", True)
        if bestaand is not None:
            # Publishing compares with what channels see now; a concept import with the latest draft.
            huidig = bestaand if publiceren and bestaand.live else bestaand.get_latest_revision_as_object()
            kandidaat = model(uuid=r.vorm.uuid)
            for attr in ("first_published_at", "last_published_at", "aangemaakt_op"):
                setattr(kandidaat, attr, getattr(huidig, attr))
            vul(kandidaat, r)
            if naar_json(huidig) == naar_json(kandidaat):
                nooit_gepubliceerd = not bestaand.live and bestaand.last_published_at is None
                if publiceren and nooit_gepubliceerd and bestaand.latest_revision_id:
                    # A concept import followed by a publishing one: publish what is there, nothing new.
                    bestaand.latest_revision.publish(skip_permission_checks=True)
                    self.resultaat.tel(soort, "gepubliceerd")
                else:
                    # Unchanged, including withdrawn or expired items: they stay as they are.
                    self.resultaat.tel(soort, "ongewijzigd")
                return
            obj = bestaand.get_latest_revision_as_object()
        else:
            obj = model(uuid=r.vorm.uuid)
            obj.live = False
        vul(obj, r)
        # Children first: their errors can name the exact overlay key.
        if isinstance(obj, GemeentelijkeAanvulling):
            for kind in [*obj.secties.all(), *obj.locaties.all()]:
                kindpad = getattr(obj, "_json_paden", {}).get(id(kind), "")
                kindpad = r.paden.get(kindpad, kindpad)
                if isinstance(kind, SectieAanpassing):  # the overlay key is the text itself
                    self._valideer(kind, r.bestand, r.pad, {"tekst": kindpad}, uitsluiten=["aanvulling"])
                else:
                    self._valideer(kind, r.bestand, f"{r.pad}.{kindpad}", {}, uitsluiten=["aanvulling"])
        obj._verwijzingen_gecontroleerd = True  # references were checked against the whole import
        self._valideer(obj, r.bestand, r.pad, self._veld_paden(model, r))
        if bestaand is None:
            obj.save()
        revisie = obj.save_revision(log_action=True, clean=False)
        if publiceren:
            # Wagtail's 'published' signal sets the first 'generiek gewijzigd' baseline (redactie.signals).
            revisie.publish(skip_permission_checks=True)
        self.resultaat.tel(soort, "gewijzigd" if bestaand is not None else "nieuw")

    @staticmethod
    def _veld_paden(model, r: Record) -> dict[str, str]:
        paden = {veld: r.paden.get(pad, pad) for veld, pad in VELD_PADEN.get(model, {}).items()}
        if isinstance(r.vorm, KennisartikelVorm):
            i = r.vorm.nl_index
            paden = {veld: pad.replace("vertalingen[0]", f"vertalingen[{i}]") for veld, pad in paden.items()}
        return paden

    def _valideer(self, obj, bestand: str, pad: str, velden: dict[str, str], uitsluiten=None) -> None:
        try:
            obj.full_clean(exclude=uitsluiten)
        except ValidationError as exc:
            problemen = []
            for veld, meldingen in exc.message_dict.items():
                sub = velden.get(veld, veld) if veld != "__all__" else ""
                problemen.append(Probleem(bestand, pad + (f".{sub}" if sub else ""), "; ".join(meldingen)))
            raise _ItemFout(problemen) from exc
