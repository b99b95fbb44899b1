"""Routes exercising every feature of boogie.router; mounted by tests/boogie/urls.py."""

import htpy as h
from django.http import HttpResponse, HttpResponseRedirect

from boogie.router import Router

from .models import Note

router = Router(models={"note": Note}, lookup_field={"note": "slug"})


def page(request, title, body):
    """A page component: called with the request and the dict a view returns."""
    return h.html[h.body[h.h1[title], h.p(class_="user")[str(request.user)], h.p[body]]]


@router.route("notes/<model:note>/", login=True, template="testapp/{name}.html")
def note_detail(request, note):
    return {"note": note}


@router.route("notes/<model:note>/edit/", perms=["testapp.edit_note:note"], methods=["GET", "POST"])
def edit_note(request, note):
    if request.method == "POST":
        note.title = request.POST["title"]
        note.save(update_fields=["title"])
        return HttpResponseRedirect(f"/notes/{note.slug}/")
    return h.form(method="post")[h.input(name="title", value=note.title)]


@router.route("by-id/<model:note>/", lookup_field={"note": "pk"})
def note_by_id(note):
    return h.h1[note.title]


@router.route("pages/<model:note>/", template=page)
def note_page(request, note):
    return {"title": note.title, "body": f"by {note.owner.display_name}"}


@router.route("hello/")
def hello():
    return "<p>hello</p>"


@router.route("create/", perms="testapp.add_note", methods="POST")
def create_note(request):
    note = Note.objects.create(slug=request.POST["slug"], title="New", owner=request.user)
    return HttpResponse(f"created {note.slug}", status=201)


@router.route("staff/", staff=True)
def staff_only():
    return "staff area"
