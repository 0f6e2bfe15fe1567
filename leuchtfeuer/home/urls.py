from django.urls import path

from leuchtfeuer.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("impressum/", views.page("core/impressum.html"), name="impressum"),
    path("datenschutz/", views.page("core/datenschutz.html"), name="datenschutz"),
    path("barrierefreiheit/", views.page("core/barrierefreiheit.html"), name="barrierefreiheit"),
]
