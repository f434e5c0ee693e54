app_name = "dialog"
urlpatterns: list = []
