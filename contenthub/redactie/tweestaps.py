"""Two-factor authentication (TOTP) for everyone who uses the admin, as government baselines (BIO) expect.

Built on django-otp (its TOTP device and verification); ``wagtail-2fa`` does not run on Wagtail 8. When
``TWEESTAPSVERIFICATIE`` is on (always in production), an admin user without a confirmed device is sent
to enrol one (QR code for an authenticator app), and every new session must enter a code first.
"""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

VRIJE_PADEN = ("wagtailadmin_login", "wagtailadmin_logout", "tweestaps_instellen", "tweestaps_controleren")
AANTAL_HERSTELCODES = 10
HERSTELCODES_SESSIE = "tweestaps_nieuwe_herstelcodes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit uw authenticator-app (of een herstelcode)",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _vervolg(request) -> str:
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return volgende
    return reverse("wagtailadmin_home")


class TweestapsMiddleware:
    """After django-otp's OTPMiddleware: admin pages need a verified session when two-factor is required."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._moet_verifieren(request):
            doel = "tweestaps_controleren" if user_has_device(request.user, confirmed=True) else "tweestaps_instellen"
            return redirect(f"{reverse(doel)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _moet_verifieren(request) -> bool:
        if not getattr(settings, "TWEESTAPSVERIFICATIE", False):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.path.startswith(("/admin/", "/kcc/")):
            return False
        if user.is_verified():
            return False
        match = getattr(request, "resolver_match", None)
        from django.urls import Resolver404, resolve

        try:
            naam = (match or resolve(request.path_info)).url_name
        except Resolver404:
            return True
        return naam not in VRIJE_PADEN


def instellen(request):
    """Enrol: an unconfirmed TOTP device with a QR code; confirmed by the first correct code."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    if user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('tweestaps_controleren')}?next={_vervolg(request)}")
    apparaat, _ = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "Authenticator-app"})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apparaat.verify_token(form.cleaned_data["code"]):
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
            otp_login(request, apparaat)
            maak_herstelcodes(request)
            return redirect(f"{reverse('tweestaps_herstelcodes')}?next={_vervolg(request)}")
        form.add_error("code", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de volgende code.")
    qr = segno.make(apparaat.config_url, error="m").svg_inline(scale=4)
    return TemplateResponse(
        request,
        "redactie/tweestaps.html",
        {
            "form": form,
            "qr": qr,
            "geheim": apparaat.config_url.split("secret=")[1].split("&")[0],
            "instellen": True,
            "next": _vervolg(request),
            "page_title": "Tweestapsverificatie instellen",
        },
    )


def controleren(request):
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        apparaten = list(devices_for_user(request.user, confirmed=True))
        if apparaten and not any(a.verify_is_allowed()[0] for a in apparaten):
            # django-otp throttles after a wrong code (1 s, doubling per failure): guessing takes forever.
            form.add_error("code", "Te veel foute codes na elkaar; wacht even en probeer het dan opnieuw.")
        else:
            for apparaat in apparaten:
                if apparaat.verify_token(form.cleaned_data["code"]):
                    otp_login(request, apparaat)
                    return redirect(_vervolg(request))
            form.add_error("code", "Deze code klopt niet.")
    return TemplateResponse(
        request,
        "redactie/tweestaps.html",
        {"form": form, "instellen": False, "next": _vervolg(request), "page_title": "Tweestapsverificatie"},
    )


def maak_herstelcodes(request) -> list[str]:
    """One-time codes for a lost or broken phone, so an editor is not locked out until a beheerder steps in.

    New codes replace all earlier ones; they are shown once (through the session) and stored only as
    django-otp stores them. Each code works once, through the same throttled verification as the app code.
    """
    apparaat, _ = StaticDevice.objects.get_or_create(user=request.user, defaults={"name": "Herstelcodes", "confirmed": True})
    apparaat.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=apparaat, token=c) for c in codes)
    request.session[HERSTELCODES_SESSIE] = codes
    return codes


def herstelcodes(request):
    """Shows new recovery codes once; a verified user can make a fresh set (the old ones stop working)."""
    if not request.user.is_authenticated or not request.user.is_verified():
        return redirect("wagtailadmin_login")
    if request.method == "POST":
        maak_herstelcodes(request)
        return redirect(f"{reverse('tweestaps_herstelcodes')}?next={_vervolg(request)}")
    codes = request.session.pop(HERSTELCODES_SESSIE, None)
    apparaat = StaticDevice.objects.filter(user=request.user).first()
    return TemplateResponse(
        request,
        "redactie/herstelcodes.html",
        {
            "codes": codes,
            "over": apparaat.token_set.count() if apparaat else 0,
            "next": _vervolg(request),
            "page_title": "Herstelcodes voor tweestapsverificatie",
        },
    )
