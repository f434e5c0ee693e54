"""The site's root: residents land on the public pages, staff on their dashboard."""

from django.shortcuts import redirect

from dialog.views import dashboard


def home(request):
    # The public start page lives in participation (which nothing imports): reached by URL name.
    if not request.user.is_authenticated:
        return redirect("public:start")
    return dashboard(request)
