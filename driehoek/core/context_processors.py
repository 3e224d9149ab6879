from django.conf import settings
from django.urls import NoReverseMatch, reverse


def site(request):
    menu = []
    for url_name, label, login_required in settings.MAIN_MENU:
        if login_required and not request.user.is_authenticated:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        menu.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {
        "BASE_URL": settings.BASE_URL,
        "main_menu": menu,
    }
